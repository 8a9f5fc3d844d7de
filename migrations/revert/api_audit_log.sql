-- Revert wellflow:api_audit_log from pg
begin;
drop view api.audit_log;
commit;
