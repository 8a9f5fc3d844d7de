-- Verify wellflow:production_keys on pg
select 1 / count(*) from pg_trigger where tgname = 'production_keys_fixed' and tgrelid = 'app.production'::regclass;
