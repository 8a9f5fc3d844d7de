-- Deploy wellflow:memberships to pg
-- Frozen copy of sql/memberships.sql as first released; later changes alter, never edit this file.
begin;

-- Which user may act in which organization, and with which organization role.
set local role wellflow_owner;

create type app.org_role as enum ('owner', 'admin', 'manager', 'engineer', 'accountant', 'viewer');
create type app.membership_status as enum ('active', 'revoked');

create table app.memberships (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    user_id uuid not null references app.users (id),
    org_role app.org_role not null default 'viewer',
    status app.membership_status not null default 'active',
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint memberships_user_key unique (organization_id, user_id)
);
comment on table app.memberships is 'A user''s access to one organization with one organization role.';
create index memberships_user_id_idx on app.memberships (user_id);

create trigger memberships_set_updated_at before update on app.memberships
    for each row execute function app.set_updated_at();

alter table app.memberships enable row level security;
alter table app.memberships force row level security;

create policy memberships_tenant_read on app.memberships
    for select
    using (organization_id = (select app.current_organization_id()));

create policy memberships_admin_insert on app.memberships
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin')));

create policy memberships_admin_update on app.memberships
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin')))
    with check (organization_id = (select app.current_organization_id()));

create policy memberships_admin_delete on app.memberships
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin')));

-- Only an owner may create, change or remove an owner, and the last active owner stays.
-- Security definer: triggers run as the web role, which has no grant on app tables;
-- forced RLS still limits the owner's look to the current organization.
create function app.memberships_guard_owners() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    if (tg_op <> 'INSERT' and old.org_role = 'owner') or (tg_op <> 'DELETE' and new.org_role = 'owner') then
        if app.claims_trusted() and app.current_org_role() is not null
           and not app.current_role_in('owner') then
            perform app.raise_error(403, 'WF_OWNER_REQUIRED',
                'Only an organization owner may grant, change or remove the owner role',
                'org_role', null);
        end if;
    end if;
    if tg_op <> 'INSERT' and old.org_role = 'owner' and old.status = 'active'
       and (tg_op = 'DELETE' or new.org_role <> 'owner' or new.status <> 'active')
       and not exists (select from app.memberships m
                       where m.organization_id = old.organization_id and m.id <> old.id
                         and m.org_role = 'owner' and m.status = 'active') then
        perform app.raise_error(409, 'WF_LAST_OWNER',
            'An organization must keep at least one active owner', 'org_role', null);
    end if;
    return coalesce(new, old);
end
$$;
create trigger memberships_guard_owners before insert or update or delete on app.memberships
    for each row execute function app.memberships_guard_owners();

create policy users_same_organization_read on app.users
    for select
    using (id = (select app.current_user_id())
           or exists (select from app.memberships m
                      where m.user_id = users.id
                        and m.organization_id = (select app.current_organization_id())));

create policy users_self_update on app.users
    for update
    using (id = (select app.current_user_id()))
    with check (id = (select app.current_user_id()));

grant select, insert, update (org_role, status), delete on app.memberships to wellflow_api;
grant select, update (full_name) on app.users to wellflow_api;
grant select on app.memberships, app.users to wellflow_auth, wellflow_worker;
grant insert, update on app.memberships, app.users to wellflow_auth;

commit;
