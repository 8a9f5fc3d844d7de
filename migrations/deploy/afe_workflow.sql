-- Deploy wellflow:afe_workflow to pg
-- Frozen copy of sql/afe_workflow.sql as first released; later changes alter, never edit this file.
begin;

-- The AFE state machine and its money rules:
--   draft -> submitted -> approved | rejected -> closed; rejected -> draft.
-- A submitted AFE is approved once the approving working interest reaches the organization's
-- threshold and rejected once it no longer can. Actual spend may exceed the approved total
-- (plus approved supplements) by the organization's overrun percentage, and no more.
set local role wellflow_owner;

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
           closed_at = case when requested = 'closed' then clock_timestamp() else a.closed_at end
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
    perform app.assert_org_role('submit AFEs', 'owner', 'admin', 'accountant', 'engineer');
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
    return app.move_afe(afe, 'submitted');
end
$$;
comment on function app.submit_afe(uuid) is 'draft -> submitted, once it has line items and participants holding exactly 100 % of the working interest.';

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
    perform app.assert_org_role('record AFE decisions', 'owner', 'admin', 'accountant');
    afe := app.afe_for_update(afe_id);
    if afe.status <> 'submitted' then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s; partners decide on submitted AFEs only', afe.afe_number, afe.status), 'status',
            case afe.status when 'draft' then 'Submit it with /rpc/submit_afe first' end);
    end if;
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
        return app.move_afe(afe, 'approved');
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
    perform app.assert_org_role('reopen AFEs', 'owner', 'admin', 'accountant', 'engineer');
    afe := app.move_afe(app.afe_for_update(afe_id), 'draft');
    -- The earlier decisions stay in the audit log; the revised AFE is decided afresh.
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afe_approvals p
       set decision = 'pending', comment = null, decided_by = null, decided_at = null
     where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    perform set_config('wellflow.afe_workflow', '', true);
    return afe;
end
$$;
comment on function app.reopen_afe(uuid) is 'rejected -> draft; every participant''s decision returns to pending.';

create function app.close_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.assert_org_role('close AFEs', 'owner', 'admin', 'accountant');
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
    perform app.assert_org_role('create AFEs', 'owner', 'admin', 'accountant', 'engineer');
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

-- Actual spend of an AFE and its supplements against what has been approved for them.
create function app.afe_check_overrun() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    family record;
begin
    for family in
        with roots as (
            select distinct a.organization_id, coalesce(a.parent_afe_id, a.id) as root_id
              from changed_rows c join app.afes a on a.organization_id = c.organization_id and a.id = c.afe_id)
        select root.afe_number,
               (select coalesce(sum(m.approved_total), 0) from app.afes m
                 where m.organization_id = r.organization_id and r.root_id in (m.id, m.parent_afe_id)
                   and m.status in ('approved', 'closed')) as approved,
               (select coalesce(sum(l.actual_amount), 0)
                  from app.afe_line_items l
                  join app.afes m on m.organization_id = l.organization_id and m.id = l.afe_id
                 where m.organization_id = r.organization_id and r.root_id in (m.id, m.parent_afe_id)) as actual,
               (app.finance_settings_of(r.organization_id)).afe_overrun_percent as overrun_percent
          from roots r join app.afes root on root.organization_id = r.organization_id and root.id = r.root_id
    loop
        if family.actual > round(family.approved * (1 + family.overrun_percent / 100), 2) then
            perform app.raise_error(422, 'WF_AFE_OVERRUN',
                format('Actual spend %s on AFE %s exceeds the approved %s plus the %s%% overrun allowance (%s)',
                       to_char(family.actual, 'FM999,999,999,990.00'), family.afe_number,
                       to_char(family.approved, 'FM999,999,999,990.00'), family.overrun_percent,
                       to_char(round(family.approved * (1 + family.overrun_percent / 100), 2), 'FM999,999,999,990.00')),
                'actual_amount', 'Create a supplemental AFE with /rpc/create_supplement and have it approved first');
        end if;
    end loop;
    return null;
end
$$;
comment on function app.afe_check_overrun() is
    'Statement trigger: refuses actual spend beyond the approved totals of an AFE and its supplements plus the overrun allowance.';

create trigger afe_line_items_check_overrun after update on app.afe_line_items
    referencing new table as changed_rows
    for each statement execute function app.afe_check_overrun();

grant execute on function app.submit_afe(uuid), app.decide_afe(uuid, uuid, app.afe_decision, text),
    app.reopen_afe(uuid), app.close_afe(uuid), app.create_supplement(uuid, text, text) to wellflow_api;

commit;
