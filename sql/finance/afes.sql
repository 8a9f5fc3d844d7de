-- Authorizations for expenditure: a budget for a well or lease operation that the working-interest
-- partners approve before money is spent. Status moves only through the workflow in
-- this file; the totals follow the line items.
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
    -- On an original AFE: since when its family's actual cost has been beyond the authorization
    -- (app.flag_afe_overruns); empty while within it.
    overrun_flagged_at timestamptz,
    -- Sum of the cost transactions coded to it, kept by app.cost_transactions_maintain_afes.
    invoiced_total numeric(14,2) not null default 0,
    -- The rule it is decided under, the organization's when it was submitted (app.submit_afe).
    consent_rule app.afe_consent_rule,
    -- Under elections, the days partners have from submission to elect (Form 610 Art. VI.B.1: 30,
    -- or 48 hours with a rig on location); silence after them is non-consent.
    -- squawk-ignore prefer-bigint-over-int
    election_days integer not null default 30 constraint afes_election_days_check check (election_days between 1 and 365),
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
                                       'submitted_at', 'decided_at', 'closed_at', 'overrun_flagged_at',
                                       'invoiced_total', 'consent_rule'] loop
        if (tg_op = 'INSERT' and new_row -> column_name is distinct from
                case when column_name = 'status' then '"draft"'::jsonb
                     when column_name in ('estimated_total', 'invoiced_total') then '0'::jsonb else 'null'::jsonb end)
           or (tg_op = 'UPDATE' and new_row -> column_name is distinct from old_row -> column_name) then
            perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
                format('%s of an AFE is set by the workflow, not written directly', column_name), column_name,
                'Status moves through /rpc/submit_afe, /rpc/elect_afe (or /rpc/decide_afe), /rpc/reopen_afe and /rpc/close_afe; '
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
    for each statement execute function app.require_org_role('afe_writers');

alter table app.afes enable row level security;
alter table app.afes force row level security;
create trigger afes_stamp_actor before insert or update of created_by on app.afes
    for each row execute function app.stamp_actor('created_by');

create policy afes_tenant_read on app.afes
    for select
    using (organization_id = (select app.current_organization_id()));
create policy afes_afe_writer_insert on app.afes
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('afe_writers')));
create policy afes_afe_writer_update on app.afes
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy afes_afe_writer_delete on app.afes
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')));

grant select, insert, update, delete on app.afes to wellflow_api;
grant select on app.afes to wellflow_worker;
grant execute on function app.afe_workflow_active() to wellflow_api, wellflow_worker, wellflow_user;
-- AFE line items: the estimate by cost category and, once the AFE is approved, actual spend.
-- Estimates are frozen when the AFE is submitted; the AFE's estimated_total follows them.

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

-- Estimates change only while the AFE is a draft; a manual accrual of actual spend not yet invoiced
-- (actual_amount) is recorded by finance roles on approved AFEs. Invoices and accruals coded to the
-- AFE (app.cost_transactions) are its other actual cost.
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
        perform app.assert_org_role('record actual spend', 'finance_writers');
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
    for each statement execute function app.require_org_role('afe_writers');
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
                and (select app.current_role_may('afe_writers')));
create policy afe_line_items_afe_writer_update on app.afe_line_items
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy afe_line_items_afe_writer_delete on app.afe_line_items
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')));

grant select, insert, update, delete on app.afe_line_items to wellflow_api;
grant select on app.afe_line_items to wellflow_worker;
-- One row per company participating in an AFE, with its working interest and its decision.
-- Participants are set while the AFE is a draft; decisions are recorded through /rpc/decide_afe.

create type app.afe_decision as enum ('pending', 'approve', 'reject');

create table app.afe_approvals (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_id uuid not null,
    company_id uuid not null,
    working_interest numeric not null
        constraint afe_approvals_working_interest_check check (
            working_interest > 0 and working_interest <= 1 and working_interest = round(working_interest, 8)),
    decision app.afe_decision not null default 'pending',
    -- A rejection says why.
    comment text constraint afe_approvals_comment_check check (
        coalesce(char_length(comment), 0) <= 2000
        and (decision <> 'reject' or coalesce(char_length(btrim(comment)), 0) > 0)),
    decided_by uuid references app.users (id),
    decided_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint afe_approvals_company_id_key unique (organization_id, afe_id, company_id),
    constraint afe_approvals_afe_id_fkey foreign key (organization_id, afe_id)
        references app.afes (organization_id, id) on delete cascade,
    constraint afe_approvals_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id)
);
comment on table app.afe_approvals is
    'Participating companies of an AFE with their working interest and decision (pending, approve, reject).';

create index afe_approvals_company_id_idx on app.afe_approvals (organization_id, company_id);

create function app.afe_approvals_guard() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    approval app.afe_approvals := case when tg_op = 'DELETE' then old else new end;
    afe app.afes;
begin
    if app.afe_workflow_active() then
        return approval;
    end if;
    if tg_op = 'UPDATE' and (new.afe_id, new.company_id) is distinct from (old.afe_id, old.company_id) then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD', 'An approval stays with its AFE and company',
            case when new.afe_id <> old.afe_id then 'afe_id' else 'company_id' end,
            'Delete the participant and add the other one');
    end if;
    if tg_op <> 'DELETE' and (new.decision, new.comment, new.decided_by, new.decided_at) is distinct from
            (case when tg_op = 'UPDATE' then (old.decision, old.comment, old.decided_by, old.decided_at)
                  else ('pending'::app.afe_decision, null::text, null::uuid, null::timestamptz) end) then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
            'A partner''s decision is recorded with /rpc/decide_afe', 'decision', null);
    end if;
    -- FOR SHARE waits for a workflow step holding the AFE, then reads the status it committed.
    select * into afe from app.afes a where a.organization_id = approval.organization_id and a.id = approval.afe_id
       for share;
    if found and afe.status <> 'draft' then
        perform app.raise_error(409, 'WF_AFE_FROZEN',
            format('Participants of AFE %s are frozen: it is %s', afe.afe_number, afe.status), 'working_interest',
            'A rejected AFE returns to draft with /rpc/reopen_afe');
    end if;
    return approval;
end
$$;
comment on function app.afe_approvals_guard() is
    'Trigger: participants change only on draft AFEs; decisions only through the workflow.';

create trigger afe_approvals_guard before insert or update or delete on app.afe_approvals
    for each row execute function app.afe_approvals_guard();
create trigger afe_approvals_set_updated_at before update on app.afe_approvals
    for each row execute function app.set_updated_at();
create trigger afe_approvals_audit after insert or update or delete on app.afe_approvals
    for each row execute function app.audit_change();
create trigger afe_approvals_require_afe_writer before insert or update or delete on app.afe_approvals
    for each statement execute function app.require_org_role('afe_writers');

alter table app.afe_approvals enable row level security;
alter table app.afe_approvals force row level security;
create trigger afe_approvals_stamp_actor before insert or update of decided_by on app.afe_approvals
    for each row execute function app.stamp_actor('decided_by');

create policy afe_approvals_tenant_read on app.afe_approvals
    for select
    using (organization_id = (select app.current_organization_id()));
create policy afe_approvals_afe_writer_insert on app.afe_approvals
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('afe_writers')));
create policy afe_approvals_afe_writer_update on app.afe_approvals
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy afe_approvals_afe_writer_delete on app.afe_approvals
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('afe_writers')));

grant select, insert, update, delete on app.afe_approvals to wellflow_api;
grant select on app.afe_approvals to wellflow_worker;
-- The AFE state machine and its money rules:
--   draft -> submitted -> approved | rejected -> closed; rejected -> draft.
-- A submitted AFE is approved once the approving working interest reaches the organization's
-- threshold and rejected once it no longer can. Actual cost is always recorded; beyond the approved
-- total (plus approved supplements) and the organization's overrun percentage, the AFE is flagged
-- and owners and admins are told, until a supplement is approved (app.flag_afe_overruns).

create table app.afe_transitions (
    from_status app.afe_status not null,
    to_status app.afe_status not null,
    primary key (from_status, to_status)
);
comment on table app.afe_transitions is 'The legal AFE status changes.';
insert into app.afe_transitions values
    ('draft', 'submitted'), ('submitted', 'approved'), ('submitted', 'rejected'),
    ('rejected', 'draft'), ('approved', 'closed'), ('rejected', 'closed');
alter table app.afe_transitions enable row level security;
alter table app.afe_transitions force row level security;
create policy afe_transitions_everyone_read on app.afe_transitions for select using (true);

-- Locks the AFE of the current organization for a workflow step, or answers 404.
create function app.afe_for_update(afe_id uuid) returns app.afes
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
begin
    select * into afe from app.afes a
     where a.organization_id = app.current_organization_id() and a.id = afe_id
       for update;
    if not found then
        perform app.raise_error(404, 'WF_AFE_NOT_FOUND', format('No AFE %s in this organization', afe_id), 'afe_id', null);
    end if;
    return afe;
end
$$;
comment on function app.afe_for_update(uuid) is 'The AFE, locked for a workflow step; 404 WF_AFE_NOT_FOUND otherwise.';

-- Moves an AFE to a new status, or refuses with 409 naming the current and requested states.
create function app.move_afe(afe app.afes, requested app.afe_status) returns app.afes
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    moved app.afes;
begin
    if not exists (select from app.afe_transitions t where t.from_status = afe.status and t.to_status = requested) then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s; it cannot become %s', afe.afe_number, afe.status, requested), 'status',
            coalesce('From ' || afe.status || ' it can become: '
                     || (select string_agg(t.to_status::text, ', ' order by t.to_status)
                           from app.afe_transitions t where t.from_status = afe.status),
                     'A closed AFE is final'));
    end if;
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afes a
       set status = requested,
           submitted_at = case when requested = 'submitted' then clock_timestamp() else a.submitted_at end,
           decided_at = case when requested in ('approved', 'rejected') then clock_timestamp()
                             when requested = 'draft' then null else a.decided_at end,
           approved_total = case when requested = 'approved' then a.estimated_total
                                 when requested = 'draft' then null else a.approved_total end,
           closed_at = case when requested = 'closed' then clock_timestamp() else a.closed_at end,
           consent_rule = case when requested = 'submitted' then (app.finance_settings_of(a.organization_id)).afe_consent_rule
                               when requested = 'draft' then null else a.consent_rule end
     where a.organization_id = afe.organization_id and a.id = afe.id
    returning * into moved;
    perform set_config('wellflow.afe_workflow', '', true);
    return moved;
end
$$;
comment on function app.move_afe(app.afes, app.afe_status) is
    'Applies one legal status change (stamping its time); 409 WF_AFE_ILLEGAL_TRANSITION otherwise.';

create function app.submit_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    interest numeric;
begin
    perform app.assert_org_role('submit AFEs', 'afe_writers');
    afe := app.afe_for_update(afe_id);
    if afe.status = 'draft' then
        if not exists (select from app.afe_line_items l where l.organization_id = afe.organization_id and l.afe_id = afe.id) then
            perform app.raise_error(422, 'WF_AFE_NO_LINE_ITEMS',
                format('AFE %s has no line items to approve', afe.afe_number), 'afe_line_items', null);
        end if;
        select sum(p.working_interest) into interest from app.afe_approvals p
         where p.organization_id = afe.organization_id and p.afe_id = afe.id;
        if coalesce(interest, 0) <> 1 then
            perform app.raise_error(422, 'WF_AFE_INTEREST_SUM',
                format('The participants of AFE %s hold %s of the working interest; they must hold exactly 1.00000000 (%s %s)',
                       afe.afe_number, to_char(coalesce(interest, 0), 'FM0.00000000'),
                       to_char(abs(1 - coalesce(interest, 0)), 'FM0.00000000'),
                       case when coalesce(interest, 0) < 1 then 'short' else 'over' end),
                'working_interest', 'Add or correct participants at /afe_approvals');
        end if;
    end if;
    afe := app.move_afe(afe, 'submitted');
    if afe.consent_rule = 'elections' then
        perform app.open_afe_elections(afe);
    end if;
    return afe;
end
$$;
comment on function app.submit_afe(uuid) is
    'draft -> submitted, once it has line items and participants holding exactly 100 % of the working interest; under the '
    'elections rule each participant''s election opens.';

-- The submitted AFE a partner answers, locked, when it is decided under the given rule; 409 otherwise.
create function app.afe_awaiting(afe_id uuid, rule app.afe_consent_rule) returns app.afes
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    afe app.afes := app.afe_for_update(afe_id);
begin
    if afe.status <> 'submitted' then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s; partners answer submitted AFEs only', afe.afe_number, afe.status), 'status',
            case afe.status when 'draft' then 'Submit it with /rpc/submit_afe first' end);
    end if;
    if afe.consent_rule <> rule then
        perform app.raise_error(409, 'WF_AFE_CONSENT_RULE',
            format('AFE %s is decided by %s, not by %s', afe.afe_number,
                   case afe.consent_rule when 'elections' then 'each partner''s election' else 'a working-interest vote' end,
                   case rule when 'elections' then 'elections' else 'a vote' end), 'afe_id',
            case afe.consent_rule when 'elections' then 'Record elections with /rpc/elect_afe'
                 else 'Record decisions with /rpc/decide_afe' end
            || '; afe_consent_rule in /finance_settings chooses the rule for AFEs submitted later');
    end if;
    return afe;
end
$$;
comment on function app.afe_awaiting(uuid, app.afe_consent_rule) is
    'The submitted AFE a partner answers, locked, when decided under this rule; 409 WF_AFE_ILLEGAL_TRANSITION or '
    'WF_AFE_CONSENT_RULE otherwise.';

create function app.decide_afe(afe_id uuid, company_id uuid, decision app.afe_decision, comment text)
returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    approval app.afe_approvals;
    settings app.finance_settings;
    approving numeric;
    open_interest numeric;
begin
    perform app.assert_org_role('record AFE decisions', 'finance_writers');
    afe := app.afe_awaiting(afe_id, 'threshold_vote');
    if decision is null or decision = 'pending' then
        perform app.raise_error(400, 'WF_AFE_DECISION', 'The decision is approve or reject', 'decision', null);
    end if;
    if decision = 'reject' and coalesce(btrim(comment), '') = '' then
        perform app.raise_error(400, 'WF_AFE_COMMENT_REQUIRED', 'A rejection needs a comment saying why', 'comment', null);
    end if;
    select * into approval from app.afe_approvals p
     where p.organization_id = afe.organization_id and p.afe_id = afe.id and p.company_id = decide_afe.company_id;
    if not found then
        perform app.raise_error(404, 'WF_AFE_NOT_A_PARTICIPANT',
            format('Company %s does not participate in AFE %s', company_id, afe.afe_number), 'company_id', null);
    end if;
    if approval.decision <> 'pending' then
        perform app.raise_error(409, 'WF_AFE_ALREADY_DECIDED',
            format('This participant already decided %s on AFE %s', approval.decision, afe.afe_number), 'company_id', null);
    end if;

    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afe_approvals p
       set decision = decide_afe.decision, comment = nullif(btrim(decide_afe.comment), ''),
           decided_by = app.current_user_id(), decided_at = clock_timestamp()
     where p.organization_id = approval.organization_id and p.id = approval.id;
    perform set_config('wellflow.afe_workflow', '', true);

    settings := app.finance_settings_of(afe.organization_id);
    select coalesce(sum(p.working_interest) filter (where p.decision = 'approve'), 0),
           coalesce(sum(p.working_interest) filter (where p.decision = 'pending'), 0)
      into approving, open_interest
      from app.afe_approvals p where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    if app.afe_threshold_met(approving, settings) then
        afe := app.move_afe(afe, 'approved');
        perform app.flag_afe_overruns(array[afe.id]);
        return afe;
    elsif not app.afe_threshold_met(approving + open_interest, settings) then
        return app.move_afe(afe, 'rejected');
    end if;
    return afe;
end
$$;
comment on function app.decide_afe(uuid, uuid, app.afe_decision, text) is
    'Records one participant''s decision; approves or rejects the AFE once the outcome is certain.';

create function app.afe_threshold_met(interest numeric, settings app.finance_settings) returns boolean
language sql immutable
set search_path = pg_catalog
as $$
    select case when settings.afe_approval_threshold_inclusive then interest >= settings.afe_approval_threshold
                else interest > settings.afe_approval_threshold end
$$;
comment on function app.afe_threshold_met(numeric, app.finance_settings) is
    'True when this approving working interest reaches the organization''s approval threshold.';

create function app.reopen_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
begin
    perform app.assert_org_role('reopen AFEs', 'afe_writers');
    afe := app.move_afe(app.afe_for_update(afe_id), 'draft');
    -- The earlier decisions stay in the audit log; the revised AFE is decided afresh.
    perform set_config('wellflow.afe_workflow', 'on', true);
    delete from app.afe_elections e where e.organization_id = afe.organization_id and e.afe_id = afe.id;
    update app.afe_approvals p
       set decision = 'pending', comment = null, decided_by = null, decided_at = null
     where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    perform set_config('wellflow.afe_workflow', '', true);
    return afe;
end
$$;
comment on function app.reopen_afe(uuid) is
    'rejected -> draft; every participant''s decision returns to pending and its election is forgotten.';

create function app.close_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.assert_org_role('close AFEs', 'finance_writers');
    return app.move_afe(app.afe_for_update(afe_id), 'closed');
end
$$;
comment on function app.close_afe(uuid) is 'approved or rejected -> closed.';

-- A supplement is a new draft AFE under the approved original (or under its root, for a
-- supplement to a supplement), with the same participants, decided afresh.
create function app.create_supplement(parent_afe_id uuid, afe_number text, description text) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    parent app.afes;
    supplement app.afes;
begin
    perform app.assert_org_role('create AFEs', 'afe_writers');
    parent := app.afe_for_update(parent_afe_id);
    if parent.status <> 'approved' then
        perform app.raise_error(409, 'WF_AFE_NOT_APPROVED',
            format('AFE %s is %s; only an approved AFE takes a supplement', parent.afe_number, parent.status),
            'parent_afe_id', null);
    end if;
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.afes (organization_id, afe_number, afe_type, well_id, lease_id, description, parent_afe_id)
    values (parent.organization_id, create_supplement.afe_number, parent.afe_type, parent.well_id, parent.lease_id,
            create_supplement.description, coalesce(parent.parent_afe_id, parent.id))
    returning * into supplement;
    insert into app.afe_approvals (organization_id, afe_id, company_id, working_interest)
    select p.organization_id, supplement.id, p.company_id, p.working_interest
      from app.afe_approvals p where p.organization_id = parent.organization_id and p.afe_id = parent.id;
    perform set_config('wellflow.afe_workflow', '', true);
    return supplement;
end
$$;
comment on function app.create_supplement(uuid, text, text) is
    'A new draft supplemental AFE under an approved AFE, with the same participants.';

-- Incurred costs are always booked: the operating agreement limits the operator's authority, not its
-- books. Each AFE family (an original and its supplements) whose actual cost (manual accruals on its
-- line items and the cost transactions coded to it) is beyond the approved totals plus the overrun
-- allowance is flagged on the original, once, and its organization's owners and admins get an
-- e-mail; approving a supplement, a credit or a correction that brings it back within the
-- authorization clears the flag. Called by the statement triggers of the line items and the cost
-- transactions with the AFEs they touched, and when a supplement is approved.
create function app.flag_afe_overruns(afe_ids uuid[]) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    overrun_percent numeric := (app.finance_settings_of(org)).afe_overrun_percent;
    family record;
begin
    for family in
        with roots as (
            select distinct coalesce(a.parent_afe_id, a.id) as root_id
              from app.afes a where a.organization_id = org and a.id = any (afe_ids)),
        spend as (
            select r.root_id,
                   (select coalesce(sum(m.approved_total), 0) from app.afes m
                     where m.organization_id = org and r.root_id in (m.id, m.parent_afe_id)
                       and m.status in ('approved', 'closed')) as approved,
                   (select coalesce(sum(l.actual_amount), 0) from app.afe_line_items l
                      join app.afes m on m.organization_id = l.organization_id and m.id = l.afe_id
                     where m.organization_id = org and r.root_id in (m.id, m.parent_afe_id))
                   + (select coalesce(sum(m.invoiced_total), 0) from app.afes m
                       where m.organization_id = org and r.root_id in (m.id, m.parent_afe_id)) as actual
              from roots r)
        select root.id, root.afe_number, root.overrun_flagged_at, s.approved, s.actual,
               round(s.approved * (1 + overrun_percent / 100), 2) as allowance
          from spend s join app.afes root on root.organization_id = org and root.id = s.root_id
         order by root.id
    loop
        if (family.actual > family.allowance) = (family.overrun_flagged_at is not null) then
            continue;
        end if;
        perform set_config('wellflow.afe_workflow', 'on', true);
        update app.afes a set overrun_flagged_at = case when family.actual > family.allowance then clock_timestamp() end
         where a.organization_id = org and a.id = family.id;
        perform set_config('wellflow.afe_workflow', '', true);
        if family.actual > family.allowance then
            perform app.queue_email(org, u.email, 'afe_overrun', jsonb_build_object(
                        'organization_name', o.name, 'afe_number', family.afe_number,
                        'actual', to_char(family.actual, 'FM999,999,999,990.00'),
                        'approved', to_char(family.approved, 'FM999,999,999,990.00'),
                        'overrun_percent', overrun_percent,
                        'allowance', to_char(family.allowance, 'FM999,999,999,990.00')))
               from app.memberships m
               join app.users u on u.id = m.user_id
               join app.organizations o on o.id = m.organization_id
              where m.organization_id = org and m.status = 'active' and m.org_role in ('owner', 'admin');
        end if;
    end loop;
end
$$;
comment on function app.flag_afe_overruns(uuid[]) is
    'Flags (and e-mails owners and admins about) AFE families whose actual cost went beyond the authorization; clears the '
    'flag of those back within it.';

create function app.afe_line_items_flag_overruns() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform 'PRAGMA:TABLE: changed_rows (afe_id uuid)';
    perform app.flag_afe_overruns(array(select distinct c.afe_id from changed_rows c));
    return null;
end
$$;
comment on function app.afe_line_items_flag_overruns() is
    'Statement trigger: flags or clears the overrun of the AFEs whose manual accruals changed.';

grant execute on function app.flag_afe_overruns(uuid[]) to wellflow_api;

create trigger afe_line_items_flag_overruns after update on app.afe_line_items
    referencing new table as changed_rows
    for each statement execute function app.afe_line_items_flag_overruns();

grant execute on function app.submit_afe(uuid), app.decide_afe(uuid, uuid, app.afe_decision, text),
    app.reopen_afe(uuid), app.close_afe(uuid), app.create_supplement(uuid, text, text) to wellflow_api;
set local role wellflow_api;

create view api.afes as
    select a.organization_id, a.id, a.afe_number, a.afe_type, a.well_id, a.lease_id, a.description, a.parent_afe_id,
           a.status, a.estimated_total, a.approved_total,
           ((select coalesce(sum(l.actual_amount), 0) from app.afe_line_items l
              where l.organization_id = a.organization_id and l.afe_id = a.id) + a.invoiced_total)::numeric(14,2)
               as actual_total,
           a.submitted_at, a.decided_at, a.closed_at, a.created_by, a.created_at, a.updated_at, a.invoiced_total,
           (select root.overrun_flagged_at from app.afes root
             where root.organization_id = a.organization_id and root.id = coalesce(a.parent_afe_id, a.id))
               as overrun_flagged_at,
           a.consent_rule, a.election_days,
           case when a.consent_rule = 'elections' then a.submitted_at + make_interval(days => a.election_days) end
               as election_deadline
      from app.afes a;
alter view api.afes alter column organization_id set default app.current_organization_id();
comment on view api.afes is
    'Authorizations for expenditure. Everyone reads; engineers, accountants, admins and owners create and edit drafts. '
    'Status moves only through /rpc/submit_afe, /rpc/elect_afe (or /rpc/decide_afe where partners vote), /rpc/reopen_afe and '
    '/rpc/close_afe. Actual cost is never '
    'refused: beyond the approved totals of an AFE and its supplements plus the overrun allowance of /finance_settings, the '
    'AFE is flagged (overrun_flagged_at), owners and admins are e-mailed, and a supplement (/rpc/create_supplement) is '
    'needed; its approval clears the flag.';
comment on column api.afes.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afes.id is 'AFE id (UUID v7).';
comment on column api.afes.afe_number is 'AFE number, unique in the organization: letters, digits and . / _ -, up to 64.';
comment on column api.afes.afe_type is 'drilling, completion, recompletion, workover, facility, plug_and_abandon or other.';
comment on column api.afes.well_id is 'The well (see /wells); a well, a lease or both is required.';
comment on column api.afes.lease_id is 'The lease (see /leases).';
comment on column api.afes.description is 'What the money is for, 1-2000 characters.';
comment on column api.afes.parent_afe_id is 'For a supplemental AFE, the original it adds to (set by /rpc/create_supplement).';
comment on column api.afes.status is 'draft, submitted, approved, rejected or closed.';
comment on column api.afes.estimated_total is 'Sum of the line items'' estimates, kept by the database.';
comment on column api.afes.approved_total is 'The estimated total when the AFE was approved.';
comment on column api.afes.actual_total is
    'Actual cost: the cost transactions coded to it (invoiced_total) plus the manual accruals on its line items.';
comment on column api.afes.submitted_at is 'When it was submitted for approval.';
comment on column api.afes.decided_at is 'When it was approved or rejected.';
comment on column api.afes.closed_at is 'When it was closed.';
comment on column api.afes.created_by is 'The user who created it.';
comment on column api.afes.created_at is 'When it was created.';
comment on column api.afes.updated_at is 'When it was last changed.';
comment on column api.afes.invoiced_total is 'Sum of the invoices and accruals coded to it (see /cost_transactions).';
comment on column api.afes.overrun_flagged_at is
    'Since when the actual cost of the AFE and its supplements has been beyond their authorization (approved totals plus '
    'the overrun allowance); empty while within it.';
comment on column api.afes.consent_rule is
    'How it is decided, fixed at submission from /finance_settings: elections (each participant elects, /rpc/elect_afe) or '
    'threshold_vote (/rpc/decide_afe).';
comment on column api.afes.election_days is
    'Under elections, the days participants have from submission to elect, 1-365; default 30 (48 hours with a rig on '
    'location: 2). Silence after them is non-consent.';
comment on column api.afes.election_deadline is 'Under elections, when the election period ends (submitted_at + election_days).';

create function api.submit_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.submit_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.submit_afe(uuid) is
    'draft -> submitted. Needs line items and participants holding exactly 100 % of the working interest. Under the elections '
    'rule each participant then elects within election_days (/rpc/elect_afe). Engineers, accountants, admins, owners.';

create function api.decide_afe(afe_id uuid, company_id uuid, decision app.afe_decision, comment text default null)
returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.decide_afe(afe_id, company_id, decision, comment);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.decide_afe(uuid, uuid, app.afe_decision, text) is
    'Where partners vote (consent_rule threshold_vote), records a participant''s decision (approve, or reject with a comment). '
    'The AFE is approved once approving working interest reaches the threshold in /finance_settings, rejected once it no '
    'longer can, and binds every participant. Accountants, admins, owners.';

create function api.reopen_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.reopen_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.reopen_afe(uuid) is 'rejected -> draft, decisions back to pending, so the AFE can be revised and resubmitted.';

create function api.close_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.close_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.close_afe(uuid) is 'approved or rejected -> closed (final). Accountants, admins, owners.';

create function api.create_supplement(parent_afe_id uuid, afe_number text, description text) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    supplement_id uuid := (app.create_supplement(parent_afe_id, afe_number, description)).id;
begin
    return (select a from api.afes a where a.id = supplement_id);
end
$$;
comment on function api.create_supplement(uuid, text, text) is
    'A draft supplemental AFE under an approved one, with the same participants; once approved it raises the spend limit.';
grant select on api.afes
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.afes
    to wellflow_user;
grant execute on function api.submit_afe(uuid), api.decide_afe(uuid, uuid, app.afe_decision, text), api.reopen_afe(uuid), api.close_afe(uuid), api.create_supplement(uuid, text, text)
    to wellflow_user;
