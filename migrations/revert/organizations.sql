-- Revert wellflow:organizations from pg
begin;
drop table app.organizations;
drop type app.organization_status;
commit;
