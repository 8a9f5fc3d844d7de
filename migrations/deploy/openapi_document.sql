-- Deploy wellflow:openapi_document to pg
-- The API root serves api.openapi_document(), an OpenAPI document built from the catalogs that
-- lists for each resource only the verbs it takes (app.api_resource_methods); the pre-request
-- hook answers 405 by the same rule.
begin;
set local role wellflow_owner;

-- The verbs a signed-in user may send to an api resource: GET always; POST, PATCH, PUT and DELETE
-- when PostgreSQL can write the relation that way (pg_relation_is_updatable: auto-updatable views
-- and INSTEAD OF triggers) and wellflow_user holds the privilege. Which rows an organization role
-- may then write is for RLS and the row rules to decide.
create function app.api_resource_methods(resource regclass) returns text[]
language sql stable
set search_path = pg_catalog
as $$
    select array_remove(array[
               'GET', 'HEAD', 'OPTIONS',
               case when writable & 8 = 8 and has_any_column_privilege('wellflow_user', resource, 'INSERT')
                    then 'POST' end,
               case when writable & 4 = 4 and has_any_column_privilege('wellflow_user', resource, 'UPDATE')
                    then 'PATCH' end,
               case when writable & 12 = 12 and has_any_column_privilege('wellflow_user', resource, 'INSERT')
                         and has_any_column_privilege('wellflow_user', resource, 'UPDATE')
                    then 'PUT' end,
               case when writable & 16 = 16 and has_table_privilege('wellflow_user', resource, 'DELETE')
                    then 'DELETE' end], null)
      from (select pg_relation_is_updatable(resource, true) as writable) r
$$;
comment on function app.api_resource_methods(regclass) is
    'The HTTP verbs a signed-in user may send to an api resource (GET, HEAD, OPTIONS and the writes PostgreSQL and the grants allow).';

-- A JSON Schema type for a PostgreSQL type, as PostgREST maps them: numbers, integers and
-- booleans by name, json and jsonb untyped, arrays with their element's type, the rest strings.
create function app.openapi_type(type_id oid) returns jsonb
language sql stable
set search_path = pg_catalog
as $$
    select case
        when t.typcategory = 'A' then
            jsonb_build_object('type', 'array', 'items', app.openapi_type(t.typelem))
        when t.oid in ('json'::regtype, 'jsonb'::regtype) then '{}'::jsonb
        when t.oid in ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) then '{"type": "integer"}'
        when t.oid in ('numeric'::regtype, 'real'::regtype, 'double precision'::regtype) then '{"type": "number"}'
        when t.oid = 'boolean'::regtype then '{"type": "boolean"}'
        else '{"type": "string"}'
    end
      from pg_type t
     where t.oid = type_id
$$;
comment on function app.openapi_type(oid) is
    'The OpenAPI type (and array item type) of a PostgreSQL type.';

-- One column's schema: its type, format (the SQL type; with its modifier only for extension types
-- such as geometry(Point,4326), as PostgREST shows them), enum labels, default, and the description
-- from its comment, with PostgREST's key notes for columns that are a base table's key.
create function app.openapi_column(type_id oid, type_modifier integer, column_comment text,
                                   column_default text, key_note text) returns jsonb
language sql stable
set search_path = pg_catalog
as $$
    select jsonb_strip_nulls(
               app.openapi_type(type_id)
               || jsonb_build_object(
                      'format', (select case when t.typnamespace = 'pg_catalog'::regnamespace
                                             then format_type(type_id, null) else format_type(type_id, type_modifier) end
                                   from pg_type t where t.oid = type_id),
                      'maxLength', case when type_id in ('character varying'::regtype, 'character'::regtype)
                                             and type_modifier > 4 then type_modifier - 4 end,
                      'enum', (select jsonb_agg(e.enumlabel order by e.enumsortorder)
                                 from pg_enum e where e.enumtypid = type_id),
                      'default', column_default,
                      'description', nullif(concat_ws(E'\n\nNote:\n', column_comment, key_note), '')))
$$;
comment on function app.openapi_column(oid, integer, text, text, text) is
    'The OpenAPI schema of one column or argument.';

-- Each api view column traced to the base table column it shows (the parser records the origin
-- of every output column in the view's rewrite rule, through subqueries and WITH queries), with
-- PostgREST's notes: the column is the base table's primary key (when the view shows all of it)
-- or a one-column foreign key to a table that the api view of the same name shows.
create function app.openapi_key_notes() returns table (resource oid, column_name name, note text)
language sql stable
set search_path = pg_catalog
as $$
    with origins as (
        select distinct on (v.oid, m[2]) v.oid as view_id, m[2]::name as column_name,
               m[3]::oid as table_id, m[4]::smallint as table_column
          from pg_class v
          join pg_rewrite r on r.ev_class = v.oid and r.rulename = '_RETURN'
          cross join lateral regexp_matches(r.ev_action::text,
              ':resno (\d+) :resname (\S+) :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g') m
          join pg_attribute a on a.attrelid = v.oid and a.attnum = m[1]::smallint and a.attname = m[2]::name
         where v.relnamespace = 'api'::regnamespace and v.relkind = 'v' and m[3] <> '0'
         order by v.oid, m[2], m[3], m[4]
    ),
    primary_keys as (
        select o.view_id, o.column_name
          from origins o
          join pg_constraint k on k.conrelid = o.table_id and k.contype = 'p' and o.table_column = any(k.conkey)
         where (select count(*) from origins o2
                 where o2.view_id = o.view_id and o2.table_id = o.table_id and o2.table_column = any(k.conkey))
               = cardinality(k.conkey)
    ),
    foreign_keys as (
        select o.view_id, o.column_name,
               format('This is a Foreign Key to `%1$s.%2$s`.<fk table=''%1$s'' column=''%2$s''/>',
                      target.relname, target.column_name) as note
          from origins o
          join pg_constraint f on f.conrelid = o.table_id and f.contype = 'f'
                              and f.conkey = array[o.table_column]
          join pg_class referenced on referenced.oid = f.confrelid
          join lateral (
              select c.relname, o2.column_name
                from origins o2
                join pg_class c on c.oid = o2.view_id and c.relname = referenced.relname
               where o2.table_id = f.confrelid and o2.table_column = f.confkey[1]
               limit 1) target on true
    )
    select coalesce(p.view_id, f.view_id), coalesce(p.column_name, f.column_name),
           concat_ws(E'\n', case when p.view_id is not null then 'This is a Primary Key.<pk/>' end, f.note)
      from primary_keys p
      full join foreign_keys f on f.view_id = p.view_id and f.column_name = p.column_name
$$;
comment on function app.openapi_key_notes() is
    'Primary and foreign key notes for api view columns, traced to the base tables.';

-- Named as a media type, PostgREST answers Accept: application/openapi+json with it (and
-- application/json as usual).
set local role wellflow_api;
create domain api."application/openapi+json" as json;
comment on domain api."application/openapi+json" is 'The OpenAPI document''s media type.';

create function api.openapi_document() returns api."application/openapi+json"
language sql stable
set search_path = pg_catalog
as $$
    with resources as (
        select c.oid, c.relname::text as name, obj_description(c.oid, 'pg_class') as comment,
               app.api_resource_methods(c.oid) as methods
          from pg_class c
         where c.relnamespace = 'api'::regnamespace and c.relkind in ('r', 'v', 'm', 'f', 'p')
    ),
    columns as (
        select r.name as resource, a.attnum, a.attname::text as name, col_description(r.oid, a.attnum) as comment,
               app.openapi_column(a.atttypid, a.atttypmod, col_description(r.oid, a.attnum),
                                  pg_get_expr(d.adbin, d.adrelid), n.note) as schema
          from resources r
          join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
          left join pg_attrdef d on d.adrelid = r.oid and d.adnum = a.attnum
          left join app.openapi_key_notes() n on n.resource = r.oid and n.column_name = a.attname
    ),
    functions as (
        select distinct on (p.proname) p.oid, p.proname::text as name,
               obj_description(p.oid, 'pg_proc') as comment, p.pronargs, p.pronargdefaults
          from pg_proc p
         where p.pronamespace = 'api'::regnamespace and p.prokind = 'f'
           and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
         order by p.proname, p.oid
    ),
    arguments as (
        select f.name as function, arg.position, arg.name::text as name,
               arg.position <= f.pronargs - f.pronargdefaults as required,
               app.openapi_column(arg.type_id, -1, null, null, null) as schema
          from functions f
          join pg_proc p on p.oid = f.oid
          cross join lateral unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames,
                                    coalesce(p.proargmodes, array_fill('i'::"char", array[p.pronargs])))
                             with ordinality as arg(type_id, name, mode, position)
         where arg.mode in ('i', 'b', 'v')
    ),
    summaries as (
        select r.name, split_part(r.comment, E'\n', 1) as summary,
               nullif(substr(r.comment, length(split_part(r.comment, E'\n', 1)) + 2), '') as description
          from (select name, comment from resources union all select name, comment from functions) r
    ),
    row_filters as (
        select c.resource, jsonb_agg(jsonb_build_object('$ref', format('#/parameters/rowFilter.%s.%s', c.resource, c.name))
                                     order by c.attnum) as refs
          from columns c
         group by c.resource
    ),
    resource_paths as (
        select '/' || r.name as path,
               jsonb_strip_nulls(jsonb_build_object(
                   'get', jsonb_build_object(
                       'tags', jsonb_build_array(r.name), 'summary', s.summary, 'description', s.description,
                       'parameters', coalesce(f.refs, '[]') || '[{"$ref": "#/parameters/select"},
                           {"$ref": "#/parameters/order"}, {"$ref": "#/parameters/range"},
                           {"$ref": "#/parameters/rangeUnit"}, {"$ref": "#/parameters/offset"},
                           {"$ref": "#/parameters/limit"}, {"$ref": "#/parameters/preferCount"}]'::jsonb,
                       'responses', jsonb_build_object(
                           '200', jsonb_build_object('description', 'OK', 'schema', jsonb_build_object(
                               'items', jsonb_build_object('$ref', '#/definitions/' || r.name), 'type', 'array')),
                           '206', jsonb_build_object('description', 'Partial Content'))),
                   'post', case when 'POST' = any(r.methods) then jsonb_build_object(
                       'tags', jsonb_build_array(r.name), 'summary', s.summary, 'description', s.description,
                       'parameters', jsonb_build_array(jsonb_build_object('$ref', '#/parameters/body.' || r.name))
                                     || '[{"$ref": "#/parameters/select"}, {"$ref": "#/parameters/preferPost"}]'::jsonb,
                       'responses', '{"201": {"description": "Created"}}'::jsonb) end,
                   'patch', case when 'PATCH' = any(r.methods) then jsonb_build_object(
                       'tags', jsonb_build_array(r.name), 'summary', s.summary, 'description', s.description,
                       'parameters', coalesce(f.refs, '[]')
                                     || jsonb_build_array(jsonb_build_object('$ref', '#/parameters/body.' || r.name))
                                     || '[{"$ref": "#/parameters/preferReturn"}]'::jsonb,
                       'responses', '{"204": {"description": "No Content"}}'::jsonb) end,
                   'delete', case when 'DELETE' = any(r.methods) then jsonb_build_object(
                       'tags', jsonb_build_array(r.name), 'summary', s.summary, 'description', s.description,
                       'parameters', coalesce(f.refs, '[]') || '[{"$ref": "#/parameters/preferReturn"}]'::jsonb,
                       'responses', '{"204": {"description": "No Content"}}'::jsonb) end)) as item
          from resources r
          join summaries s on s.name = r.name
          left join row_filters f on f.resource = r.name
    ),
    function_paths as (
        select '/rpc/' || f.name as path,
               jsonb_strip_nulls(jsonb_build_object(
                   'get', jsonb_build_object(
                       'tags', jsonb_build_array('(rpc) ' || f.name), 'summary', s.summary, 'description', s.description,
                       'produces', '["application/json", "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json"]'::jsonb,
                       'parameters', (select jsonb_agg(a.schema - 'description' - 'items' - 'enum'
                                                       || jsonb_build_object('in', 'query', 'name', a.name,
                                                                             'required', a.required,
                                                                             'type', coalesce(a.schema ->> 'type', 'string'))
                                                       order by a.position)
                                        from arguments a where a.function = f.name),
                       'responses', '{"200": {"description": "OK"}}'::jsonb),
                   'post', jsonb_build_object(
                       'tags', jsonb_build_array('(rpc) ' || f.name), 'summary', s.summary, 'description', s.description,
                       'produces', '["application/json", "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json"]'::jsonb,
                       'parameters', jsonb_build_array(
                           jsonb_build_object('in', 'body', 'name', 'args', 'required', true, 'schema',
                               jsonb_strip_nulls(jsonb_build_object(
                                   'description', f.comment, 'type', 'object',
                                   'properties', (select jsonb_object_agg(a.name, a.schema) from arguments a
                                                   where a.function = f.name),
                                   'required', (select jsonb_agg(a.name order by a.position) from arguments a
                                                 where a.function = f.name and a.required)))),
                           jsonb_build_object('$ref', '#/parameters/preferParams')),
                       'responses', '{"200": {"description": "OK"}}'::jsonb))) as item
          from functions f
          join summaries s on s.name = f.name
    ),
    parameters as (
        select jsonb_object_agg(format('rowFilter.%s.%s', c.resource, c.name),
                                jsonb_strip_nulls(jsonb_build_object(
                                    'name', c.name, 'description', c.comment, 'required', false,
                                    'format', c.schema ->> 'format', 'in', 'query', 'type', 'string'))) as filters
          from columns c
    ),
    bodies as (
        select jsonb_object_agg('body.' || r.name, jsonb_build_object(
                   'name', r.name, 'description', r.name, 'required', false, 'in', 'body',
                   'schema', jsonb_build_object('$ref', '#/definitions/' || r.name))) as bodies
          from resources r
    ),
    definitions as (
        select jsonb_object_agg(r.name, jsonb_strip_nulls(jsonb_build_object(
                   'description', r.comment, 'type', 'object',
                   'properties', (select jsonb_object_agg(c.name, c.schema) from columns c where c.resource = r.name))))
                   as definitions
          from resources r
    ),
    request as (
        select coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb as headers
    )
    select jsonb_build_object(
        'swagger', '2.0',
        'info', jsonb_build_object(
            'title', coalesce(split_part(obj_description('api'::regnamespace, 'pg_namespace'), E'\n', 1), 'WellFlow API'),
            'description', coalesce(nullif(substr(obj_description('api'::regnamespace, 'pg_namespace'),
                length(split_part(obj_description('api'::regnamespace, 'pg_namespace'), E'\n', 1)) + 2), ''), ''),
            'version', '12.0.2'),
        'host', coalesce(rq.headers ->> 'x-forwarded-host', rq.headers ->> 'host', 'localhost'),
        'basePath', '/',
        'schemes', jsonb_build_array(coalesce(rq.headers ->> 'x-forwarded-proto', 'http')),
        'consumes', '["application/json", "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json", "text/csv"]'::jsonb,
        'produces', '["application/json", "application/vnd.pgrst.object+json;nulls=stripped", "application/vnd.pgrst.object+json", "text/csv"]'::jsonb,
        'paths', jsonb_build_object('/', '{"get": {"tags": ["Introspection"], "summary": "OpenAPI description (this document)", "produces": ["application/openapi+json", "application/json"], "responses": {"200": {"description": "OK"}}}}'::jsonb)
                 || (select jsonb_object_agg(path, item) from resource_paths)
                 || (select jsonb_object_agg(path, item) from function_paths),
        'definitions', d.definitions,
        'parameters', '{
            "preferParams": {"name": "Prefer", "description": "Preference", "required": false, "enum": ["params=single-object"], "in": "header", "type": "string"},
            "preferReturn": {"name": "Prefer", "description": "Preference", "required": false, "enum": ["return=representation", "return=minimal", "return=none"], "in": "header", "type": "string"},
            "preferCount": {"name": "Prefer", "description": "Preference", "required": false, "enum": ["count=none"], "in": "header", "type": "string"},
            "preferPost": {"name": "Prefer", "description": "Preference", "required": false, "enum": ["return=representation", "return=minimal", "return=none", "resolution=ignore-duplicates", "resolution=merge-duplicates"], "in": "header", "type": "string"},
            "select": {"name": "select", "description": "Filtering Columns", "required": false, "in": "query", "type": "string"},
            "on_conflict": {"name": "on_conflict", "description": "On Conflict", "required": false, "in": "query", "type": "string"},
            "order": {"name": "order", "description": "Ordering", "required": false, "in": "query", "type": "string"},
            "range": {"name": "Range", "description": "Limiting and Pagination", "required": false, "in": "header", "type": "string"},
            "rangeUnit": {"name": "Range-Unit", "description": "Limiting and Pagination", "required": false, "default": "items", "in": "header", "type": "string"},
            "offset": {"name": "offset", "description": "Limiting and Pagination", "required": false, "in": "query", "type": "string"},
            "limit": {"name": "limit", "description": "Limiting and Pagination", "required": false, "in": "query", "type": "string"}
        }'::jsonb || p.filters || b.bodies,
        'externalDocs', '{"description": "PostgREST Documentation", "url": "https://postgrest.org/en/v12.0/api.html"}'::jsonb
    )::json::api."application/openapi+json"
      from definitions d, parameters p, bodies b, request rq
$$;
comment on function api.openapi_document() is
    'This OpenAPI (Swagger 2.0) document, served at the API root: every resource with the verbs it takes, every function, every column with its description.';

set local role wellflow_owner;
grant execute on function app.api_resource_methods(regclass) to wellflow_auth, wellflow_anon, wellflow_user;
grant execute on function app.openapi_type(oid), app.openapi_column(oid, integer, text, text, text),
                          app.openapi_key_notes()
    to wellflow_api, wellflow_anon, wellflow_user;
set local role wellflow_api;
grant usage on domain api."application/openapi+json" to wellflow_anon, wellflow_user;
grant execute on function api.openapi_document() to wellflow_anon, wellflow_user;

set local role wellflow_owner;
create or replace function app.refuse_unsupported_verb() returns void
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

commit;
