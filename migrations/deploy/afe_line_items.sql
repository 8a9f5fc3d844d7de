-- Deploy wellflow:afe_line_items to pg
-- Frozen copy of sql/afe_line_items.sql as first released; later changes alter, never edit this file.
begin;

-- AFE line items: the estimate by cost category and, once the AFE is approved, actual spend.
-- Estimates are frozen when the AFE is submitted; the AFE's estimated_total follows them.
set local role wellflow_owner;

create type app.afe_cost_category as enum (
    'intangible_drilling', 'tangible_drilling', 'intangible_completion', 'tangible_completion',
    'facilities', 'contingency');

create table app.afe_line_items (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_id uuid not null,
    category app.afe_cost_category not null,
    cost_code text not null
        constraint afe_line_items_cost_code_check check (cost_code ~ '^[A-Za-z0-9][A-Za-z0-9./ -]{0,31}$'),
    description text not null
        constraint afe_line_items_description_check check (char_length(btrim(description)) between 1 and 500),
    -- Money a user types: plain numeric with a named check, so 10.005 is refused, not rounded.
    estimated_amount numeric not null
        constraint afe_line_items_estimated_amount_check check (
            estimated_amount >= 0 and estimated_amount < 1e12 and estimated_amount = round(estimated_amount, 2)),
    actual_amount numeric not null default 0
        constraint afe_line_items_actual_amount_check check (
            actual_amount >= 0 and actual_amount < 1e12 and actual_amount = round(actual_amount, 2)),
    variance numeric generated always as (actual_amount - estimated_amount) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint afe_line_items_afe_id_fkey foreign key (organization_id, afe_id)
        references app.afes (organization_id, id) on delete cascade
);
comment on table app.afe_line_items is 'Estimated and actual cost per AFE line; variance = actual - estimate.';

create index afe_line_items_afe_id_idx on app.afe_line_items (organization_id, afe_id);

-- Estimates change only while the AFE is a draft; actual spend is recorded by finance roles on
-- approved AFEs (the overrun rule in afe_workflow.sql then applies).
create function app.afe_line_items_guard() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    line app.afe_line_items := case when tg_op = 'DELETE' then old else new end;
    afe app.afes;
    estimate_changed boolean := tg_op <> 'UPDATE'
        or (new.category, new.cost_code, new.description, new.estimated_amount)
           is distinct from (old.category, old.cost_code, old.description, old.estimated_amount);
begin
    -- FOR SHARE waits for a workflow step holding the AFE, then reads the status it committed.
    select * into afe from app.afes a where a.organization_id = line.organization_id and a.id = line.afe_id for share;
    if not found then
        -- The AFE itself is being deleted (a draft, or afes_guard would have refused).
        return line;
    end if;
    if tg_op = 'UPDATE' and new.afe_id <> old.afe_id then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD', 'A line item stays on its AFE', 'afe_id',
            'Delete it and add it to the other AFE');
    end if;
    if estimate_changed and afe.status <> 'draft' then
        perform app.raise_error(409, 'WF_AFE_FROZEN',
            format('Line items of AFE %s are frozen: it is %s', afe.afe_number, afe.status), 'estimated_amount',
            'Only a draft AFE''s estimate changes; an approved AFE grows with /rpc/create_supplement');
    end if;
    if tg_op = 'UPDATE' and new.actual_amount is distinct from old.actual_amount then
        perform app.assert_org_role('record actual spend', 'owner', 'admin', 'accountant');
        if afe.status <> 'approved' then
            perform app.raise_error(409, 'WF_AFE_NOT_APPROVED',
                format('Actual spend is recorded on approved AFEs; AFE %s is %s', afe.afe_number, afe.status),
                'actual_amount', null);
        end if;
    end if;
    if tg_op = 'INSERT' and new.actual_amount <> 0 then
        perform app.raise_error(409, 'WF_AFE_NOT_APPROVED',
            'A new line item starts with no actual spend; record it once the AFE is approved', 'actual_amount', null);
    end if;
    return line;
end
$$;
comment on function app.afe_line_items_guard() is
    'Trigger: estimates change only on draft AFEs; actual spend only on approved AFEs and by finance roles.';

-- The AFE's estimated_total is the sum of its line items, recomputed in the same statement.
create function app.afe_line_items_maintain_total() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afes a
       set estimated_total = coalesce((select sum(l.estimated_amount) from app.afe_line_items l
                                        where l.organization_id = a.organization_id and l.afe_id = a.id), 0)
     where (a.organization_id, a.id) in (select organization_id, afe_id from changed_rows);
    perform set_config('wellflow.afe_workflow', '', true);
    return null;
end
$$;
comment on function app.afe_line_items_maintain_total() is
    'Statement trigger: sets each touched AFE''s estimated_total to the sum of its line items.';

create trigger afe_line_items_guard before insert or update or delete on app.afe_line_items
    for each row execute function app.afe_line_items_guard();
create trigger afe_line_items_set_updated_at before update on app.afe_line_items
    for each row execute function app.set_updated_at();
create trigger afe_line_items_audit after insert or update or delete on app.afe_line_items
    for each row execute function app.audit_change();
create trigger afe_line_items_require_afe_writer before insert or update or delete on app.afe_line_items
    for each statement execute function app.require_org_role('owner', 'admin', 'accountant', 'engineer');
create trigger afe_line_items_total_after_insert after insert on app.afe_line_items
    referencing new table as changed_rows
    for each statement execute function app.afe_line_items_maintain_total();
create trigger afe_line_items_total_after_update after update on app.afe_line_items
    referencing new table as changed_rows
    for each statement execute function app.afe_line_items_maintain_total();
create trigger afe_line_items_total_after_delete after delete on app.afe_line_items
    referencing old table as changed_rows
    for each statement execute function app.afe_line_items_maintain_total();

alter table app.afe_line_items enable row level security;
alter table app.afe_line_items force row level security;

create policy afe_line_items_tenant_read on app.afe_line_items
    for select
    using (organization_id = (select app.current_organization_id()));
create policy afe_line_items_afe_writer_insert on app.afe_line_items
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));
create policy afe_line_items_afe_writer_update on app.afe_line_items
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')))
    with check (organization_id = (select app.current_organization_id()));
create policy afe_line_items_afe_writer_delete on app.afe_line_items
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));

grant select, insert, update, delete on app.afe_line_items to wellflow_api;
grant select on app.afe_line_items to wellflow_worker;

commit;
