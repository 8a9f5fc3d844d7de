-- Schema-wide rules every table must follow; new tables are covered without editing this file.
begin;
set local search_path = tests, public;
select plan(8);

select is_empty($$
    select format('%I.%I', n.nspname, c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'auth', 'audit') and c.relkind in ('r', 'p')
       and not (c.relrowsecurity and c.relforcerowsecurity)
$$, 'every table in app, auth and audit has row level security enabled and forced');

select is_empty($$
    select format('%I.%I', n.nspname, c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'auth', 'audit') and c.relkind in ('r', 'p')
       and (select count(*) from pg_policy p where p.polrelid = c.oid) = 0
       and not c.relispartition
       and format('%I.%I', n.nspname, c.relname) not in
           ('auth.credentials', 'auth.invitation_tokens', 'auth.jwt_secrets', 'auth.unknown_login_attempts',
            'auth.revoked_tokens')
$$, 'every table except the credential stores and partitions has policies (those deny everyone but their owner; partitions are reached through their parent''s policies)');

select is_empty($$
    select format('%s on %s', p.polname, p.polrelid::regclass)
      from pg_policy p
     where p.polrelid::regclass::text like 'app.%'
       and p.polcmd in ('*', 'w') and (p.polqual is null or p.polwithcheck is null)
$$, 'every update or all-command policy has both USING and WITH CHECK');

select is_empty($$
    select format('%I.%I', n.nspname, c.relname)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id'
     where n.nspname = 'app' and c.relkind in ('r', 'p')
       and not exists (select from pg_constraint k where k.conrelid = c.oid and k.contype = 'p'
                         and a.attnum = any (k.conkey))
$$, 'every tenant table has organization_id in its primary key');

select is_empty($$
    select k.conname from pg_constraint k
      join pg_attribute a on a.attrelid = k.conrelid and a.attname = 'organization_id'
     where k.connamespace = 'app'::regnamespace and k.contype in ('u', 'f')
       and not a.attnum = any (k.conkey)
       and k.confrelid is distinct from 'app.users'::regclass
       and coalesce(k.confrelid::regclass::text, '') not like 'ref.%'
$$, 'every unique and foreign key on a tenant table includes organization_id (references to global users and ref codes aside)');

select is_empty($$
    select distinct format('%s on %s.%s', g.privilege_type, g.table_schema, g.table_name)
      from information_schema.role_table_grants g
     where g.grantee in ('wellflow_anon', 'wellflow_user', 'wellflow_analyst', 'PUBLIC')
       and g.table_schema in ('app', 'auth', 'audit', 'procrastinate', 'public')
       -- An extension's own catalogs (PostGIS's spatial_ref_sys, geometry_columns) hold no tenant data.
       and not exists (select from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.deptype = 'e'
                          and d.objid = format('%I.%I', g.table_schema, g.table_name)::regclass)
$$, 'web and analyst roles hold no grant on tables in app, auth, audit, procrastinate or public (extension catalogs aside)');

select is_empty($$
    select c.oid::regclass::text from pg_class c
     where c.relnamespace = 'api'::regnamespace and c.relkind in ('v', 'r', 'm')
       and obj_description(c.oid, 'pg_class') is null
    union all
    select format('%s.%s', c.oid::regclass, a.attname) from pg_class c
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relnamespace = 'api'::regnamespace and c.relkind in ('v', 'r', 'm')
       and col_description(c.oid, a.attnum) is null
    union all
    select p.oid::regprocedure::text from pg_proc p
     where p.pronamespace = 'api'::regnamespace and obj_description(p.oid, 'pg_proc') is null
$$, 'every api view, column and function has a COMMENT (the OpenAPI descriptions)');

select is_empty($$
    select r.rolname from pg_roles r
     where r.rolname like 'wellflow\_%' and r.rolbypassrls and r.rolname <> 'wellflow_auth'
$$, 'no wellflow role but wellflow_auth bypasses row level security');

select * from finish();
rollback;
