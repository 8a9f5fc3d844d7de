-- Append-only change log: one generic trigger on every tenant table.
set local role wellflow_owner;

create type audit.action as enum ('insert', 'update', 'delete');

create table audit.changes (
    organization_id uuid not null,
    id uuid not null default app.uuid_generate_v7(),
    table_name text not null,
    row_id uuid,
    action audit.action not null,
    -- lz4 rather than the default pglz: statement audits of bulk writes hold tens of megabytes a
    -- statement, and lz4 compresses them several times faster (a month's JIB lines: about a third
    -- less time writing the audit).
    old_row jsonb compression lz4,
    new_row jsonb compression lz4,
    changed_columns text[],
    user_id uuid,
    org_role text,
    request_id text,
    database_role text not null default session_user,
    transaction_id xid8 not null default pg_current_xact_id(),
    changed_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id)
);
comment on table audit.changes is
    'Every insert, update and delete on tenant tables: who, which request, the row before and after. Never updated or deleted.';
create index changes_row_idx on audit.changes (organization_id, table_name, row_id);
create index changes_changed_at_idx on audit.changes (organization_id, changed_at desc);

alter table audit.changes enable row level security;
alter table audit.changes force row level security;

-- Rows are written only by app.audit_change (security definer, runs as wellflow_owner).
create policy changes_trigger_insert on audit.changes
    for insert to wellflow_owner
    with check (true);

create policy changes_admin_read on audit.changes
    for select
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('admins')));

-- No update or delete policy exists, and these triggers stop the table owner and superusers too.
create function audit.refuse_change() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    perform app.raise_error(403, 'WF_AUDIT_APPEND_ONLY', 'The audit log is append-only: rows cannot be changed or removed',
        null, null);
    return null;
end
$$;
comment on function audit.refuse_change() is 'Trigger: refuses update, delete and truncate on the audit log.';

create trigger changes_refuse_update_delete before update or delete on audit.changes
    for each row execute function audit.refuse_change();
create trigger changes_refuse_truncate before truncate on audit.changes
    for each statement execute function audit.refuse_change();

revoke update, delete, truncate on audit.changes from wellflow_owner;
grant usage on schema audit to wellflow_api;
grant select on audit.changes to wellflow_api;

-- The request id nginx forwards as X-Request-Id (PostgREST exposes headers to SQL).
create function app.current_request_id() returns text
language sql stable
set search_path = pg_catalog
as $$ select nullif(nullif(current_setting('request.headers', true), '')::json ->> 'x-request-id', '') $$;
comment on function app.current_request_id() is 'The X-Request-Id of the current HTTP request, or NULL outside one.';

-- Trigger arguments: the columns to redact (secrets that must not be copied into the log).
create function app.audit_change() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app, audit
as $$
declare
    old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
    changed text[];
    subject jsonb := coalesce(new_row, old_row);
    redacted text;
begin
    foreach redacted in array coalesce(tg_argv::text[], '{}') loop
        if old_row ? redacted then old_row := jsonb_set(old_row, array[redacted], '"[redacted]"'); end if;
        if new_row ? redacted then new_row := jsonb_set(new_row, array[redacted], '"[redacted]"'); end if;
    end loop;
    if tg_op = 'UPDATE' then
        select array_agg(n.key order by n.key) into changed
          from jsonb_each(to_jsonb(new)) n
         where n.key <> 'updated_at' and n.value is distinct from to_jsonb(old) -> n.key;
        if changed is null then
            return null;  -- nothing but updated_at changed
        end if;
    end if;
    insert into audit.changes (organization_id, table_name, row_id, action, old_row, new_row, changed_columns,
                               user_id, org_role, request_id)
    values (coalesce((subject ->> 'organization_id')::uuid,
                     case when tg_table_name = 'organizations' then (subject ->> 'id')::uuid end),
            tg_table_name, (subject ->> 'id')::uuid, lower(tg_op)::audit.action, old_row, new_row, changed,
            app.current_user_id(), app.current_org_role(), app.current_request_id());
    return null;
end
$$;
comment on function app.audit_change() is
    'Trigger: writes the change to audit.changes with the user, role and request id; arguments name columns to redact.';
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.audit_log as
    with readable as (
        select organization_id, id, table_name, row_id, action, old_row, new_row, changed_columns, user_id, org_role,
               request_id, changed_at
          from audit.changes)
    select * from readable;
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
-- Audit for time-series tables: one audit row per statement and group (e.g. per well) holding
-- every changed row, so a 50,000-row import writes tens of audit rows, not 50,000.
set local role wellflow_owner;

-- Trigger arguments: the column that groups rows (row_id of the audit row), then columns to redact.
-- Attach three times (after insert / update / delete, for each statement) with the transition
-- tables named new_rows and old_rows.
-- Rows are stored column-wise, {"columns": [...], "rows": [[...], ...]}: the same data as one
-- object per row at a quarter of the cost (measured: 0.14 s against 0.96 s for 82,000 rows).
create function app.audit_statement_change() returns trigger
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
               o.rows, n.rows, (select app.current_user_id()), (select app.current_org_role()),
               (select app.current_request_id())
          from (%s) o (organization_id, group_id, rows)
          full join (%s) n (organization_id, group_id, rows) using (organization_id, group_id)
        $sql$, tg_table_name, lower(tg_op), old_side, new_side);
    return null;
end
$$;
comment on function app.audit_statement_change() is
    'Statement trigger for time series: one audit row per statement and group column value; old and new rows '
    'as {"columns": [...], "rows": [[...]]}.';

-- Columns that record who did something (created_by, decided_by, ...) hold the signed-in user,
-- never a value the client chose: in a request with a user, a listed column written with a value
-- (on insert, or changed on update) is set to that user. Without a user (the worker, migrations,
-- seeds) values stay as written. Trigger arguments: the column names. tests/core/test_actor_columns.py
-- checks that every such column of app has this trigger.
create function app.stamp_actor() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    actor constant uuid := app.current_user_id();
    column_name text;
    written jsonb := to_jsonb(new);
    stamped jsonb := '{}'::jsonb;
begin
    if actor is null then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        if written ->> column_name is not null
           and (tg_op = 'INSERT' or written -> column_name is distinct from to_jsonb(old) -> column_name) then
            stamped := stamped || jsonb_build_object(column_name, actor);
        end if;
    end loop;
    if stamped = '{}' then
        return new;
    end if;
    return jsonb_populate_record(new, stamped);
end
$$;
comment on function app.stamp_actor() is
    'Trigger: the listed who-did-it columns take the signed-in user whenever a request writes them.';
grant execute on function app.stamp_actor() to wellflow_api, wellflow_user, wellflow_worker, wellflow_auth;
