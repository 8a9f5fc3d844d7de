-- Revert wellflow:api_assets from pg
begin;
drop view api.wells;
drop view api.leases;
drop view api.companies;
drop view api.fields;
drop view api.well_number_counties;
drop view api.well_number_states;
commit;
