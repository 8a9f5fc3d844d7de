-- Verify wellflow:wells_spatial on pg
-- Raises unless wells have their derived location and api.wells_near exists.
select surface_location from app.wells where false;
select boundary from app.leases where false;
select 'api.wells_near(numeric, numeric, numeric)'::regprocedure, 'api.set_lease_boundary(uuid, jsonb)'::regprocedure;
