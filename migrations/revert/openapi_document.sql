-- Revert wellflow:openapi_document from pg
-- PostgREST's own document again (postgrest.conf without db-root-spec), and the 405 rule by
-- updatability alone.
begin;
set local role wellflow_owner;
create or replace function app.refuse_unsupported_verb() returns void
language plpgsql stable
set search_path = pg_catalog
as $$
declare
    method constant text := current_setting('request.method', true);
    resource regclass;
    supported integer;
    needed integer;
    allowed text;
begin
    if method is null or method not in ('POST', 'PATCH', 'PUT', 'DELETE')
       or current_setting('request.path', true) like '/rpc/%' then
        return;
    end if;
    resource := to_regclass(format('api.%I', split_part(ltrim(current_setting('request.path', true), '/'), '/', 1)));
    if resource is null then
        return;  -- PostgREST answers its own 404
    end if;
    supported := pg_relation_is_updatable(resource, true);
    needed := case method when 'POST' then 8 when 'PATCH' then 4 when 'DELETE' then 16 else 12 end;
    if supported & needed = needed then
        return;
    end if;
    allowed := concat_ws(', ', 'GET', 'HEAD', 'OPTIONS', case when supported & 8 = 8 then 'POST' end,
                         case when supported & 4 = 4 then 'PATCH' end, case when supported & 12 = 12 then 'PUT' end,
                         case when supported & 16 = 16 then 'DELETE' end);
    raise sqlstate 'PGRST' using
        message = app.error_body('WF_METHOD_NOT_ALLOWED',
                                 format('%s is not supported on /%s', method, split_part(resource::text, '.', 2)),
                                 'method', 'Allowed: ' || allowed)::text,
        detail = json_build_object('status', 405, 'headers', json_build_object('Allow', allowed))::text;
end
$$;
comment on function app.refuse_unsupported_verb() is
    'Pre-request rule: 405 WF_METHOD_NOT_ALLOWED (with an Allow header) for a verb the resource does not take.';

set local role wellflow_api;
drop function api.openapi_document();
drop domain api."application/openapi+json";
set local role wellflow_owner;
drop function app.openapi_key_notes();
drop function app.openapi_column(oid, integer, text, text, text);
drop function app.openapi_type(oid);
drop function app.api_resource_methods(regclass);

commit;
