-- Verify wellflow:production_finite_volumes on pg
select 1 / (count(*) = 6)::integer from pg_constraint
 where conrelid in ('app.production'::regclass, 'app.well_tests'::regclass)
   and conname ~ '_(oil_bbl|gas_mcf|water_bbl)_check$' and pg_get_constraintdef(oid) like '%Infinity%';
