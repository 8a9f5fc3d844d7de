-- Tenants. Every tenant table references app.organizations(id) through organization_id.
set local role wellflow_owner;

create type app.organization_status as enum ('active', 'suspended');

create table app.organizations (
    id uuid primary key default app.uuid_generate_v7(),
    name text not null
        constraint organizations_name_check check (length(btrim(name)) between 1 and 200),
    slug text not null
        constraint organizations_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
    status app.organization_status not null default 'active',
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    constraint organizations_slug_key unique (slug)
);
comment on table app.organizations is 'Tenants: one row per operator company using WellFlow.';

create trigger organizations_set_updated_at before update on app.organizations
    for each row execute function app.set_updated_at();

alter table app.organizations enable row level security;
alter table app.organizations force row level security;

create policy organizations_tenant_read on app.organizations
    for select
    using (id = (select app.current_organization_id()));

create policy organizations_owner_update on app.organizations
    for update
    using (id = (select app.current_organization_id()) and (select app.current_role_may('owners')))
    with check (id = (select app.current_organization_id()));

grant select, update (name) on app.organizations to wellflow_api;
grant select on app.organizations to wellflow_auth, wellflow_worker;
-- Analyst login names carry the organization's slug (sql/auth/analyst_logins.sql).
create policy organizations_analyst_admin_read on app.organizations
    for select to wellflow_analyst_admin using (true);
grant select (id, slug) on app.organizations to wellflow_analyst_admin;
set local role wellflow_api;

create view api.organizations as
    select id, name, slug, status, created_at, updated_at
      from app.organizations;
comment on view api.organizations is 'The organization of the signed-in user. Owners may rename it.';
comment on column api.organizations.id is 'Organization id (UUID v7); every tenant row carries it as organization_id.';
comment on column api.organizations.name is 'Display name, 1-200 characters.';
comment on column api.organizations.slug is 'Short unique handle: lower-case letters, digits and single dashes.';
comment on column api.organizations.status is 'active or suspended; a suspended organization cannot sign in.';
comment on column api.organizations.created_at is 'When the organization was created.';
comment on column api.organizations.updated_at is 'When the organization was last changed.';

grant select on api.organizations
    to wellflow_user, wellflow_analyst;
grant update (name) on api.organizations to wellflow_user;
set local role wellflow_owner;

create trigger organizations_audit after insert or update or delete on app.organizations
    for each row execute function app.audit_change();
