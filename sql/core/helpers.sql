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

-- A verb a resource does not take is a 405 naming the ones it takes (app.api_resource_methods, the
-- rule the OpenAPI document lists verbs by): a read-only view would otherwise answer 500 ("cannot
-- insert into view"), since PostgreSQL refuses it before it checks privileges. Called by the
-- pre-request hook for every request; RPCs and reads pass untouched.
create function app.refuse_unsupported_verb() returns void
language plpgsql stable
set search_path = pg_catalog
as $$
declare
    method constant text := current_setting('request.method', true);
    resource regclass;
    allowed text[];
begin
    if method is null or method not in ('POST', 'PATCH', 'PUT', 'DELETE')
       or current_setting('request.path', true) like '/rpc/%' then
        return;
    end if;
    resource := to_regclass(format('api.%I', split_part(ltrim(current_setting('request.path', true), '/'), '/', 1)));
    if resource is null then
        return;  -- PostgREST answers its own 404
    end if;
    allowed := app.api_resource_methods(resource);
    if method = any(allowed) then
        return;
    end if;
    raise sqlstate 'PGRST' using
        message = app.error_body('WF_METHOD_NOT_ALLOWED',
                                 format('%s is not supported on /%s', method, split_part(resource::text, '.', 2)),
                                 'method', 'Allowed: ' || array_to_string(allowed, ', '))::text,
        detail = json_build_object('status', 405, 'headers', json_build_object('Allow', array_to_string(allowed, ', ')))::text;
end
$$;
comment on function app.refuse_unsupported_verb() is
    'Pre-request rule: 405 WF_METHOD_NOT_ALLOWED (with an Allow header) for a verb the resource does not take.';
grant execute on function app.refuse_unsupported_verb() to wellflow_auth;

grant execute on function app.uuid_generate_v7(), app.raise_error(integer, text, text, text, text), app.error_body(text, text, text, text)
    to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst;
