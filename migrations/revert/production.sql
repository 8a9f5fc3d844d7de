-- Revert wellflow:production from pg
begin;
drop table app.production cascade;
drop function app.ensure_production_partitions(date, date);
drop function app.production_check_wells();
commit;
