-- Which user may act in which organization, and with which organization role.
set local role wellflow_owner;

create type app.org_role as enum ('owner', 'admin', 'manager', 'engineer', 'accountant', 'viewer');
-- pending: invited, not yet accepted by the person (api.accept_invitation makes it active).
create type app.membership_status as enum ('pending', 'active', 'revoked');

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

-- An invitation becomes a membership only when the invited person accepts it: in a web request
-- nobody sets a membership pending or makes a pending one active (api.invite_member and
-- api.accept_invitation do, as their owner). Revoking works from any state, and a revoked
-- member comes back only through a new invitation.
create function app.memberships_guard_status() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if current_user in ('wellflow_user', 'wellflow_api') and new.status is distinct from old.status
       and new.status <> 'revoked' then
        perform app.raise_error(400, 'WF_MEMBERSHIP_STATUS',
            format('A membership does not go from %s to %s here', old.status, new.status), 'status',
            case when old.status = 'pending' then 'The invited person accepts with /rpc/accept_invitation'
                 else 'Invite the person again with /rpc/invite_member' end);
    end if;
    return new;
end
$$;
comment on function app.memberships_guard_status() is
    'Trigger: web users only revoke memberships; pending ones become active when the invitation is accepted.';
create trigger memberships_guard_status before update of status on app.memberships
    for each row execute function app.memberships_guard_status();

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
    membership app.memberships;
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

    select * into membership from app.memberships m where m.organization_id = organization and m.user_id = invitee;
    if membership.status in ('active', 'revoked') then
        perform app.raise_error(409, 'WF_ALREADY_MEMBER',
            format('This person is already a member of the organization (%s)', membership.status), 'email',
            case when membership.status = 'revoked' then 'A revoked membership stays revoked' end);
    elsif membership.status = 'pending' then
        -- Invited again: a new e-mail with a new link (the membership stays pending).
        update app.memberships m set org_role = invite_member.org_role
         where m.organization_id = organization and m.id = membership.id
        returning * into membership;
        perform app.memberships_send_invitation(membership);
    else
        -- Pending until the person accepts: the organization sees nothing of an account until then.
        insert into app.memberships (organization_id, user_id, org_role, status)
        values (organization, invitee, invite_member.org_role, 'pending')
        returning * into membership;
    end if;

    -- The same answer whether or not the e-mail already had an account.
    return json_build_object('membership_id', membership.id, 'organization_id', organization,
                             'org_role', membership.org_role, 'status', membership.status);
end
$$;
alter function api.invite_member(text, text, app.org_role) owner to wellflow_auth;
comment on function api.invite_member(text, text, app.org_role) is
    'Owners and admins: invite a person by e-mail. The membership is pending until they accept the link in the '
    'invitation e-mail; the answer is the same whether or not the address already has an account.';
grant execute on function api.invite_member(text, text, app.org_role) to wellflow_user;
set local role wellflow_api;

-- The user of a pending membership stays hidden (its id would say when the account was made).
create view api.memberships as
    select organization_id, id, case when status <> 'pending' then user_id end as user_id, org_role, status,
           created_at, updated_at
      from app.memberships;
comment on view api.memberships is
    'Who may act in the organization and with which role. Owners and admins invite people with /rpc/invite_member '
    'and change or revoke memberships here; only owners manage the owner role.';
comment on column api.memberships.organization_id is 'The organization.';
comment on column api.memberships.id is 'Membership id (UUID v7).';
comment on column api.memberships.user_id is 'The member (see api.users); empty while the invitation is pending.';
comment on column api.memberships.org_role is 'owner, admin, manager, engineer, accountant or viewer (read-only).';
comment on column api.memberships.status is
    'pending (invited, not yet accepted), active or revoked; a revoked member''s tokens stop working at once.';
comment on column api.memberships.created_at is 'When the membership was created.';
comment on column api.memberships.updated_at is 'When the membership was last changed.';
grant select on api.memberships
    to wellflow_user, wellflow_analyst;
grant update (org_role, status), delete
    on api.memberships to wellflow_user;
set local role wellflow_owner;

-- The invitation e-mail of a pending membership: a one-time link to accept it (and, for a person
-- without a password yet, to choose one).
create function app.memberships_send_invitation(membership app.memberships) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
declare
    member record;
begin
    select u.email, u.full_name, o.name as organization_name,
           exists (select from auth.credentials c where c.user_id = u.id and c.password_hash is not null) as has_password
      into member
      from app.users u, app.organizations o
     where u.id = membership.user_id and o.id = membership.organization_id;
    perform app.queue_email(membership.organization_id, member.email, 'welcome', jsonb_build_object(
        'full_name', member.full_name,
        'organization_name', member.organization_name,
        'org_role', membership.org_role,
        'has_password', member.has_password,
        'invitation_token', auth.issue_invitation_token(membership.user_id, membership.organization_id)));
end
$$;
alter function app.memberships_send_invitation(app.memberships) owner to wellflow_auth;
comment on function app.memberships_send_invitation(app.memberships) is
    'Queues the invitation e-mail of a pending membership with a new one-time link.';

create function app.memberships_send_welcome() returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
begin
    if new.status = 'pending' then
        perform app.memberships_send_invitation(new);
    end if;
    return null;
end
$$;
alter function app.memberships_send_welcome() owner to wellflow_auth;
comment on function app.memberships_send_welcome() is 'Trigger: a new pending membership sends its invitation e-mail.';
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
                        and m.organization_id = (select app.current_organization_id())
                        and m.status <> 'pending'));

create policy users_self_update on app.users
    for update
    using (id = (select app.current_user_id()))
    with check (id = (select app.current_user_id()));
