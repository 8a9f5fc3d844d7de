-- Verify wellflow:audit_statements on pg
select 1 / count(*) from pg_proc where oid = 'app.audit_statement_change()'::regprocedure;
