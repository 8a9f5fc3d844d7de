-- Verify wellflow:production_import_fast_path on pg
select 1 / count(*) from pg_proc
 where oid = 'api.import_production(jsonb, text, app.import_mode)'::regprocedure
   and prosrc like '%app.production_import_rows(organization%';
select 1 / count(*) from pg_proc
 where oid = 'app.parse_numeric(text)'::regprocedure and prosrc like '%translate(value%';
select 'app.production_import_rows(uuid, jsonb, text, integer, integer[])'::regprocedure;
