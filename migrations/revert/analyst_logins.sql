-- Revert wellflow:analyst_logins from pg
-- No API or DBA path to analyst logins; logins created meanwhile stay (roles are cluster-wide) and,
-- with their mapping gone, read nothing. wellflow_analyst_admin stays too: other databases on the
-- cluster may use it.
begin;
set local role wellflow_api;
drop view api.analyst_logins;
set local role wellflow_owner;
drop function api.create_analyst_login(text, integer);
drop function api.revoke_analyst_login(text);
reset role;
drop function auth.create_analyst_login(uuid, text, integer, uuid);
drop function auth.revoke_analyst_login(uuid, text);
drop function auth.analyst_logins();
drop function auth.analyst_role_name(uuid, text);
set local role wellflow_owner;
drop policy organizations_analyst_admin_read on app.organizations;
revoke select (id, slug) on app.organizations from wellflow_analyst_admin;
drop policy analyst_organizations_managed on auth.analyst_organizations;
revoke all on auth.analyst_organizations from wellflow_analyst_admin;
alter table auth.analyst_organizations drop column created_at, drop column created_by;
reset role;
revoke usage on schema auth from wellflow_api;
revoke all on schema auth from wellflow_analyst_admin;
revoke execute on all functions in schema app from wellflow_analyst_admin;
revoke usage on schema app from wellflow_analyst_admin;
revoke execute on all functions in schema public from wellflow_analyst_admin;
revoke usage on schema public from wellflow_analyst_admin;
alter role wellflow_analyst reset idle_in_transaction_session_timeout;
commit;
