-- Deploy wellflow:helpers to pg
-- Frozen copy of sql/helpers.sql as first released; later changes alter, never edit this file.
begin;

-- Shared building blocks: ids, timestamps, errors and the tenant context.
set local role wellflow_owner;

-- UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so new
-- keys land at the right-hand end of B-tree indexes.
create function app.uuid_generate_v7() returns uuid
language plpgsql volatile parallel safe
set search_path = pg_catalog, public
as $$
declare
    unix_ms bigint := (extract(epoch from clock_timestamp()) * 1000)::bigint;
    bytes bytea := gen_random_bytes(16);
begin
    bytes := overlay(bytes placing substring(int8send(unix_ms) from 3) from 1 for 6);
    bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);  -- version 7
    bytes := set_byte(bytes, 8, (get_byte(bytes, 8) & 63) | 128);  -- RFC 9562 variant
    return encode(bytes, 'hex')::uuid;
end
$$;
comment on function app.uuid_generate_v7() is 'Time-ordered UUID version 7 used as the default for every id column.';

create function app.set_updated_at() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
    new.updated_at := clock_timestamp();
    return new;
end
$$;
comment on function app.set_updated_at() is 'Trigger: stamps updated_at on every update.';

-- The body of every WellFlow error, raised or returned: {code, message, details, hint},
-- the shape PostgREST uses for its own errors; details names the offending field.
create function app.error_body(code text, message text, details text default null, hint text default null)
returns json
language sql immutable
set search_path = pg_catalog
as $$ select json_build_object('code', code, 'message', message, 'details', details, 'hint', hint) $$;
comment on function app.error_body(text, text, text, text) is 'The JSON body of a WellFlow error.';

-- Our own rule violations: PostgREST turns sqlstate PGRST into an HTTP status and
-- a JSON body; the detail must carry "headers" or PostgREST 12 answers 500.
create function app.raise_error(
    http_status integer, code text, message text,
    details text default null, hint text default null
) returns void
language plpgsql
set search_path = pg_catalog
as $$
begin
    raise sqlstate 'PGRST' using
        message = app.error_body(code, message, details, hint)::text,
        detail = json_build_object('status', http_status, 'headers', json_build_object())::text;
end
$$;
comment on function app.raise_error(integer, text, text, text, text) is
    'Raises a WellFlow error: HTTP status, stable code, message, details (the offending field), hint.';

-- Analysts log in with their own role; this table binds each such login to one organization.
create table auth.analyst_organizations (
    role_name name primary key,
    organization_id uuid not null
);
comment on table auth.analyst_organizations is
    'Binds an analyst login role (member of wellflow_analyst) to the one organization its SQL may read.';
alter table auth.analyst_organizations enable row level security;
alter table auth.analyst_organizations force row level security;
create policy analyst_organizations_own_row on auth.analyst_organizations
    for select using (role_name = session_user) ;

-- Request claims are only trusted on connections whose login role sets them honestly:
-- PostgREST's authenticator, the job worker and superusers (which bypass RLS anyway).
-- Anyone else can `set request.jwt.claims` to anything, so their claims are ignored.
create function app.claims_trusted() returns boolean
language sql stable
set search_path = pg_catalog
as $$
    select session_user::text in ('wellflow_authenticator', 'wellflow_worker')
        or coalesce((select rolsuper from pg_roles where rolname = session_user), false)
$$;
comment on function app.claims_trusted() is 'True when request.jwt.claims on this connection come from PostgREST, the worker or a superuser.';

create function app.current_claim(claim text) returns text
language sql stable
set search_path = pg_catalog, app
as $$
    -- On a pooled connection the setting reads '' once it has been set, never NULL.
    select case when app.claims_trusted()
        then nullif(nullif(current_setting('request.jwt.claims', true), '')::json ->> claim, '')
    end
$$;
comment on function app.current_claim(text) is 'One claim of the current request token, or NULL when absent or untrusted.';

create function app.current_organization_id() returns uuid
language sql stable security definer
set search_path = pg_catalog, app, auth
as $$
    select case when app.claims_trusted()
        then app.current_claim('org_id')::uuid
        else (select a.organization_id from auth.analyst_organizations a
              where a.role_name = session_user)
    end
$$;
comment on function app.current_organization_id() is
    'The organization of the current request: from the token on trusted connections, from the analyst mapping otherwise.';

create function app.current_user_id() returns uuid
language sql stable
set search_path = pg_catalog, app
as $$ select app.current_claim('sub')::uuid $$;
comment on function app.current_user_id() is 'The signed-in user of the current request, or NULL.';

create function app.current_org_role() returns text
language sql stable
set search_path = pg_catalog, app
as $$ select app.current_claim('org_role') $$;
comment on function app.current_org_role() is 'The organization role (owner, admin, manager, engineer, accountant, viewer) of the current request.';

create function app.current_role_in(variadic roles text[]) returns boolean
language sql stable
set search_path = pg_catalog, app
as $$ select coalesce(app.current_org_role() = any (roles), false) $$;
comment on function app.current_role_in(text[]) is 'True when the current organization role is one of the given roles; used by write policies.';

grant execute on function app.uuid_generate_v7(), app.claims_trusted(), app.current_claim(text),
    app.current_organization_id(), app.current_user_id(), app.current_org_role(),
    app.current_role_in(text[]), app.raise_error(integer, text, text, text, text),
    app.error_body(text, text, text, text)
    to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst;

commit;
