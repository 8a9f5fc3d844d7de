-- Revert wellflow:ref_well_numbers from pg
begin;
drop table ref.well_number_counties;
drop table ref.well_number_states;
commit;
