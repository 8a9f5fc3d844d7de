-- Verify wellflow:baseline on pg
-- Raises unless the schemas, roles and tenant-isolation guarantees the baseline promises hold.
do $$
declare
    unprotected text;
begin
    if (select count(*) from pg_namespace
         where nspname in ('app', 'api', 'auth', 'ref', 'audit', 'procrastinate')) <> 6 then
        raise exception 'a wellflow schema is missing';
    end if;
    if (select count(*) from pg_roles where rolname in ('wellflow_owner', 'wellflow_api', 'wellflow_auth',
            'wellflow_authenticator', 'wellflow_anon', 'wellflow_user', 'wellflow_worker', 'wellflow_analyst')) <> 8 then
        raise exception 'a wellflow role is missing';
    end if;
    if exists (select from pg_roles where rolname like 'wellflow\_%' and rolbypassrls and rolname <> 'wellflow_auth') then
        raise exception 'only wellflow_auth may bypass row level security';
    end if;
    if has_schema_privilege('public', 'public', 'create') then
        raise exception 'public may still create in schema public';
    end if;
    select string_agg(c.oid::regclass::text, ', ') into unprotected
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('app', 'auth', 'audit') and c.relkind in ('r', 'p')
       and not c.relispartition and not (c.relrowsecurity and c.relforcerowsecurity)
       and c.relname !~ '^_hyper';
    if unprotected is not null then
        raise exception 'tables without enabled and forced row level security: %', unprotected;
    end if;
    perform 'app.wells'::regclass, 'app.production'::regclass, 'api.wells'::regclass, 'api.login(text, text, uuid)'::regprocedure;
end
$$;
