-- Verify wellflow:ref_us_federal_holidays on pg
select 1 / count(*) from ref.us_federal_holidays where holiday = '2024-01-15';
