-- Revert wellflow:well_tests from pg
begin;
drop table app.well_tests;
drop type app.well_test_type;
commit;
