-- Revert wellflow:analyst_logins from pg
-- No API or DBA path to analyst logins, and the mapping binds by name again. Logins created
-- meanwhile keep their row and so keep reading their organization; drop them first with
-- `scripts/wellflow analyst revoke` if they should go. wellflow_analyst_admin, its memberships and
-- the group's idle limit stay: roles and their settings are cluster-wide, and other databases on
-- the cluster may use them.
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
create or replace function app.current_organization_id() returns uuid
language sql stable security definer
set search_path = pg_catalog, app, auth
as $$
    select case when app.claims_trusted()
        then app.current_claim('org_id')::uuid
        else (select a.organization_id from auth.analyst_organizations a
              where a.role_name = session_user)
    end
$$;
comment on function app.current_organization_id() is
    'The organization of the current request: from the token on trusted connections, from the analyst mapping otherwise.';

drop policy organizations_analyst_admin_read on app.organizations;
revoke select (id, slug) on app.organizations from wellflow_analyst_admin;
drop policy analyst_organizations_managed on auth.analyst_organizations;
drop policy analyst_organizations_own_row on auth.analyst_organizations;
create policy analyst_organizations_own_row on auth.analyst_organizations
    for select using (role_name = session_user) ;
revoke all on auth.analyst_organizations from wellflow_analyst_admin;
alter table auth.analyst_organizations drop column created_at, drop column created_by, drop column role_id;
reset role;
revoke usage on schema auth from wellflow_api;
revoke execute on all functions in schema auth from wellflow_analyst_admin;
revoke all on schema auth from wellflow_analyst_admin;
revoke execute on all functions in schema app from wellflow_analyst_admin;
revoke usage on schema app from wellflow_analyst_admin;
revoke execute on all functions in schema public from wellflow_analyst_admin;
revoke usage on schema public from wellflow_analyst_admin;
commit;
