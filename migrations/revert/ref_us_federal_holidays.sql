-- Revert wellflow:ref_us_federal_holidays from pg
begin;
drop table ref.us_federal_holidays;
commit;
