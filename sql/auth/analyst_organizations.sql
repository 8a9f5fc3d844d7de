-- Analysts query the api views with their own PostgreSQL login; this table binds each such
-- login to the one organization its SQL may read (app.current_organization_id reads it).
set local role wellflow_owner;

-- Analysts log in with their own role; this table binds each such login to one organization.
create table auth.analyst_organizations (
    role_name name primary key,
    organization_id uuid not null
);
comment on table auth.analyst_organizations is
    'Binds an analyst login role (member of wellflow_analyst) to the one organization its SQL may read.';
alter table auth.analyst_organizations enable row level security;
alter table auth.analyst_organizations force row level security;
create policy analyst_organizations_own_row on auth.analyst_organizations
    for select using (role_name = session_user) ;
