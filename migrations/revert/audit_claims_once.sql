-- Revert wellflow:audit_claims_once from pg
-- The released trigger function.
begin;
set local role wellflow_owner;

create or replace function app.audit_statement_change() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app, audit
as $$
declare
    group_column text := tg_argv[0];
    columns text[];
    values_list text;
    old_side text := 'select null::uuid, null::uuid, null::jsonb where false';
    new_side text := 'select null::uuid, null::uuid, null::jsonb where false';
    side constant text := $side$
        select organization_id, %1$I as group_id,
               jsonb_build_object('columns', %2$L::text[], 'rows', json_agg(json_build_array(%3$s))::jsonb)
          from %4$I r group by 1, 2$side$;
begin
    select array_agg(a.attname::text order by a.attnum),
           string_agg(format('r.%I', a.attname), ', ' order by a.attnum)
      into columns, values_list
      from pg_attribute a
     where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped;
    if tg_op in ('UPDATE', 'DELETE') then
        old_side := format(side, group_column, columns, values_list, 'old_rows');
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        new_side := format(side, group_column, columns, values_list, 'new_rows');
    end if;
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
    'Statement trigger for time series: one audit row per statement and group column value; old and new rows '
    'as {"columns": [...], "rows": [[...]]}.';

commit;
