-- The Procrastinate job queue, installed from the pinned package's own schema file
-- (psql variable procrastinate_schema_file, set by scripts/wellflow) into its own schema.
reset role;
create schema procrastinate authorization wellflow_owner;
comment on schema procrastinate is 'The Procrastinate job queue (tables, functions) used by the background worker.';
set local role wellflow_owner;
set local search_path = procrastinate, pg_catalog;
\i :procrastinate_schema_file
reset search_path;

grant usage on schema procrastinate to wellflow_worker;
grant select, insert, update, delete on all tables in schema procrastinate to wellflow_worker;
grant usage, select on all sequences in schema procrastinate to wellflow_worker;
grant execute on all functions in schema procrastinate to wellflow_worker;
