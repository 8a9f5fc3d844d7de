-- Revert wellflow:well_tests from pg
begin;
drop table app.well_tests;
drop type app.well_test_type;
drop function app.water_cut(numeric, numeric);
drop function app.gas_oil_ratio(numeric, numeric);
commit;
