-- Deploy wellflow:audit to pg
-- Frozen copy of sql/audit.sql as first released; later changes alter, never edit this file.
begin;

-- Append-only change log (DESIGN §9): one generic trigger on every tenant table.
set local role wellflow_owner;

create type audit.action as enum ('insert', 'update', 'delete');

create table audit.changes (
    organization_id uuid not null,
    id uuid not null default app.uuid_generate_v7(),
    table_name text not null,
    row_id uuid,
    action audit.action not null,
    old_row jsonb,
    new_row jsonb,
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
           and (select app.current_role_in('owner', 'admin')));

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

create trigger organizations_audit after insert or update or delete on app.organizations
    for each row execute function app.audit_change();
create trigger memberships_audit after insert or update or delete on app.memberships
    for each row execute function app.audit_change();
-- The outbox context can hold a one-time invitation token.
create trigger email_outbox_audit after insert or update or delete on app.email_outbox
    for each row execute function app.audit_change('context');

commit;
