-- Schemas, extensions and deny-by-default privileges: nothing is granted unless a file grants it.
-- Run as the deploying superuser: extensions and roles need it.
reset role;
revoke all on schema public from public;
alter default privileges revoke execute on functions from public;
alter default privileges for role wellflow_owner revoke execute on functions from public;
alter default privileges for role wellflow_api revoke execute on functions from public;
alter default privileges for role wellflow_auth revoke execute on functions from public;

create extension if not exists pgcrypto with schema public;
create extension if not exists citext with schema public;
-- Exclusion constraints over (uuid, daterange) pairs, e.g. division orders that must not overlap.
create extension if not exists btree_gist with schema public;
-- Well locations and lease boundaries as geometries (SRID 4326), so /wells answers GeoJSON and a
-- desktop GIS opens the views.
create extension if not exists postgis with schema public;

-- TimescaleDB is optional: present on the PostgreSQL 17 path, absent on the host's 15.
do $$
begin
    if exists (select from pg_available_extensions where name = 'timescaledb') then
        execute 'create extension if not exists timescaledb with schema public';
    end if;
end
$$;

create schema app authorization wellflow_owner;
create schema auth authorization wellflow_owner;
create schema ref authorization wellflow_owner;
create schema audit authorization wellflow_owner;
create schema api authorization wellflow_api;

comment on schema app is 'WellFlow tables, triggers and business rules. Private: clients use the api schema.';
comment on schema auth is 'Credentials, JWT signing and claim checks. Reached only through security-definer functions.';
comment on schema ref is 'Shared reference data (well-number codes, tax rates, filing rules), readable by everyone.';
comment on schema audit is 'Append-only change log, written by triggers.';
comment on schema api is 'WellFlow REST API: the views and functions PostgREST exposes.';

grant usage on schema api to wellflow_anon, wellflow_user, wellflow_analyst;
grant usage on schema public to wellflow_owner, wellflow_api, wellflow_auth, wellflow_anon,
    wellflow_user, wellflow_worker, wellflow_analyst, wellflow_analyst_admin;
grant usage on schema ref to wellflow_api, wellflow_auth, wellflow_worker, wellflow_analyst,
    wellflow_user, wellflow_anon;
-- Web roles need usage on app for the helper functions policies call; they hold no table grants there.
grant usage on schema app to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_anon,
    wellflow_analyst, wellflow_analyst_admin;
grant usage, create on schema app, auth to wellflow_auth;
-- The analyst login functions live in auth, owned by wellflow_analyst_admin.
grant usage, create on schema auth to wellflow_analyst_admin;
-- PostgREST calls auth.check_request (db-pre-request) as the web role; auth tables stay ungranted.
grant usage on schema auth to wellflow_anon, wellflow_user;
-- The api.analyst_logins view reads auth.analyst_logins(); auth tables stay ungranted.
grant usage on schema auth to wellflow_api;
grant usage, create on schema api to wellflow_owner, wellflow_auth;
grant execute on all functions in schema public to wellflow_owner, wellflow_api, wellflow_auth,
    wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst, wellflow_analyst_admin;
