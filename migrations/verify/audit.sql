-- Verify wellflow:audit on pg
select organization_id, id, table_name, row_id, action, old_row, new_row, changed_columns, user_id, org_role,
       request_id, changed_at
  from audit.changes where false;
select 1 / count(*) from pg_trigger where tgname = 'changes_refuse_update_delete';
select 1 / count(*) from pg_trigger where tgname = 'memberships_audit';
