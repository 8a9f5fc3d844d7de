-- Revert wellflow:role_rules from pg
begin;
drop trigger memberships_require_admin on app.memberships;
drop function app.require_org_role();
commit;
