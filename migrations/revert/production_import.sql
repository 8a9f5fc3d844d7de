-- Revert wellflow:production_import from pg
begin;
drop function api.import_production(jsonb, text, app.import_mode);
drop type app.import_mode;
drop function app.csv_fields(text);
drop function app.parse_numeric(text);
drop function app.parse_date(text);
commit;
