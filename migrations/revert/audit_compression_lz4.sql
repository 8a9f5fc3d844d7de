-- Revert wellflow:audit_compression_lz4 from pg
-- New row images are compressed with the server's default again.
begin;
set local role wellflow_owner;
alter table audit.changes alter column old_row set compression default, alter column new_row set compression default;
commit;
