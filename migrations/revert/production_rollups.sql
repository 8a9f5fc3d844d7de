-- Revert wellflow:production_rollups from pg
begin;
drop trigger wells_move_production_rollups on app.wells;
drop function app.wells_move_production_rollups();
drop trigger production_rollups_insert on app.production;
drop trigger production_rollups_update on app.production;
drop trigger production_rollups_delete on app.production;
drop function app.production_maintain_rollups();
drop function app.production_rollups_prune();
drop function app.production_rollups_sql(text);
drop function app.production_rollup_add_sql(text, text, text);
drop table app.production_monthly_organizations;
drop table app.production_monthly_fields;
drop table app.production_monthly_leases;
drop table app.production_monthly_wells;
commit;
