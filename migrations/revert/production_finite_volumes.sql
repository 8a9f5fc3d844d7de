-- Revert wellflow:production_finite_volumes from pg
begin;
set local role wellflow_owner;

alter table app.production drop constraint production_oil_bbl_check;
alter table app.production add constraint production_oil_bbl_check check (oil_bbl >= 0 and oil_bbl = round(oil_bbl, 3));
alter table app.production drop constraint production_gas_mcf_check;
alter table app.production add constraint production_gas_mcf_check check (gas_mcf >= 0 and gas_mcf = round(gas_mcf, 3));
alter table app.production drop constraint production_water_bbl_check;
alter table app.production add constraint production_water_bbl_check check (water_bbl >= 0 and water_bbl = round(water_bbl, 3));
alter table app.well_tests drop constraint well_tests_oil_bbl_check;
alter table app.well_tests add constraint well_tests_oil_bbl_check check (oil_bbl >= 0 and oil_bbl = round(oil_bbl, 3));
alter table app.well_tests drop constraint well_tests_gas_mcf_check;
alter table app.well_tests add constraint well_tests_gas_mcf_check check (gas_mcf >= 0 and gas_mcf = round(gas_mcf, 3));
alter table app.well_tests drop constraint well_tests_water_bbl_check;
alter table app.well_tests add constraint well_tests_water_bbl_check check (water_bbl >= 0 and water_bbl = round(water_bbl, 3));

commit;
