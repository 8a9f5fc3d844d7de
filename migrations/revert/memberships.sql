-- Revert wellflow:memberships from pg
begin;
drop policy users_self_update on app.users;
drop policy users_same_organization_read on app.users;
drop table app.memberships;
drop function app.memberships_guard_owners();
drop type app.membership_status;
drop type app.org_role;
commit;
