-- Revert wellflow:api_core from pg
begin;
drop function api.me();
drop view api.memberships;
drop view api.users;
drop view api.organizations;
commit;
