-- Revert wellflow:invitations_and_sessions from pg
-- The released invitation, sign-in and membership rules; the new tables and columns go.
begin;
set local role wellflow_owner;

drop trigger afes_stamp_actor on app.afes;
drop trigger afe_approvals_stamp_actor on app.afe_approvals;
drop trigger revenue_distributions_stamp_actor on app.revenue_distributions;
drop trigger regulatory_reports_stamp_actor on app.regulatory_reports;
drop trigger job_retries_stamp_actor on app.job_retries;
drop function app.stamp_actor();
drop trigger memberships_guard_status on app.memberships;
drop function app.memberships_guard_status();
create or replace function app.memberships_send_welcome() returns trigger
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

create or replace function api.invite_member(email text, full_name text, org_role app.org_role default 'viewer')
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

drop function app.memberships_send_invitation(app.memberships);
drop function api.accept_invitation(text, text);
drop function auth.issue_invitation_token(uuid, uuid);
create function auth.issue_invitation_token(invitee uuid) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public, auth
as $$
declare
    token text;
begin
    if exists (select from auth.credentials c where c.user_id = invitee and c.password_hash is not null) then
        return null;
    end if;
    token := auth.base64url(gen_random_bytes(32));
    insert into auth.invitation_tokens (token_hash, user_id, expires_at)
    values (digest(token, 'sha256'), invitee, clock_timestamp() + interval '7 days');
    return token;
end
$$;

alter function auth.issue_invitation_token(uuid) owner to wellflow_auth;
create function api.accept_invitation(token text, password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    invitee uuid;
begin
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.token_hash = digest(coalesce(accept_invitation.token, ''), 'sha256')
       and t.used_at is null and t.expires_at > clock_timestamp()
    returning t.user_id into invitee;
    if invitee is null then
        perform app.raise_error(400, 'WF_INVITATION_INVALID',
            'This invitation link is unknown, used or expired', 'token', 'Ask an administrator for a new invitation');
    end if;
    update auth.credentials
       set password_hash = auth.hash_password(accept_invitation.password),
           password_changed_at = clock_timestamp(), failed_login_count = 0, locked_until = null
     where user_id = invitee;
    update app.users set status = 'active' where id = invitee and status = 'invited';
    return json_build_object('user_id', invitee, 'status', 'active');
end
$$;

alter function api.accept_invitation(text, text) owner to wellflow_auth;
grant execute on function api.accept_invitation(text, text)
    to wellflow_anon, wellflow_user;
alter table auth.invitation_tokens drop column organization_id;
revoke update (context) on app.email_outbox from wellflow_auth;
drop policy users_same_organization_read on app.users;
create policy users_same_organization_read on app.users
    for select
    using (id = (select app.current_user_id())
           or exists (select from app.memberships m
                      where m.user_id = users.id
                        and m.organization_id = (select app.current_organization_id())));

create or replace function api.login(email text, password text, organization_id uuid default null)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    account record;
    membership record;
    active_memberships integer;
    expires_at timestamptz := clock_timestamp() + auth.token_lifetime();
begin
    select u.id, u.status, c.password_hash, c.failed_login_count, c.locked_until
      into account
      from app.users u join auth.credentials c on c.user_id = u.id
     where u.email = login.email::citext
       for update of c;

    if not found then
        perform crypt(coalesce(login.password, ''), gen_salt('bf', 10));  -- same cost as a real check
        return auth.error_response(401, 'WF_INVALID_CREDENTIALS', 'E-mail or password is wrong', null, null);
    end if;

    if account.password_hash is not null and account.locked_until <= clock_timestamp() is not false
       and account.password_hash = crypt(coalesce(login.password, ''), account.password_hash) then
        null;  -- the right password on an unlocked account: go on below
    elsif account.locked_until > clock_timestamp() then
        return auth.account_locked(account.locked_until);
    else
        -- The fifth wrong password in a row locks the account and starts the count afresh.
        update auth.credentials c
           set failed_login_count = case when c.failed_login_count + 1 >= auth.max_failed_logins()
                                         then 0 else c.failed_login_count + 1 end,
               locked_until = case when c.failed_login_count + 1 >= auth.max_failed_logins()
                                   then clock_timestamp() + auth.lockout_interval() end
         where c.user_id = account.id
        returning c.locked_until into account.locked_until;
        if account.locked_until is not null then
            return auth.account_locked(account.locked_until);
        end if;
        return auth.error_response(401, 'WF_INVALID_CREDENTIALS', 'E-mail or password is wrong', null, null);
    end if;

    update auth.credentials set failed_login_count = 0, locked_until = null where user_id = account.id;

    if account.status <> 'active' then
        return auth.error_response(403, 'WF_USER_DISABLED', 'This user account is not active', null, null);
    end if;

    select count(*) into active_memberships
      from app.memberships m join app.organizations o on o.id = m.organization_id
     where m.user_id = account.id and m.status = 'active' and o.status = 'active';

    select m.organization_id, m.org_role into membership
      from app.memberships m join app.organizations o on o.id = m.organization_id
     where m.user_id = account.id and m.status = 'active' and o.status = 'active'
       and (m.organization_id = login.organization_id or (login.organization_id is null and active_memberships = 1));

    if not found then
        if login.organization_id is null and active_memberships > 1 then
            return auth.error_response(400, 'WF_ORGANIZATION_REQUIRED',
                'This user belongs to several organizations: say which one', 'organization_id',
                'Pass organization_id');
        end if;
        return auth.error_response(403, 'WF_NOT_A_MEMBER',
            'This user has no active membership in that organization', 'organization_id', null);
    end if;

    return json_build_object(
        'token', auth.sign_jwt(json_build_object(
            'role', 'wellflow_user',
            'sub', account.id,
            'org_id', membership.organization_id,
            'org_role', membership.org_role,
            'iat', extract(epoch from clock_timestamp())::bigint,
            'exp', extract(epoch from expires_at)::bigint,
            'jti', app.uuid_generate_v7())),
        'token_type', 'Bearer',
        'expires_at', expires_at,
        'user_id', account.id,
        'organization_id', membership.organization_id,
        'org_role', membership.org_role);
end
$$;

create or replace function auth.check_request() returns void
language plpgsql stable security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    claims json := nullif(current_setting('request.jwt.claims', true), '')::json;
    token_header text := split_part(substring(
        nullif(current_setting('request.headers', true), '')::json ->> 'authorization' from '^[Bb]earer\s+(\S+)$'), '.', 1);
begin
    perform app.refuse_unsupported_verb();
    if claims is null or claims ->> 'role' is distinct from 'wellflow_user' then
        return;
    end if;
    -- PostgREST 12 accepts any HMAC variant made with the secret; WellFlow issues HS256 only.
    if auth.base64url_decode(token_header) ->> 'alg' is distinct from 'HS256' then
        perform app.raise_error(401, 'WF_TOKEN_ALGORITHM', 'Only HS256 tokens issued by api.login are accepted',
            'authorization', 'Sign in again with api.login');
    end if;
    if not exists (
        select from app.users u
          join app.memberships m on m.user_id = u.id
          join app.organizations o on o.id = m.organization_id
         where u.id = (claims ->> 'sub')::uuid
           and u.status = 'active'
           and m.organization_id = (claims ->> 'org_id')::uuid
           and m.status = 'active'
           and m.org_role::text = claims ->> 'org_role'
           and o.status = 'active') then
        perform app.raise_error(401, 'WF_TOKEN_REVOKED',
            'This token''s user, membership or role is no longer active', 'authorization',
            'Sign in again with api.login');
    end if;
exception when invalid_text_representation or invalid_parameter_value or character_not_in_repertoire then
    perform app.raise_error(401, 'WF_TOKEN_INVALID', 'The token''s claims are malformed', 'authorization', null);
end
$$;

drop function api.logout();
drop function api.change_password(text, text);
drop table auth.revoked_tokens;
drop table auth.unknown_login_attempts;

set local role wellflow_api;
create or replace view api.memberships as
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
comment on function api.invite_member(text, text, app.org_role) is
    'Owners and admins: add a person to the organization by e-mail. New people get a welcome e-mail with a link to choose a password.';
comment on function api.accept_invitation(text, text) is
    'Choose a password with the one-time token from a welcome e-mail (valid 7 days); the account becomes active.';
comment on view api.memberships is
    'Who may act in the organization and with which role. Owners and admins add, change and revoke memberships; only owners manage the owner role.';
comment on column api.memberships.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.memberships.id is 'Membership id (UUID v7).';
comment on column api.memberships.user_id is 'The member (see api.users).';
comment on column api.memberships.org_role is 'owner, admin, manager, engineer, accountant or viewer (read-only).';
comment on column api.memberships.status is 'active or revoked; a revoked member''s tokens stop working at once.';
comment on column api.memberships.created_at is 'When the membership was created.';
comment on column api.memberships.updated_at is 'When the membership was last changed.';
comment on function app.memberships_send_welcome() is null;
commit;
