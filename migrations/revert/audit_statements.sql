-- Revert wellflow:audit_statements from pg
begin;
drop function app.audit_statement_change();
commit;
