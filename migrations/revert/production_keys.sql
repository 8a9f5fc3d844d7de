-- Revert wellflow:production_keys from pg
begin;
drop trigger production_keys_fixed on app.production;
drop function app.production_keys_fixed();
commit;
