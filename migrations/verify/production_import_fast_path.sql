-- Verify wellflow:production_import_fast_path on pg
select 1 / count(*) from pg_proc
 where oid = 'api.import_production(jsonb, text, app.import_mode)'::regprocedure
   and prosrc like '%rejected_count = 0%';
select 1 / count(*) from pg_proc
 where oid = 'app.parse_numeric(text)'::regprocedure and prosrc like '%translate(value%';
