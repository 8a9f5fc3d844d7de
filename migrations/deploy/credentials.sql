-- Deploy wellflow:credentials to pg
-- Frozen copy of sql/credentials.sql as first released; later changes alter, never edit this file.
begin;

-- Passwords, lockout and invitation tokens. Only wellflow_auth (the owner of the
-- credential functions) reads these tables; no API role has any grant on them.
set local role wellflow_owner;

create table auth.credentials (
    user_id uuid primary key references app.users (id) on delete cascade,
    password_hash text,
    failed_login_count integer not null default 0,
    locked_until timestamptz,
    password_changed_at timestamptz
);
comment on table auth.credentials is 'bcrypt password hash and failed-login state per user. Never exposed.';

create table auth.invitation_tokens (
    token_hash bytea primary key,
    user_id uuid not null references app.users (id) on delete cascade,
    expires_at timestamptz not null,
    used_at timestamptz
);
comment on table auth.invitation_tokens is 'SHA-256 of one-time tokens that let an invited user choose a password.';

create table auth.jwt_secrets (
    id smallint primary key default 1 constraint jwt_secrets_single_row check (id = 1),
    secret text not null constraint jwt_secrets_secret_length check (length(secret) >= 32),
    set_at timestamptz not null default clock_timestamp()
);
comment on table auth.jwt_secrets is 'The HS256 signing secret shared with PostgREST; set at deploy time by auth.set_jwt_secret.';

alter table auth.credentials enable row level security;
alter table auth.credentials force row level security;
alter table auth.invitation_tokens enable row level security;
alter table auth.invitation_tokens force row level security;
alter table auth.jwt_secrets enable row level security;
alter table auth.jwt_secrets force row level security;
-- No policies: only the BYPASSRLS owner of the credential functions gets through.

grant select, insert, update, delete on auth.credentials, auth.invitation_tokens, auth.jwt_secrets
    to wellflow_auth;

create function auth.set_jwt_secret(new_secret text) returns void
language sql security definer
set search_path = pg_catalog, auth
as $$
    insert into auth.jwt_secrets (id, secret) values (1, new_secret)
    on conflict (id) do update set secret = excluded.secret, set_at = clock_timestamp()
$$;
alter function auth.set_jwt_secret(text) owner to wellflow_auth;
comment on function auth.set_jwt_secret(text) is 'Deploy-time only (superuser): stores the JWT secret PostgREST is configured with.';

create function auth.base64url(data bytea) returns text
language sql immutable strict
set search_path = pg_catalog
as $$ select translate(rtrim(encode(data, 'base64'), '='), E'+/\n', '-_') $$;

create function auth.base64url_decode(encoded text) returns json
language sql immutable strict
set search_path = pg_catalog
as $$
    select convert_from(decode(rpad(translate(encoded, '-_', '+/'),
                                    (length(encoded) + 3) / 4 * 4, '='), 'base64'), 'utf8')::json
$$;

create function auth.sign_jwt(claims json) returns text
language plpgsql stable security definer
set search_path = pg_catalog, public, auth
as $$
declare
    signing_secret text := (select s.secret from auth.jwt_secrets s where s.id = 1);
    signing_input text;
begin
    if signing_secret is null then
        raise exception 'JWT secret not provisioned: run the deploy step that calls auth.set_jwt_secret';
    end if;
    signing_input := auth.base64url(convert_to('{"alg":"HS256","typ":"JWT"}', 'utf8'))
        || '.' || auth.base64url(convert_to(claims::text, 'utf8'));
    return signing_input || '.'
        || auth.base64url(hmac(convert_to(signing_input, 'utf8'), convert_to(signing_secret, 'utf8'), 'sha256'));
end
$$;
alter function auth.sign_jwt(json) owner to wellflow_auth;
comment on function auth.sign_jwt(json) is 'Signs claims as an HS256 JWT with the provisioned secret.';

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

commit;
