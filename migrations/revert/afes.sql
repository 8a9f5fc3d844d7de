-- Revert wellflow:afes from pg
begin;
drop table app.afes;
drop function app.afes_guard();
drop function app.afe_workflow_active();
drop type app.afe_status;
drop type app.afe_type;
commit;
