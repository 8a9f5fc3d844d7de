-- The HS256 signing secret shared with PostgREST, and the signing itself, done in SQL with
-- pgcrypto. The secret sits in an owner-only table: any role can read a database setting.
set local role wellflow_owner;

create table auth.jwt_secrets (
    id smallint primary key default 1 constraint jwt_secrets_single_row check (id = 1),
    secret text not null constraint jwt_secrets_secret_length check (length(secret) >= 32),
    set_at timestamptz not null default clock_timestamp()
);
comment on table auth.jwt_secrets is 'The HS256 signing secret shared with PostgREST; set at deploy time by auth.set_jwt_secret.';
alter table auth.jwt_secrets enable row level security;
alter table auth.jwt_secrets force row level security;
grant select, insert, update, delete on auth.jwt_secrets
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
grant execute on function auth.base64url(bytea), auth.base64url_decode(text)
    to wellflow_auth;
