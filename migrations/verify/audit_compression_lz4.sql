-- Verify wellflow:audit_compression_lz4 on pg
-- Raises unless the audit log's row images are compressed with lz4.
select 1 / (count(*) = 2)::integer from pg_attribute
 where attrelid = 'audit.changes'::regclass and attname in ('old_row', 'new_row') and attcompression = 'l';
