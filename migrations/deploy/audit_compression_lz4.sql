-- Deploy wellflow:audit_compression_lz4 to pg
-- The audit log's row images are compressed with lz4: statement audits of bulk writes hold tens of
-- megabytes a statement, and lz4 compresses them several times faster than pglz. Rows already
-- written keep their compression; the change touches the catalog only.
begin;
set local role wellflow_owner;
alter table audit.changes alter column old_row set compression lz4, alter column new_row set compression lz4;
commit;
