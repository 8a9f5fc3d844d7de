-- Analysts query the api views with their own PostgreSQL login; this table binds each such
-- login to the one organization its SQL may read (app.current_organization_id reads it).
set local role wellflow_owner;

-- Analysts log in with their own role; this table binds each such login to one organization.
create table auth.analyst_organizations (
    role_name name primary key,
    organization_id uuid not null,
    created_at timestamptz not null default clock_timestamp(),
    created_by uuid,
    -- Role names are cluster-wide and can be dropped and made again from another database of the
    -- cluster (a restored copy, a staging clone): the binding is to this role, its oid, not its name.
    role_id oid not null
);
comment on table auth.analyst_organizations is
    'Binds an analyst login role (member of wellflow_analyst) to the one organization its SQL may read.';
alter table auth.analyst_organizations enable row level security;
alter table auth.analyst_organizations force row level security;
create policy analyst_organizations_own_row on auth.analyst_organizations
    for select using (role_name = session_user
                      and role_id = (select r.oid from pg_roles r where r.rolname = session_user));
-- The login functions (sql/auth/analyst_logins.sql) run as wellflow_analyst_admin and keep the
-- mapping of every organization; the API decides beforehand which organization a caller acts for.
create policy analyst_organizations_managed on auth.analyst_organizations
    to wellflow_analyst_admin using (true) with check (true);
grant select, insert, delete on auth.analyst_organizations to wellflow_analyst_admin;
