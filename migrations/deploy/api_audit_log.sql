-- Deploy wellflow:api_audit_log to pg
-- Frozen copy of sql/api_audit_log.sql as first released; later changes alter, never edit this file.
begin;

-- The audit log as a read-only REST resource for organization owners and admins.
set local role wellflow_api;

create view api.audit_log as
    select organization_id, id, table_name, row_id, action, old_row, new_row, changed_columns, user_id, org_role,
           request_id, changed_at
      from audit.changes;
comment on view api.audit_log is
    'Every insert, update and delete in the organization, newest last. Read-only; visible to owners and admins only.';
comment on column api.audit_log.organization_id is 'The organization.';
comment on column api.audit_log.id is 'Change id (UUID v7, time-ordered).';
comment on column api.audit_log.table_name is 'The changed resource, e.g. wells, leases, memberships.';
comment on column api.audit_log.row_id is 'The id of the changed row.';
comment on column api.audit_log.action is 'insert, update or delete.';
comment on column api.audit_log.old_row is 'The row before the change (update, delete); secrets redacted.';
comment on column api.audit_log.new_row is 'The row after the change (insert, update); secrets redacted.';
comment on column api.audit_log.changed_columns is 'For updates, the columns whose values changed.';
comment on column api.audit_log.user_id is 'The signed-in user who made the change; null for system changes.';
comment on column api.audit_log.org_role is 'The user''s organization role at the time.';
comment on column api.audit_log.request_id is 'The X-Request-Id of the HTTP request that made the change.';
comment on column api.audit_log.changed_at is 'When the change was made.';

grant select on api.audit_log to wellflow_user;

commit;
