-- Verify wellflow:allocated_rollups on pg
-- Raises unless the rollups and their views carry the allocated volumes.
select allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl from app.production_monthly_wells where false;
select allocated_oil_bbl from app.production_monthly_organizations where false;
select allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl from api.production_monthly_leases where false;
select 'app.allocations_maintain_rollups()'::regprocedure;
