-- Verify wellflow:production_check_wells_by_key on pg
-- Raises unless the check groups the statement's rows by well before looking wells up.
select 1 / (position('min(production_date)' in prosrc) > 0)::integer
  from pg_proc where oid = 'app.production_check_wells()'::regprocedure;
