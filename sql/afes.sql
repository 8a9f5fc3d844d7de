-- Authorizations for expenditure: a budget for a well or lease operation that the working-interest
-- partners approve before money is spent. Status moves only through the workflow in
-- afe_workflow.sql; the totals follow the line items.
set local role wellflow_owner;

create type app.afe_type as enum (
    'drilling', 'completion', 'recompletion', 'workover', 'facility', 'plug_and_abandon', 'other');
create type app.afe_status as enum ('draft', 'submitted', 'approved', 'rejected', 'closed');

create table app.afes (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_number text not null
        constraint afes_afe_number_check check (afe_number ~ '^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$'),
    afe_type app.afe_type not null,
    well_id uuid,
    lease_id uuid,
    description text not null
        constraint afes_description_check check (char_length(btrim(description)) between 1 and 2000),
    parent_afe_id uuid,
    status app.afe_status not null default 'draft',
    -- Sum of the line items' estimates, kept by app.afe_line_items_maintain_total.
    estimated_total numeric(14,2) not null default 0,
    -- The estimate as approved; the overrun rule measures actual spend against it.
    approved_total numeric(14,2),
    submitted_at timestamptz,
    decided_at timestamptz,
    closed_at timestamptz,
    created_by uuid references app.users (id) default app.current_user_id(),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint afes_afe_number_key unique (organization_id, afe_number),
    constraint afes_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint afes_lease_id_fkey foreign key (organization_id, lease_id) references app.leases (organization_id, id),
    constraint afes_parent_afe_id_fkey foreign key (organization_id, parent_afe_id) references app.afes (organization_id, id),
    constraint afes_well_id_check check (well_id is not null or lease_id is not null),
    constraint afes_parent_afe_id_check check (parent_afe_id <> id)
);
comment on table app.afes is
    'AFEs: budgets partners approve before spending; supplements point at their parent through parent_afe_id.';

create index afes_well_id_idx on app.afes (organization_id, well_id) where well_id is not null;
create index afes_lease_id_idx on app.afes (organization_id, lease_id) where lease_id is not null;
create index afes_parent_afe_id_idx on app.afes (organization_id, parent_afe_id) where parent_afe_id is not null;
create index afes_status_idx on app.afes (organization_id, status);

-- The workflow functions set this transaction-local flag around their own writes; any other
-- write to a workflow-owned column or to a non-draft AFE is refused with a stable code.
create function app.afe_workflow_active() returns boolean
language sql stable
set search_path = pg_catalog
as $$ select coalesce(current_setting('wellflow.afe_workflow', true), '') = 'on' $$;
comment on function app.afe_workflow_active() is 'True while an AFE workflow function writes AFEs.';

create function app.afes_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    column_name text;
    new_row jsonb;
    old_row jsonb;
begin
    if app.afe_workflow_active() then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    if tg_op = 'DELETE' then
        if old.status <> 'draft' then
            perform app.raise_error(409, 'WF_AFE_FROZEN',
                format('AFE %s is %s; only a draft AFE can be deleted', old.afe_number, old.status), 'status',
                'Close it with /rpc/close_afe instead');
        end if;
        return old;
    end if;
    new_row := to_jsonb(new);
    old_row := case when tg_op = 'UPDATE' then to_jsonb(old) end;
    foreach column_name in array array['status', 'estimated_total', 'approved_total', 'parent_afe_id',
                                       'submitted_at', 'decided_at', 'closed_at'] loop
        if (tg_op = 'INSERT' and new_row -> column_name is distinct from
                case column_name when 'status' then '"draft"'::jsonb when 'estimated_total' then '0'::jsonb else 'null'::jsonb end)
           or (tg_op = 'UPDATE' and new_row -> column_name is distinct from old_row -> column_name) then
            perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
                format('%s of an AFE is set by the workflow, not written directly', column_name), column_name,
                'Status moves through /rpc/submit_afe, /rpc/decide_afe, /rpc/reopen_afe and /rpc/close_afe; '
                || 'supplements come from /rpc/create_supplement; totals follow the line items');
        end if;
    end loop;
    if tg_op = 'UPDATE' and old.status <> 'draft' then
        perform app.raise_error(409, 'WF_AFE_FROZEN',
            format('AFE %s is %s; only a draft AFE can be edited', old.afe_number, old.status), 'status',
            'A rejected AFE returns to draft with /rpc/reopen_afe; an approved one grows with /rpc/create_supplement');
    end if;
    return new;
end
$$;
comment on function app.afes_guard() is
    'Trigger: workflow-owned AFE columns are read-only and only draft AFEs change, except inside the workflow.';

create trigger afes_guard before insert or update or delete on app.afes
    for each row execute function app.afes_guard();
create trigger afes_set_updated_at before update on app.afes
    for each row execute function app.set_updated_at();
create trigger afes_audit after insert or update or delete on app.afes
    for each row execute function app.audit_change();
create trigger afes_require_afe_writer before insert or update or delete on app.afes
    for each statement execute function app.require_org_role('owner', 'admin', 'accountant', 'engineer');

alter table app.afes enable row level security;
alter table app.afes force row level security;

create policy afes_tenant_read on app.afes
    for select
    using (organization_id = (select app.current_organization_id()));
create policy afes_afe_writer_insert on app.afes
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));
create policy afes_afe_writer_update on app.afes
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')))
    with check (organization_id = (select app.current_organization_id()));
create policy afes_afe_writer_delete on app.afes
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));

grant select, insert, update, delete on app.afes to wellflow_api;
grant select on app.afes to wellflow_worker;
grant execute on function app.afe_workflow_active() to wellflow_api, wellflow_worker, wellflow_user;
