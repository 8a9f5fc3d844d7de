-- Revert wellflow:api_production from pg
begin;
drop view api.production_monthly_organizations;
drop view api.production_monthly_fields;
drop view api.production_monthly_leases;
drop view api.production_monthly_wells;
drop view api.well_tests;
drop view api.production;
commit;
