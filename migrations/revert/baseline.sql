-- Revert wellflow:baseline from pg
-- Removes everything the baseline created in this database. Roles are cluster-wide and other
-- databases on the same cluster (test clones, other environments) still own objects through
-- them, so they stay.
begin;
drop schema api cascade;
drop schema audit cascade;
drop schema ref cascade;
drop schema auth cascade;
drop schema app cascade;
drop schema procrastinate cascade;
-- TimescaleDB stays: it can only be dropped as the first command of a fresh session, and the
-- baseline re-uses it (create extension if not exists).
drop extension if exists btree_gist;
drop extension if exists citext;
drop extension if exists pgcrypto;
alter default privileges for role wellflow_owner grant execute on functions to public;
alter default privileges for role wellflow_api grant execute on functions to public;
alter default privileges for role wellflow_auth grant execute on functions to public;
alter default privileges grant execute on functions to public;
grant create, usage on schema public to public;
commit;
