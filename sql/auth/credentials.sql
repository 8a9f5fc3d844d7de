-- Passwords and lockout, sign-in and the pre-request token check. Only wellflow_auth (the
-- owner of the credential functions) reads the auth tables; no API role has any grant on them.
set local role wellflow_owner;

create table auth.credentials (
    user_id uuid primary key references app.users (id) on delete cascade,
    password_hash text,
    failed_login_count integer not null default 0,
    locked_until timestamptz,
    password_changed_at timestamptz
);
comment on table auth.credentials is 'bcrypt password hash and failed-login state per user. Never exposed.';

alter table auth.credentials enable row level security;
alter table auth.credentials force row level security;
-- No policies: only the BYPASSRLS owner of the credential functions gets through.

grant select, insert, update, delete on auth.credentials
    to wellflow_auth;

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

create function auth.hash_password(password text) returns text
language plpgsql volatile
set search_path = pg_catalog, public
as $$
begin
    if password is null or length(password) < 10 then
        perform app.raise_error(400, 'WF_WEAK_PASSWORD', 'A password needs at least 10 characters', 'password', null);
    end if;
    if octet_length(password) > 72 then
        -- bcrypt ignores everything after 72 bytes; refuse rather than silently truncate.
        perform app.raise_error(400, 'WF_PASSWORD_TOO_LONG', 'A password may have at most 72 bytes', 'password', null);
    end if;
    return crypt(password, gen_salt('bf', 10));
end
$$;
comment on function auth.hash_password(text) is 'bcrypt (cost 10) of a password that passed the length rules.';
-- Sign-in, token checks and invitations. These run before a tenant is known, so they
-- are owned by wellflow_auth (BYPASSRLS) and each checks exactly what it needs.

-- Failed-login policy: this many wrong passwords in a row lock the account for a while.
create function auth.max_failed_logins() returns integer language sql immutable as $$ select 5 $$;
create function auth.lockout_interval() returns interval language sql immutable as $$ select interval '15 minutes' $$;
create function auth.token_lifetime() returns interval language sql immutable as $$ select interval '1 hour' $$;

-- Answers an error body with an HTTP status without raising: a raise would roll back
-- the failed-login counter that must survive the refused request.
create function auth.error_response(http_status integer, code text, message text,
                                    details text default null, hint text default null)
returns json
language plpgsql volatile
set search_path = pg_catalog
as $$
begin
    perform set_config('response.status', http_status::text, true);
    return app.error_body(code, message, details, hint);
end
$$;

create function auth.account_locked(locked_until timestamptz) returns json
language sql volatile
set search_path = pg_catalog, auth
as $$
    select auth.error_response(423, 'WF_ACCOUNT_LOCKED',
        'Too many failed sign-ins: this account is locked for a while', null,
        format('Try again after %s', to_char(locked_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
$$;

create function api.login(email text, password text, organization_id uuid default null)
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
alter function api.login(text, text, uuid) owner to wellflow_auth;
comment on function api.login(text, text, uuid) is
$$Sign in with e-mail and password. Returns a bearer token (1 hour) for one organization: pass organization_id when the user belongs to several. Five wrong passwords in a row lock the account for 15 minutes (423 WF_ACCOUNT_LOCKED).$$;

-- PostgREST's db-pre-request: a signed token is honoured only while its user,
-- membership, role and organization are still active.
create function auth.check_request() returns void
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
alter function auth.check_request() owner to wellflow_auth;
comment on function auth.check_request() is
    'PostgREST db-pre-request: refuses verbs a resource does not take, and tokens of disabled users, revoked memberships or changed roles.';

-- Signing out: the caller's token is refused from now on (until it would have expired anyway).
create function api.logout() returns json
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
alter function api.logout() owner to wellflow_auth;
comment on function api.logout() is 'Sign out: this request''s token is refused from now on.';

-- Changing one's password ends every token issued before (this one included) and answers a new one.
create function api.change_password(current_password text, new_password text) returns json
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
alter function api.change_password(text, text) owner to wellflow_auth;
comment on function api.change_password(text, text) is
    'Change your password (current one first): every token issued before is refused; the answer is a new token.';

grant execute on function api.login(text, text, uuid)
    to wellflow_anon, wellflow_user;
grant execute on function api.logout(), api.change_password(text, text) to wellflow_user;
grant execute on function auth.check_request() to wellflow_anon, wellflow_user;
grant execute on function auth.max_failed_logins(), auth.lockout_interval(), auth.token_lifetime(), auth.error_response(integer, text, text, text, text), auth.account_locked(timestamptz), auth.hash_password(text)
    to wellflow_auth;
