-- Deploy wellflow:serving_role_timeouts to pg
-- Statement and lock time limits for every role that serves requests (see sql/core/roles.sql).
-- Role settings are cluster-wide; PostgREST applies the role-wide ones (pg_roles.rolconfig).
begin;
alter role wellflow_user set statement_timeout = '30s';
alter role wellflow_user set lock_timeout = '5s';
alter role wellflow_anon set statement_timeout = '5s';
alter role wellflow_anon set lock_timeout = '2s';
alter role wellflow_analyst set statement_timeout = '120s';
alter role wellflow_analyst set lock_timeout = '10s';
alter role wellflow_authenticator set statement_timeout = '60s';
alter role wellflow_authenticator set lock_timeout = '10s';
alter role wellflow_authenticator set idle_in_transaction_session_timeout = '60s';
commit;
