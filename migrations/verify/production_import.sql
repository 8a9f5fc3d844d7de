-- Verify wellflow:production_import on pg
select 1 / (app.parse_date('2024-02-29') = date '2024-02-29' and app.parse_date('2023-02-29') is null)::int;
select 1 / (app.csv_fields('a,"b,c",') = array['a', 'b,c', ''])::int;
select 1 / count(*) from pg_proc where oid = 'api.import_production(jsonb, text, app.import_mode)'::regprocedure;
