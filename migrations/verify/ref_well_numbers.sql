-- Verify wellflow:ref_well_numbers on pg
select 1 / (count(*) = 55)::int from ref.well_number_states;
select 1 / count(*) from ref.well_number_counties where state_code = '42' and county_code = '501';
select 1 / count(*) from ref.well_number_states where state_code in ('08', '55', '56', '60', '61') having count(*) = 5;
