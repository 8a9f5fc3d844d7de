-- Deploy wellflow:audit_statements to pg
-- Frozen copy of sql/audit_statements.sql as first released; later changes alter, never edit this file.
begin;

-- Audit for time-series tables: one audit row per statement and group (e.g. per well) holding
-- every changed row, so a 50,000-row import writes tens of audit rows, not 50,000.
set local role wellflow_owner;

-- Trigger arguments: the column that groups rows (row_id of the audit row), then columns to redact.
-- Attach three times (after insert / update / delete, for each statement) with the transition
-- tables named new_rows and old_rows.
create function app.audit_statement_change() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app, audit
as $$
declare
    group_column text := tg_argv[0];
    old_side text := case when tg_op in ('UPDATE', 'DELETE') then
        format('select organization_id, %I as group_id, jsonb_agg(to_jsonb(o)) as rows from old_rows o group by 1, 2',
               group_column) else 'select null::uuid, null::uuid, null::jsonb where false' end;
    new_side text := case when tg_op in ('INSERT', 'UPDATE') then
        format('select organization_id, %I as group_id, jsonb_agg(to_jsonb(n)) as rows from new_rows n group by 1, 2',
               group_column) else 'select null::uuid, null::uuid, null::jsonb where false' end;
begin
    execute format($sql$
        insert into audit.changes (organization_id, table_name, row_id, action, old_row, new_row, user_id, org_role,
                                   request_id)
        select coalesce(o.organization_id, n.organization_id), %L, coalesce(o.group_id, n.group_id), %L::audit.action,
               o.rows, n.rows, app.current_user_id(), app.current_org_role(), app.current_request_id()
          from (%s) o (organization_id, group_id, rows)
          full join (%s) n (organization_id, group_id, rows) using (organization_id, group_id)
        $sql$, tg_table_name, lower(tg_op), old_side, new_side);
    return null;
end
$$;
comment on function app.audit_statement_change() is
    'Statement trigger for time series: one audit row per statement and group column value, old and new rows as JSON arrays.';

commit;
