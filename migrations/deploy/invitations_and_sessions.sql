-- Deploy wellflow:invitations_and_sessions to pg
-- Invitations create pending memberships that the invited person accepts (the inviter sees nothing
-- of an existing account until then, and the answer is the same for known and unknown e-mails);
-- accepting never overwrites a password and uses up every outstanding token; sign-in does one
-- bcrypt comparison on every path and locks unknown addresses like real ones; tokens issued before
-- a password change, or signed out with api.logout, are refused; who-did-it columns take the
-- signed-in user.
begin;
set local role wellflow_owner;

-- Failed sign-ins for e-mails without an account, counted like a real account's, so the answers
-- (401, then 423 after five) do not tell which addresses have accounts. Rows go a day after their
-- last attempt.
create table auth.unknown_login_attempts (
    email_hash bytea primary key,
    failed_login_count integer not null default 0,
    locked_until timestamptz,
    last_attempt_at timestamptz not null default clock_timestamp()
);
comment on table auth.unknown_login_attempts is 'SHA-256 of e-mails without an account and their failed sign-ins.';
alter table auth.unknown_login_attempts enable row level security;
alter table auth.unknown_login_attempts force row level security;
grant select, insert, update, delete on auth.unknown_login_attempts to wellflow_auth;

-- Tokens signed out before they expire (api.logout): refused by the pre-request check until then.
create table auth.revoked_tokens (
    token_id uuid primary key,
    expires_at timestamptz not null
);
comment on table auth.revoked_tokens is 'Ids (jti) of signed-out tokens, kept until the token would have expired.';
alter table auth.revoked_tokens enable row level security;
alter table auth.revoked_tokens force row level security;
grant select, insert, delete on auth.revoked_tokens to wellflow_auth;

create or replace function app.stamp_actor() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    actor constant uuid := app.current_user_id();
    column_name text;
    written jsonb := to_jsonb(new);
    stamped jsonb := '{}';
begin
    if actor is null then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        if written ->> column_name is not null
           and (tg_op = 'INSERT' or written -> column_name is distinct from to_jsonb(old) -> column_name) then
            stamped := stamped || jsonb_build_object(column_name, actor);
        end if;
    end loop;
    if stamped = '{}' then
        return new;
    end if;
    return jsonb_populate_record(new, stamped);
end
$$;
comment on function app.stamp_actor() is
    'Trigger: the listed who-did-it columns take the signed-in user whenever a request writes them.';

grant execute on function app.stamp_actor() to wellflow_api, wellflow_user, wellflow_worker, wellflow_auth;
create trigger afes_stamp_actor before insert or update of created_by on app.afes
    for each row execute function app.stamp_actor('created_by');
create trigger afe_approvals_stamp_actor before insert or update of decided_by on app.afe_approvals
    for each row execute function app.stamp_actor('decided_by');
create trigger revenue_distributions_stamp_actor before insert or update of calculated_by, approved_by on app.revenue_distributions
    for each row execute function app.stamp_actor('calculated_by', 'approved_by');
create trigger regulatory_reports_stamp_actor before insert or update of requested_by on app.regulatory_reports
    for each row execute function app.stamp_actor('requested_by');
create trigger job_retries_stamp_actor before insert or update of retried_by on app.job_retries
    for each row execute function app.stamp_actor('retried_by');

alter table auth.invitation_tokens add column organization_id uuid references app.organizations (id) on delete cascade;
comment on table auth.invitation_tokens is
    'SHA-256 of one-time tokens that accept an invitation to an organization (and set a first password).';
drop function auth.issue_invitation_token(uuid);
create or replace function auth.issue_invitation_token(invitee uuid, organization uuid) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public, auth
as $$
declare
    token text := auth.base64url(gen_random_bytes(32));
begin
    insert into auth.invitation_tokens (token_hash, user_id, expires_at, organization_id)
    values (digest(token, 'sha256'), invitee, clock_timestamp() + interval '7 days', organization);
    return token;
end
$$;

alter function auth.issue_invitation_token(uuid, uuid) owner to wellflow_auth;
create or replace function api.accept_invitation(token text, password text default null) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    invitation record;
    has_password boolean;
begin
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.token_hash = digest(coalesce(accept_invitation.token, ''), 'sha256')
       and t.used_at is null and t.expires_at > clock_timestamp()
    returning t.user_id, t.organization_id into invitation;
    if invitation.user_id is null then
        perform app.raise_error(400, 'WF_INVITATION_INVALID',
            'This invitation link is unknown, used or expired', 'token', 'Ask an administrator for a new invitation');
    end if;
    select c.password_hash is not null into has_password from auth.credentials c where c.user_id = invitation.user_id;
    if has_password and accept_invitation.password is not null then
        perform app.raise_error(400, 'WF_PASSWORD_EXISTS',
            'This account already has a password: accept the invitation without one', 'password',
            'Send only the token, then sign in with your password');
    end if;
    if not has_password then
        update auth.credentials
           set password_hash = auth.hash_password(accept_invitation.password),
               password_changed_at = clock_timestamp(), failed_login_count = 0, locked_until = null
         where user_id = invitation.user_id;
    end if;
    update app.users set status = 'active' where id = invitation.user_id and status = 'invited';
    update app.memberships m set status = 'active'
     where m.organization_id = invitation.organization_id and m.user_id = invitation.user_id and m.status = 'pending';
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.user_id = invitation.user_id and t.used_at is null;
    update app.email_outbox o set context = o.context - 'invitation_token'
     where o.to_address = (select u.email from app.users u where u.id = invitation.user_id)
       and o.context ? 'invitation_token';
    return json_build_object('user_id', invitation.user_id, 'organization_id', invitation.organization_id,
                             'status', 'active', 'password_set', not has_password);
end
$$;

grant select, insert, update (context) on app.email_outbox to wellflow_auth;

create or replace function app.memberships_guard_status() returns trigger
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
create or replace function app.memberships_send_invitation(membership app.memberships) returns void
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
create or replace function app.memberships_send_welcome() returns trigger
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

create or replace function api.invite_member(email text, full_name text, org_role app.org_role default 'viewer')
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

drop policy users_same_organization_read on app.users;
create policy users_same_organization_read on app.users
    for select
    using (id = (select app.current_user_id())
           or exists (select from app.memberships m
                      where m.user_id = users.id
                        and m.organization_id = (select app.current_organization_id())
                        and m.status <> 'pending'));

create or replace function api.login(email text, password text, organization_id uuid default null)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    account record;
    membership record;
    active_memberships integer;
    password_ok boolean;
    expires_at timestamptz := clock_timestamp() + auth.token_lifetime();
begin
    select u.id, u.status, c.password_hash, c.failed_login_count, c.locked_until
      into account
      from app.users u join auth.credentials c on c.user_id = u.id
     where u.email = login.email::citext
       for update of c;

    -- One bcrypt comparison on every path (unknown e-mail, account without a password, locked
    -- account, real one): the time taken says nothing about the account.
    password_ok := account.password_hash is not null
                   and crypt(coalesce(login.password, ''), account.password_hash) = account.password_hash;
    if account.password_hash is null then
        perform crypt(coalesce(login.password, ''), gen_salt('bf', 10));
    end if;
    if account.id is null then
        -- Counted like an account, so an unknown address locks (423) exactly as a real one does.
        delete from auth.unknown_login_attempts a
         where a.email_hash in (select a2.email_hash from auth.unknown_login_attempts a2
                                 where a2.last_attempt_at < clock_timestamp() - interval '1 day' limit 100);
        insert into auth.unknown_login_attempts as a (email_hash)
        values (digest(lower(coalesce(login.email, '')), 'sha256'))
        on conflict (email_hash) do update set last_attempt_at = clock_timestamp()
        returning a.failed_login_count, a.locked_until into account.failed_login_count, account.locked_until;
    end if;

    if password_ok and account.locked_until <= clock_timestamp() is not false then
        null;  -- the right password on an unlocked account: go on below
    elsif account.locked_until > clock_timestamp() then
        return auth.account_locked(account.locked_until);
    else
        -- The fifth wrong password in a row locks the account and starts the count afresh.
        if account.id is null then
            update auth.unknown_login_attempts a
               set failed_login_count = case when a.failed_login_count + 1 >= auth.max_failed_logins()
                                             then 0 else a.failed_login_count + 1 end,
                   locked_until = case when a.failed_login_count + 1 >= auth.max_failed_logins()
                                       then clock_timestamp() + auth.lockout_interval() end
             where a.email_hash = digest(lower(coalesce(login.email, '')), 'sha256')
            returning a.locked_until into account.locked_until;
        else
            update auth.credentials c
               set failed_login_count = case when c.failed_login_count + 1 >= auth.max_failed_logins()
                                             then 0 else c.failed_login_count + 1 end,
                   locked_until = case when c.failed_login_count + 1 >= auth.max_failed_logins()
                                       then clock_timestamp() + auth.lockout_interval() end
             where c.user_id = account.id
            returning c.locked_until into account.locked_until;
        end if;
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
            'iat', floor(extract(epoch from clock_timestamp()))::bigint,
            'exp', floor(extract(epoch from expires_at))::bigint,
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
    -- A password change ends every token issued before it (iat counts whole seconds, so one issued
    -- in the second of the change still passes); api.logout ends one.
    if exists (select from auth.credentials c
                where c.user_id = (claims ->> 'sub')::uuid
                  and (claims ->> 'iat')::bigint < floor(extract(epoch from c.password_changed_at)))
       or exists (select from auth.revoked_tokens r where r.token_id = (claims ->> 'jti')::uuid) then
        perform app.raise_error(401, 'WF_TOKEN_REVOKED',
            'This token was signed out or issued before the password changed', 'authorization',
            'Sign in again with api.login');
    end if;
exception when invalid_text_representation or invalid_parameter_value or character_not_in_repertoire then
    perform app.raise_error(401, 'WF_TOKEN_INVALID', 'The token''s claims are malformed', 'authorization', null);
end
$$;

create or replace function api.logout() returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    claims json := nullif(current_setting('request.jwt.claims', true), '')::json;
begin
    if claims ->> 'jti' is null or claims ->> 'role' is distinct from 'wellflow_user' then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to sign out', 'authorization', null);
    end if;
    delete from auth.revoked_tokens r where r.expires_at < clock_timestamp();
    insert into auth.revoked_tokens (token_id, expires_at)
    values ((claims ->> 'jti')::uuid, to_timestamp((claims ->> 'exp')::numeric))
    on conflict (token_id) do nothing;
    return json_build_object('signed_out', true);
end
$$;

create or replace function api.change_password(current_password text, new_password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    account record;
begin
    select c.user_id, c.password_hash, u.email into account
      from auth.credentials c join app.users u on u.id = c.user_id
     where c.user_id = app.current_user_id()
       for update of c;
    if account.user_id is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to change your password', 'authorization', null);
    end if;
    if account.password_hash is null
       or crypt(coalesce(current_password, ''), account.password_hash) <> account.password_hash then
        perform app.raise_error(400, 'WF_INVALID_CREDENTIALS', 'The current password is wrong', 'current_password', null);
    end if;
    update auth.credentials
       set password_hash = auth.hash_password(new_password), password_changed_at = clock_timestamp(),
           failed_login_count = 0, locked_until = null
     where user_id = account.user_id;
    return api.login(account.email, new_password, app.current_organization_id());
end
$$;

alter function api.logout() owner to wellflow_auth;
alter function api.change_password(text, text) owner to wellflow_auth;
grant execute on function api.logout(), api.change_password(text, text) to wellflow_user;

set local role wellflow_api;
alter view api.memberships alter column organization_id drop default;
revoke insert on api.memberships from wellflow_user;
create or replace view api.memberships as
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
comment on function api.logout() is 'Sign out: this request''s token is refused from now on.';
comment on function api.change_password(text, text) is
    'Change your password (current one first): every token issued before is refused; the answer is a new token.';
comment on function api.invite_member(text, text, app.org_role) is
    'Owners and admins: invite a person by e-mail. The membership is pending until they accept the link in the '
    'invitation e-mail; the answer is the same whether or not the address already has an account.';
comment on function api.accept_invitation(text, text) is
    'Accept an invitation with the one-time token from its e-mail (valid 7 days): the membership becomes active. '
    'A person without a password sends one (at least 10 characters); an existing account sends the token alone.';
comment on function auth.issue_invitation_token(uuid, uuid) is
    'A new one-time token (7 days) accepting the invitation of a user to an organization.';
comment on function app.memberships_send_invitation(app.memberships) is
    'Queues the invitation e-mail of a pending membership with a new one-time link.';
comment on function app.memberships_send_welcome() is 'Trigger: a new pending membership sends its invitation e-mail.';
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
commit;
