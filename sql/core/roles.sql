-- Cluster-wide roles (docs/architecture.md lists what each may do). Roles are shared by every database on the cluster,
-- so creation is idempotent and nothing here depends on the current database.
-- Run as the deploying superuser: extensions and roles need it.
reset role;
do $$
declare
    spec record;
begin
    for spec in
        select * from (values
            ('wellflow_owner',         'nologin inherit nobypassrls'),
            ('wellflow_api',           'nologin noinherit nobypassrls'),
            ('wellflow_auth',          'nologin noinherit bypassrls'),
            ('wellflow_authenticator', 'login noinherit nobypassrls'),
            ('wellflow_anon',          'nologin noinherit nobypassrls'),
            ('wellflow_user',          'nologin noinherit nobypassrls'),
            ('wellflow_worker',        'login noinherit nobypassrls'),
            ('wellflow_analyst',       'nologin inherit nobypassrls')
        ) as r(name, options)
    loop
        if not exists (select from pg_roles where rolname = spec.name) then
            execute format('create role %I %s', spec.name, spec.options);
        else
            execute format('alter role %I %s', spec.name, spec.options);
        end if;
    end loop;
end
$$;

-- PostgREST may only switch to the two web roles.
grant wellflow_anon, wellflow_user to wellflow_authenticator;
-- Migrations act as wellflow_owner and hand views to wellflow_api and the few
-- credential functions to wellflow_auth, which needs membership in both.
grant wellflow_api, wellflow_auth to wellflow_owner;

comment on role wellflow_auth is
    'Owns only the credential functions (login, token checks): they run before any tenant is known, so they bypass RLS.';
