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
            ('wellflow_analyst',       'nologin inherit nobypassrls'),
            ('wellflow_analyst_admin', 'nologin inherit createrole nobypassrls')
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
-- Analyst logins are created and dropped by functions this role owns (sql/auth/analyst_logins.sql):
-- it makes a login a member of wellflow_analyst and ends the sessions of a login it revokes. No
-- role is a member of it.
grant wellflow_analyst to wellflow_analyst_admin with admin option;
-- Ending another role's sessions takes the privileges of pg_signal_backend, not only membership:
-- the role inherits (and on PostgreSQL 16 and later the grant must say so, whatever it said before).
do $$
begin
    if current_setting('server_version_num')::integer >= 160000 then
        execute 'grant pg_signal_backend to wellflow_analyst_admin with inherit true';
    else
        execute 'grant pg_signal_backend to wellflow_analyst_admin';
    end if;
end
$$;

comment on role wellflow_analyst_admin is
    'Owns only the functions that create and revoke analyst logins (members of wellflow_analyst).';
comment on role wellflow_auth is
    'Owns only the credential functions (login, token checks): they run before any tenant is known, so they bypass RLS.';

-- Time limits for every role that serves requests, so one request cannot hold a connection, a
-- lock or a core for long. PostgREST applies the settings of the role it switches to (the token's
-- role) in each request's transaction; the authenticator's are the backstop for PostgREST's own
-- queries. Change one with `alter role wellflow_user set statement_timeout = '60s'` and
-- `notify pgrst, 'reload config'`: PostgREST reads role-wide settings only (pg_roles.rolconfig),
-- not `alter role ... in database` ones.
alter role wellflow_user set statement_timeout = '30s';
alter role wellflow_user set lock_timeout = '5s';
alter role wellflow_anon set statement_timeout = '5s';
alter role wellflow_anon set lock_timeout = '2s';
-- PostgreSQL applies role settings of the login role only, never of its groups: each analyst
-- login takes a copy of wellflow_analyst's settings when it is created (auth.create_analyst_login).
alter role wellflow_analyst set statement_timeout = '120s';
alter role wellflow_analyst set lock_timeout = '10s';
alter role wellflow_analyst set idle_in_transaction_session_timeout = '60s';
alter role wellflow_authenticator set statement_timeout = '60s';
alter role wellflow_authenticator set lock_timeout = '10s';
alter role wellflow_authenticator set idle_in_transaction_session_timeout = '60s';
