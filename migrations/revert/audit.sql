-- Revert wellflow:audit from pg
begin;
drop trigger email_outbox_audit on app.email_outbox;
drop trigger memberships_audit on app.memberships;
drop trigger organizations_audit on app.organizations;
drop function app.audit_change();
drop function app.current_request_id();
drop table audit.changes;
drop function audit.refuse_change();
drop type audit.action;
revoke usage on schema audit from wellflow_api;
commit;
