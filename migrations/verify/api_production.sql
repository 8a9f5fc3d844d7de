-- Verify wellflow:api_production on pg
select organization_id, well_id, production_date, oil_bbl from api.production where false;
select organization_id, id, well_id, gas_oil_ratio from api.well_tests where false;
select organization_id, well_id, month, gas_oil_ratio, water_cut from api.production_monthly_wells where false;
select organization_id, lease_id, month from api.production_monthly_leases where false;
select organization_id, field_id, month from api.production_monthly_fields where false;
select organization_id, month from api.production_monthly_organizations where false;
