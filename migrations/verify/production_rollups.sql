-- Verify wellflow:production_rollups on pg
select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days
  from app.production_monthly_wells where false;
select organization_id, lease_id, month from app.production_monthly_leases where false;
select organization_id, field_id, month from app.production_monthly_fields where false;
select organization_id, month from app.production_monthly_organizations where false;
select 1 / (count(*) = 3)::int from pg_trigger where tgname like 'production_rollups_%';
