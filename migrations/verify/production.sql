-- Verify wellflow:production on pg
select organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on, choke_64ths,
       tubing_pressure_psi, casing_pressure_psi, downtime_reason
  from app.production where false;
select 1 / count(*) from pg_class where oid = 'app.production'::regclass and relrowsecurity and relforcerowsecurity;
