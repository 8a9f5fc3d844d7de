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
    using (id = (select app.current_organization_id()) and (select app.current_role_in('owner')))
    with check (id = (select app.current_organization_id()));

grant select, update (name) on app.organizations to wellflow_api;
grant select on app.organizations to wellflow_auth, wellflow_worker;
