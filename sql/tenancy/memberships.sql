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
                and (select app.current_role_may('admins')));

create policy memberships_admin_update on app.memberships
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('admins')))
    with check (organization_id = (select app.current_organization_id()));

create policy memberships_admin_delete on app.memberships
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('admins')));

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
           and not app.current_role_may('owners') then
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

grant select, insert, update (org_role, status), delete on app.memberships to wellflow_api;
grant select on app.memberships
    to wellflow_auth, wellflow_worker;
grant insert, update on app.memberships
    to wellflow_auth;

create function api.invite_member(email text, full_name text, org_role app.org_role default 'viewer')
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    organization uuid := app.current_organization_id();
    invitee uuid;
    membership_id uuid;
begin
    perform app.assert_org_role('invite members', 'admins');
    if invite_member.org_role = 'owner' and not app.current_role_may('owners') then
        perform app.raise_error(403, 'WF_OWNER_REQUIRED', 'Only an owner may invite another owner', 'org_role', null);
    end if;

    select u.id into invitee from app.users u where u.email = invite_member.email::citext;
    if invitee is null then
        insert into app.users (email, full_name, status)
        values (invite_member.email, invite_member.full_name, 'invited')
        returning id into invitee;
        insert into auth.credentials (user_id) values (invitee);
    end if;

    if exists (select from app.memberships m where m.organization_id = organization and m.user_id = invitee) then
        perform app.raise_error(409, 'WF_ALREADY_MEMBER', 'This user is already a member of the organization', 'email', null);
    end if;

    insert into app.memberships (organization_id, user_id, org_role)
    values (organization, invitee, invite_member.org_role)
    returning id into membership_id;

    return json_build_object('user_id', invitee, 'membership_id', membership_id,
                             'organization_id', organization, 'org_role', invite_member.org_role);
end
$$;
alter function api.invite_member(text, text, app.org_role) owner to wellflow_auth;
comment on function api.invite_member(text, text, app.org_role) is
    'Owners and admins: add a person to the organization by e-mail. New people get a welcome e-mail with a link to choose a password.';
grant execute on function api.invite_member(text, text, app.org_role) to wellflow_user;
set local role wellflow_api;

create view api.memberships as
    select organization_id, id, user_id, org_role, status, created_at, updated_at
      from app.memberships;
alter view api.memberships alter column organization_id set default app.current_organization_id();
comment on view api.memberships is
    'Who may act in the organization and with which role. Owners and admins add, change and revoke memberships; only owners manage the owner role.';
comment on column api.memberships.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.memberships.id is 'Membership id (UUID v7).';
comment on column api.memberships.user_id is 'The member (see api.users).';
comment on column api.memberships.org_role is 'owner, admin, manager, engineer, accountant or viewer (read-only).';
comment on column api.memberships.status is 'active or revoked; a revoked member''s tokens stop working at once.';
comment on column api.memberships.created_at is 'When the membership was created.';
comment on column api.memberships.updated_at is 'When the membership was last changed.';
grant select on api.memberships
    to wellflow_user, wellflow_analyst;
grant insert (organization_id, id, user_id, org_role, status), update (org_role, status), delete
    on api.memberships to wellflow_user;
set local role wellflow_owner;

-- Welcome e-mail for every new membership; people without a password get an invitation link.
create function app.memberships_send_welcome() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
declare
    member record;
begin
    select u.email, u.full_name, o.name as organization_name
      into member
      from app.users u, app.organizations o
     where u.id = new.user_id and o.id = new.organization_id;
    perform app.queue_email(new.organization_id, member.email, 'welcome', jsonb_build_object(
        'full_name', member.full_name,
        'organization_name', member.organization_name,
        'org_role', new.org_role,
        'invitation_token', auth.issue_invitation_token(new.user_id)));
    return null;
end
$$;
alter function app.memberships_send_welcome() owner to wellflow_auth;
create trigger memberships_send_welcome after insert on app.memberships
    for each row execute function app.memberships_send_welcome();
create trigger memberships_audit after insert or update or delete on app.memberships
    for each row execute function app.audit_change();

create trigger memberships_require_admin before insert or update or delete on app.memberships
    for each statement execute function app.require_org_role('admins');

-- app.users reads through memberships: a user sees colleagues of the current organization.
-- Stated here because the policy reads app.memberships, which itself references app.users.
set local role wellflow_owner;
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
