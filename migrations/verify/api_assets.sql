-- Verify wellflow:api_assets on pg
select organization_id, id, well_number, well_number_formatted, lease_id, field_id from api.wells where false;
select organization_id, id, lease_number, field_id from api.leases where false;
select organization_id, id, name, roles from api.companies where false;
select organization_id, id, name from api.fields where false;
select state_code, county_code, name from api.well_number_counties where false;
