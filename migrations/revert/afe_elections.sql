-- Revert wellflow:afe_elections from pg
-- AFEs are decided by the working-interest vote again; no elections, recoupment or payout decks.
begin;
set local role wellflow_api;
drop function api.elect_afe(uuid, uuid, app.afe_election, text), api.close_afe_election(uuid);
drop view api.afe_elections, api.recoupment_accounts, api.recoupment_entries;
drop function api.submit_afe(uuid), api.decide_afe(uuid, uuid, app.afe_decision, text), api.reopen_afe(uuid),
    api.close_afe(uuid), api.create_supplement(uuid, text, text);
drop view api.afes;
drop view api.finance_settings;
drop function api.finance_settings_write();
drop view api.cost_decks;
drop view api.revenue_distribution_lines;
drop view api.owner_statements;
set local role wellflow_owner;
drop function app.close_afe_election(uuid), app.close_ended_afe_elections(), app.elect_afe(uuid, uuid, app.afe_election, text),
    app.settle_afe_election(app.afes), app.open_afe_elections(app.afes), app.settle_recoupment_payouts(uuid),
    app.open_recoupment_accounts(uuid), app.recoupment_balance(uuid, uuid), app.afe_awaiting(uuid, app.afe_consent_rule);
drop table app.recoupment_entries, app.recoupment_accounts, app.afe_elections;
drop function app.recoupment_guard(), app.afe_elections_guard();
drop type app.recoupment_entry_kind, app.afe_election;

create or replace function app.afes_guard() returns trigger
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
                                       'invoiced_total'] loop
        if (tg_op = 'INSERT' and new_row -> column_name is distinct from
                case when column_name = 'status' then '"draft"'::jsonb
                     when column_name in ('estimated_total', 'invoiced_total') then '0'::jsonb else 'null'::jsonb end)
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

-- Moves an AFE to a new status, or refuses with 409 naming the current and requested states.
create or replace function app.move_afe(afe app.afes, requested app.afe_status) returns app.afes
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

create or replace function app.submit_afe(afe_id uuid) returns app.afes
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
    return app.move_afe(afe, 'submitted');
end
$$;
comment on function app.submit_afe(uuid) is 'draft -> submitted, once it has line items and participants holding exactly 100 % of the working interest.';

create or replace function app.decide_afe(afe_id uuid, company_id uuid, decision app.afe_decision, comment text)
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

create or replace function app.reopen_afe(afe_id uuid) returns app.afes
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
    update app.afe_approvals p
       set decision = 'pending', comment = null, decided_by = null, decided_at = null
     where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    perform set_config('wellflow.afe_workflow', '', true);
    return afe;
end
$$;
comment on function app.reopen_afe(uuid) is 'rejected -> draft; every participant''s decision returns to pending.';

-- Deferred to commit, so a deck can be rewritten in several statements of one transaction.
create or replace function app.cost_decks_check_sum() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    line app.cost_decks := case when tg_op = 'DELETE' then old else new end;
    well uuid;
    gap record;
begin
    -- A line moved to another well changes two decks.
    foreach well in array array_remove(array[line.well_id,
                                             case when tg_op = 'UPDATE' and old.well_id <> new.well_id then old.well_id end],
                                       null) loop
    select * into gap from app.cost_deck_first_gap(line.organization_id, well);
    if found then
        perform app.raise_error(422, 'WF_COST_DECK_SUM',
            format('The cost deck of well %s sums to %s on %s, %s %s 1.00000000', well,
                   to_char(gap.total, 'FM0.00000000'), gap.day, to_char(abs(1 - gap.total), 'FM0.00000000'),
                   case when gap.total < 1 then 'short of' else 'over' end),
            'decimal_interest',
            'Every day the deck covers needs working interests summing to exactly 1: end one line and start the next '
            'in the same transaction');
    end if;
    end loop;
    return null;
end
$$;
comment on function app.cost_decks_check_sum() is
    'Constraint trigger (deferred): a well''s cost deck sums to exactly 1 on every day it covers.';

-- A run in a few statements, whatever the number of wells: the charges (unbilled transactions
-- booked up to the month's end, and the month's overhead per well), each split by the deck of its
-- service date with the residue to the well's operator (or, when the operator holds no interest
-- that day, to the largest interest), the invoices, and the lines. A draft run is replaced.
-- Overhead (COPAS Section III): a well of a deck is a drilling well in a month that meets the span
-- from its spud date to its completion date (or, not yet completed, while it is drilling or
-- completing), else a producing well in a month it reported production; each is one charge at the
-- rate in effect for the month, once per well and month.
create or replace function app.create_jib_run(billing_month date) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    month_start date;
    month_end date;
    settings app.finance_settings := app.finance_settings_of(org);
    run_id uuid;
begin
    perform app.assert_org_role('create JIB runs', 'finance_writers');
    if billing_month is null or not app.is_sane_date(billing_month)
       or date_trunc('month', billing_month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_JIB_RUN_INPUT',
            format('billing_month must be a month that has begun; got %s', coalesce(billing_month::text, 'nothing')),
            'billing_month', null);
    end if;
    month_start := date_trunc('month', billing_month)::date;
    month_end := (month_start + interval '1 month - 1 day')::date;
    perform pg_advisory_xact_lock(hashtextextended('jib_runs:' || org, 0));
    delete from app.jib_runs r where r.organization_id = org and r.status = 'draft';

    insert into app.jib_runs (organization_id, billing_month, created_by)
    values (org, month_start, app.current_user_id())
    returning id into run_id;

    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: jib_charges (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, held boolean, operator_company_id uuid)';
    perform 'PRAGMA:TABLE: jib_shares (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, owner_company_id uuid, decimal_interest numeric, amount numeric, '
            'residue_amount numeric, is_partner boolean)';
    perform 'PRAGMA:TABLE: jib_partner_invoices (partner_company_id uuid, invoice_id uuid)';
    create temporary table if not exists jib_charges (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        held boolean, operator_company_id uuid) on commit drop;
    create temporary table if not exists jib_shares (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        owner_company_id uuid, decimal_interest numeric, amount numeric, residue_amount numeric, is_partner boolean)
        on commit drop;
    create temporary table if not exists jib_partner_invoices (partner_company_id uuid, invoice_id uuid) on commit drop;
    truncate jib_charges, jib_shares, jib_partner_invoices;

    insert into jib_charges
    select row_number() over (order by c.well_id, c.service_date, c.cost_transaction_id nulls last, c.account_code),
           c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount, c.held, w.operator_company_id
      from (select t.id as cost_transaction_id, t.well_id, t.account_code, t.service_date, t.amount as gross_amount,
                   -- Held while its AFE is over its authorization, where the organization bills no
                   -- overrun before the supplement is approved.
                   not settings.bill_overrun_before_supplement and t.afe_id is not null
                   and exists (select from app.afes a
                                 join app.afes root on root.organization_id = a.organization_id
                                                   and root.id = coalesce(a.parent_afe_id, a.id)
                                where a.organization_id = org and a.id = t.afe_id and root.overrun_flagged_at is not null)
                       as held
              from app.cost_transactions t
             where t.organization_id = org and t.accounting_date <= month_end
               and not exists (select from app.jib_lines l
                                 join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
                                where l.organization_id = org and l.cost_transaction_id = t.id and r.status = 'approved')
            union all
            select null::uuid, w.id, w.account_code, month_end, rate.monthly_rate, false
              from (select w.id, case when w.spud_date <= month_end
                                           and (w.completion_date >= month_start
                                                or w.completion_date is null and w.status in ('drilling', 'completing'))
                                      then '8900'
                                      when exists (select from app.production_monthly_wells p
                                                    where p.organization_id = org and p.well_id = w.id
                                                      and p.month = month_start and p.producing_days > 0) then '8910'
                                 end as account_code
                      from app.wells w
                     where w.organization_id = org
                       and exists (select from app.cost_decks d
                                    where d.organization_id = org and d.well_id = w.id and d.effective @> month_end)) w
              join lateral (select o.monthly_rate from app.overhead_rates o
                             where o.organization_id = org and o.effective_from <= month_start
                               and o.well_kind = case w.account_code when '8900' then 'drilling' else 'producing' end::app.overhead_well_kind
                             order by o.effective_from desc limit 1) rate on true
             where w.account_code is not null
               and not exists (select from app.jib_lines l
                                 join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
                                where l.organization_id = org and l.well_id = w.id and l.line_kind = 'overhead'
                                  and l.service_date = month_end and r.status = 'approved')) c (cost_transaction_id, well_id,
                                                                                                account_code, service_date,
                                                                                                gross_amount, held)
      join app.wells w on w.organization_id = org and w.id = c.well_id;
    analyze jib_charges;

    -- Each owner's share to the cent; the residue to the operator's line, else the largest interest.
    insert into jib_shares
    with shares as (
        select c.charge, c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount,
               d.owner_company_id, d.decimal_interest, round(c.gross_amount * d.decimal_interest, 2) as share,
               d.owner_company_id is distinct from c.operator_company_id as is_partner,
               d.owner_company_id = c.operator_company_id as is_operator
          from jib_charges c
          join app.cost_decks d on d.organization_id = org and d.well_id = c.well_id and d.effective @> c.service_date
         where not c.held),
    ranked as (
        select s.*, s.gross_amount - sum(s.share) over charge as residue, row_number() over ranked_charge as rank
          from shares s
        window charge as (partition by s.charge),
               ranked_charge as (partition by s.charge
                                 order by s.is_operator desc, s.decimal_interest desc, s.owner_company_id))
    select r.charge, r.cost_transaction_id, r.well_id, r.account_code, r.service_date, r.gross_amount, r.owner_company_id,
           r.decimal_interest, r.share + case when r.rank = 1 then r.residue else 0 end,
           case when r.rank = 1 then r.residue else 0 end, r.is_partner
      from ranked r;
    analyze jib_shares;

    with partners as (
        select s.owner_company_id, sum(s.amount) as total,
               row_number() over (order by c.name, c.id) as n
          from jib_shares s join app.companies c on c.organization_id = org and c.id = s.owner_company_id
         where s.is_partner
         group by s.owner_company_id, c.name, c.id),
    written as (
        insert into app.jib_invoices (organization_id, jib_run_id, partner_company_id, invoice_number, total_amount)
        select org, run_id, p.owner_company_id,
               coalesce((select max(i.invoice_number) from app.jib_invoices i where i.organization_id = org), 0) + p.n,
               p.total
          from partners p
        returning id, partner_company_id)
    insert into jib_partner_invoices select w.partner_company_id, w.id from written w;
    analyze jib_partner_invoices;

    insert into app.jib_lines (organization_id, jib_run_id, jib_invoice_id, line_kind, cost_transaction_id, well_id,
                               account_code, service_date, gross_amount, owner_company_id, decimal_interest, amount,
                               residue_amount)
    select org, run_id, i.invoice_id, case when s.cost_transaction_id is null then 'overhead' else 'cost' end::app.jib_line_kind,
           s.cost_transaction_id, s.well_id, s.account_code, s.service_date, s.gross_amount, s.owner_company_id,
           s.decimal_interest, s.amount, s.residue_amount
      from jib_shares s
      left join jib_partner_invoices i on i.partner_company_id = s.owner_company_id and s.is_partner;

    update app.jib_runs r
       set transactions_billed = t.billed, transactions_held = t.held, overhead_wells = t.overhead,
           total_gross = t.gross, total_invoiced = (select coalesce(sum(s.amount), 0) from jib_shares s where s.is_partner)
      from (select count(*) filter (where c.cost_transaction_id is not null and c.billed) as billed,
                   count(*) filter (where c.cost_transaction_id is not null and not c.billed) as held,
                   count(*) filter (where c.cost_transaction_id is null and c.billed) as overhead,
                   coalesce(sum(c.gross_amount) filter (where c.billed), 0) as gross
              from (select c.cost_transaction_id, c.gross_amount, b.charge is not null as billed
                      from jib_charges c
                      left join (select distinct s.charge from jib_shares s) b on b.charge = c.charge) c) t
     where r.organization_id = org and r.id = run_id;
    return run_id;
end
$$;
comment on function app.create_jib_run(date) is
    'Creates (or replaces) the draft JIB run for a billing month; answers its id.';

-- Approving freezes the run. A draft made before one of its transactions, a deck of its wells or an
-- overhead rate changed would bill what no longer stands, so it is refused until it is made again.
-- The billed transactions are locked until the approval commits: a change that waits for it then
-- meets the approved run's guard.
create or replace function app.approve_jib_run(jib_run_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    run app.jib_runs;
    stale text;
begin
    perform app.assert_org_role('approve JIB runs', 'finance_writers');
    select * into run from app.jib_runs r where r.organization_id = org and r.id = approve_jib_run.jib_run_id for update;
    if not found or run.status <> 'draft' then
        perform app.raise_error(404, 'WF_JIB_RUN_NOT_FOUND',
            format('No draft JIB run %s in this organization', jib_run_id), 'jib_run_id', null);
    end if;
    perform 1 from app.cost_transactions t
     where t.organization_id = org
       and t.id in (select l.cost_transaction_id from app.jib_lines l where l.organization_id = org and l.jib_run_id = run.id)
       for share;
    select case when t.id is null then 'A billed transaction was deleted'
                else format('Invoice %s changed', t.invoice_number) end into stale
      from app.jib_lines l
      left join app.cost_transactions t on t.organization_id = l.organization_id and t.id = l.cost_transaction_id
     where l.organization_id = org and l.jib_run_id = run.id and l.line_kind = 'cost'
       and (t.id is null or t.updated_at > run.created_at
            or (t.well_id, t.account_code, t.service_date, t.amount)
               is distinct from (l.well_id, l.account_code, l.service_date, l.gross_amount))
     limit 1;
    if stale is null then
        select 'A cost deck of a billed well or an overhead rate changed' into stale
         where exists (select from app.cost_decks d
                        where d.organization_id = org and d.updated_at > run.created_at
                          and d.well_id in (select l.well_id from app.jib_lines l
                                             where l.organization_id = org and l.jib_run_id = run.id))
            or exists (select from app.overhead_rates o
                        where o.organization_id = org and o.updated_at > run.created_at
                          and o.effective_from <= run.billing_month);
    end if;
    if stale is not null then
        perform app.raise_error(409, 'WF_JIB_RUN_STALE', stale || ' after this draft run was made', 'jib_run_id',
            'Make the run again with /rpc/create_jib_run, then approve the new draft');
    end if;
    update app.jib_runs r set status = 'approved', approved_by = app.current_user_id(), approved_at = clock_timestamp()
     where r.organization_id = org and r.id = run.id;
    perform app.defer_job('reports', 'jib_invoices__render',
                          jsonb_build_object('organization_id', org, 'jib_invoice_id', i.id))
       from app.jib_invoices i where i.organization_id = org and i.jib_run_id = run.id;
    return run.id;
end
$$;
comment on function app.approve_jib_run(uuid) is
    'draft -> approved (immutable), unless a billed transaction changed since; queues each invoice''s PDF and CSV.';

-- The distribution engine, run as its owner (not executable by any web role). It distributes the
-- rows of the temporary table distribution_inputs (one per well and product of one month, from
-- the sales statements or from the call) in a few set-based statements, however many wells:
--   1. each well and product with its deck, tax components and any reason it cannot be
--      distributed (no tax rate, a deck that does not sum to 1, no operator line);
--   2. each owner's exact gross (gross x decimal), tax and deductions;
--   3. the owner lines restated to the cent, with the residue of each total on the operator's
--      line, so the owners add up to the well exactly;
--   4. the distributions and their lines: a month not yet approved gets the restated lines (a draft
--      is replaced); an approved month gets an adjustment, the next revision, whose lines are the
--      differences owner by owner from what its approved revisions hold, and none when nothing
--      changed. The approved revisions never change.
-- Taxes follow the production: an owner's taxable value for a component is its decimal of the
-- gross less the deductions that component allows, and royalty (ri, orri, npri) of an exempt owner
-- type is not taxed. Deductions follow the bearers: owners who bear them share them in proportion
-- to their decimals, so a cost-free royalty's share falls on the working interests.
create or replace function app.distribute_revenue_inputs(org uuid, first_day date, raise_failure boolean) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    failure record;
    failed jsonb;
    distributed integer;
    adjusted integer;
    unchanged integer;
begin
    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: distribution_inputs (well_id uuid, product app.sales_product, '
            'volume_source app.volume_source, volume numeric, heat_content_mmbtu numeric, price numeric, '
            'gross_value numeric, deductions numeric[])';
    perform 'PRAGMA:TABLE: distribution_keys (well_id uuid, product app.sales_product, base_product app.product, '
            'well_name text, state_code text, operator_company_id uuid, royalty_cost_free boolean, latest_id uuid, '
            'latest_status app.distribution_status, revision integer, distribution_id uuid, http_status integer, '
            'code text, field text, message text, hint text)';
    perform 'PRAGMA:TABLE: distribution_deck (well_id uuid, product app.sales_product, division_order_id uuid, '
            'owner_company_id uuid, interest_type app.interest_type, decimal_interest numeric, owner_type app.owner_type, '
            'bears_deductions boolean, pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean)';
    perform 'PRAGMA:TABLE: distribution_amounts (distribution_id uuid, division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, '
            'pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean, gross_exact numeric, '
            'tax_exact numeric, deductions_exact numeric)';
    perform 'PRAGMA:TABLE: distribution_lines (distribution_id uuid, division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, '
            'pay_status app.pay_status, suspense_reason app.suspense_reason, gross numeric, tax numeric, '
            'deductions numeric, gross_residue numeric, tax_residue numeric, deductions_residue numeric)';
    -- One run at a time per organization and month: two would replace each other's drafts.
    perform pg_advisory_xact_lock(hashtextextended('revenue_distributions:' || org || ':' || first_day, 0));
    analyze distribution_inputs;

    create temporary table if not exists distribution_keys (
        well_id uuid, product app.sales_product, base_product app.product, well_name text, state_code text,
        operator_company_id uuid, royalty_cost_free boolean, latest_id uuid, latest_status app.distribution_status,
        revision integer, distribution_id uuid, http_status integer, code text, field text, message text, hint text)
        on commit drop;
    truncate distribution_keys;
    -- A draft latest revision is replaced under its id; after an approved one comes the next revision.
    insert into distribution_keys
    select i.well_id, i.product, app.base_product(i.product), w.name, substr(w.well_number, 1, 2), w.operator_company_id,
           coalesce(l.royalty_cost_free, false), d.id, d.status,
           case when d.status = 'approved' then d.revision + 1 else coalesce(d.revision, 0) end,
           case when d.status = 'draft' then d.id else app.uuid_generate_v7() end
      from distribution_inputs i
      join app.wells w on w.organization_id = org and w.id = i.well_id
      left join app.leases l on l.organization_id = org and l.id = w.lease_id
      left join lateral (select d.id, d.status, d.revision from app.revenue_distributions d
                          where d.organization_id = org and d.well_id = i.well_id and d.sales_month = first_day
                            and d.product = i.product
                          order by d.revision desc limit 1) d on true;
    analyze distribution_keys;

    -- The deck in effect on the month's first day; owners without a tax id are held in suspense.
    create temporary table if not exists distribution_deck (
        well_id uuid, product app.sales_product, division_order_id uuid, owner_company_id uuid,
        interest_type app.interest_type, decimal_interest numeric, owner_type app.owner_type, bears_deductions boolean,
        pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean) on commit drop;
    truncate distribution_deck;
    insert into distribution_deck
    select k.well_id, k.product, o.id, o.owner_company_id, o.interest_type, o.decimal_interest, c.owner_type,
           coalesce(o.bears_deductions, o.interest_type = 'wi' or not k.royalty_cost_free),
           case when o.pay_status = 'suspense' or c.tax_id is null then 'suspense' else 'pay' end::app.pay_status,
           case when o.pay_status = 'suspense' then o.suspense_reason
                when c.tax_id is null then 'missing_tax_id' end,
           false
      from distribution_keys k
      join app.division_orders o
        on o.organization_id = org and o.well_id = k.well_id and o.status = 'active'
       and o.effective @> first_day and o.products && app.product_range(k.base_product)
      join app.companies c on c.organization_id = org and c.id = o.owner_company_id;
    -- The operator's line takes the rounding residue: its working interest first, then its largest line.
    update distribution_deck deck set is_residue = true
      from (select distinct on (d.well_id, d.product) d.well_id, d.product, d.division_order_id
              from distribution_deck d
              join distribution_keys k on k.well_id = d.well_id and k.product = d.product
             where d.owner_company_id = k.operator_company_id
             order by d.well_id, d.product, d.interest_type = 'wi' desc, d.decimal_interest desc, d.division_order_id) r
     where deck.well_id = r.well_id and deck.product = r.product and deck.division_order_id = r.division_order_id;
    analyze distribution_deck;

    -- Why a well and product cannot be distributed, the first reason only.
    with checks as (
        select k.well_id, k.product, k.well_name, k.state_code,
               coalesce(deck.total, 0) as deck_total, coalesce(deck.has_residue, false) as has_residue,
               coalesce(deck.has_bearer, false) as has_bearer,
               (select sum(x) from unnest(i.deductions) x) as deductions,
               exists (select from ref.severance_tax_rates r
                        where r.state_code = k.state_code and r.product = k.base_product::text
                          and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day)) as has_rate
          from distribution_keys k
          join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
          left join (select d.well_id, d.product, sum(d.decimal_interest) as total, bool_or(d.is_residue) as has_residue,
                            bool_or(d.bears_deductions) as has_bearer
                       from distribution_deck d group by d.well_id, d.product) deck
                 on deck.well_id = k.well_id and deck.product = k.product),
    problems as (
        select c.well_id, c.product, case
            when not c.has_rate then array['422', 'WF_SEVERANCE_RATE_MISSING', 'product',
                format('No %s severance tax rate for state %s in %s', app.base_product(c.product), c.state_code,
                       to_char(first_day, 'YYYY-MM')),
                'Rates live in ref.severance_tax_rates (/severance_tax_rates)']
            when c.deck_total <> 1 then array['422', 'WF_DECK_NOT_ONE', 'decimal_interest',
                format('The %s deck of %s on %s sums to %s, %s %s 1.00000000; a distribution needs exactly 1',
                       app.base_product(c.product), c.well_name, first_day, to_char(c.deck_total, 'FM0.00000000'),
                       to_char(abs(1 - c.deck_total), 'FM0.00000000'),
                       case when c.deck_total < 1 then 'short of' else 'over' end),
                'Correct the decimals at /division_orders']
            when not c.has_residue then array['422', 'WF_DECK_NO_OPERATOR', 'owner_company_id',
                format('The %s deck of %s has no line for the well''s operator, who takes the rounding residue',
                       app.base_product(c.product), c.well_name),
                'Add the operator''s division order, or set the well''s operator_company_id']
            when c.deductions > 0 and not c.has_bearer then array['422', 'WF_DECK_NO_DEDUCTION_BEARER', 'bears_deductions',
                format('No owner of the %s deck of %s bears deductions, and the month has %s',
                       app.base_product(c.product), c.well_name, to_char(c.deductions, 'FM999,999,999,990.00')),
                'Set bears_deductions on a division order, or royalty_cost_free on the lease']
        end as problem
          from checks c)
    update distribution_keys k
       set http_status = p.problem[1]::integer, code = p.problem[2], field = p.problem[3], message = p.problem[4],
           hint = p.problem[5]
      from problems p
     where p.problem is not null and k.well_id = p.well_id and k.product = p.product;

    select * into failure from distribution_keys k where k.code is not null order by k.well_name, k.product limit 1;
    if found and raise_failure then
        perform app.raise_error(failure.http_status, failure.code, failure.message, failure.field, failure.hint);
    end if;
    select coalesce(jsonb_agg(jsonb_build_object('well_id', k.well_id, 'well_name', k.well_name, 'product', k.product,
                                                 'code', k.code, 'field', k.field, 'message', k.message)
                              order by k.well_name, k.product), '[]')
      into failed
      from distribution_keys k where k.code is not null;

    -- Each owner's exact share: gross, tax over the components in effect, deductions among the bearers.
    create temporary table if not exists distribution_amounts (
        distribution_id uuid, division_order_id uuid, owner_company_id uuid, interest_type app.interest_type,
        decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, pay_status app.pay_status,
        suspense_reason app.suspense_reason, is_residue boolean, gross_exact numeric, tax_exact numeric,
        deductions_exact numeric) on commit drop;
    truncate distribution_amounts;
    insert into distribution_amounts
    select k.distribution_id, d.division_order_id, d.owner_company_id, d.interest_type, d.decimal_interest,
           d.bears_deductions, coalesce(t.exempt, false), d.pay_status, d.suspense_reason, d.is_residue,
           i.gross_value * d.decimal_interest,
           coalesce(t.tax, 0),
           case when d.bears_deductions
                then (select sum(x) from unnest(i.deductions) x) * d.decimal_interest
                     / sum(case when d.bears_deductions then d.decimal_interest end) over (partition by d.well_id, d.product)
                else 0 end
      from distribution_keys k
      join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
      join distribution_deck d on d.well_id = k.well_id and d.product = k.product
      cross join lateral (
          select sum(case when exempt then 0
                          else r.value_rate * d.decimal_interest * greatest(i.gross_value - allowed.amount, 0)
                               + r.unit_amount * i.volume * d.decimal_interest end) as tax,
                 bool_and(exempt) as exempt
            from ref.severance_tax_rates r
           cross join lateral (select d.interest_type <> 'wi' and d.owner_type = any (r.exempt_owner_types) as exempt) e
           cross join lateral (select coalesce(sum(x.amount), 0) as amount
                                 from unnest(i.deductions, enum_range(null::app.deduction_type)) as x (amount, deduction_type)
                                where x.deduction_type = any (r.deductible_deduction_types)) allowed
           where r.state_code = k.state_code and r.product = k.base_product::text
             and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day)) t
     where k.code is null;

    -- Each line restated to the cent; the residue of each total (the well's figure less the sum of
    -- the rounded shares) on the residue line. Then, owner by owner, less what the approved revisions
    -- of the month already hold: the month's first distribution has none, an adjustment keeps only
    -- the owners whose amounts changed.
    create temporary table if not exists distribution_lines (
        distribution_id uuid, division_order_id uuid, owner_company_id uuid, interest_type app.interest_type,
        decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, pay_status app.pay_status,
        suspense_reason app.suspense_reason, gross numeric, tax numeric, deductions numeric, gross_residue numeric,
        tax_residue numeric, deductions_residue numeric) on commit drop;
    truncate distribution_lines;
    insert into distribution_lines
    with well_totals as (
        select k.distribution_id, i.gross_value as gross, round(sum(a.tax_exact), 2) as tax,
               (select sum(x) from unnest(i.deductions) x) as deductions
          from distribution_keys k
          join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
          join distribution_amounts a on a.distribution_id = k.distribution_id
         group by k.distribution_id, i.gross_value, i.deductions),
    rounded as (
        select a.*, round(a.gross_exact, 2) as gross, round(a.tax_exact, 2) as tax,
               round(a.deductions_exact, 2) as deductions
          from distribution_amounts a),
    restated as (
        select r.*,
               case when r.is_residue then t.gross - sum(r.gross) over w else 0 end as gross_residue,
               case when r.is_residue then t.tax - sum(r.tax) over w else 0 end as tax_residue,
               case when r.is_residue then t.deductions - sum(r.deductions) over w else 0 end as deductions_residue
          from rounded r join well_totals t on t.distribution_id = r.distribution_id
        window w as (partition by r.distribution_id)),
    paid_before as (
        select k.distribution_id, l.owner_company_id, l.interest_type,
               (array_agg(l.division_order_id order by d.revision desc))[1] as division_order_id,
               (array_agg(l.pay_status order by d.revision desc))[1] as pay_status,
               (array_agg(l.suspense_reason order by d.revision desc))[1] as suspense_reason,
               sum(l.gross_value) as gross, sum(l.severance_tax) as tax, sum(l.other_deductions) as deductions,
               sum(l.gross_residue) as gross_residue, sum(l.tax_residue) as tax_residue,
               sum(l.deductions_residue) as deductions_residue
          from distribution_keys k
          join app.revenue_distributions d
            on d.organization_id = org and d.well_id = k.well_id and d.sales_month = first_day and d.product = k.product
           and d.status = 'approved'
          join app.revenue_distribution_lines l on l.organization_id = org and l.distribution_id = d.id
         where k.code is null and k.revision > 0
         group by k.distribution_id, l.owner_company_id, l.interest_type)
    select coalesce(r.distribution_id, p.distribution_id), coalesce(r.division_order_id, p.division_order_id),
           coalesce(r.owner_company_id, p.owner_company_id), coalesce(r.interest_type, p.interest_type),
           coalesce(r.decimal_interest, 0), coalesce(r.bears_deductions, true), coalesce(r.tax_exempt, false),
           coalesce(r.pay_status, p.pay_status), case when r.distribution_id is null then p.suspense_reason else r.suspense_reason end,
           coalesce(r.gross + r.gross_residue, 0) - coalesce(p.gross, 0),
           coalesce(r.tax + r.tax_residue, 0) - coalesce(p.tax, 0),
           coalesce(r.deductions + r.deductions_residue, 0) - coalesce(p.deductions, 0),
           coalesce(r.gross_residue, 0) - coalesce(p.gross_residue, 0),
           coalesce(r.tax_residue, 0) - coalesce(p.tax_residue, 0),
           coalesce(r.deductions_residue, 0) - coalesce(p.deductions_residue, 0)
      from restated r
      full join paid_before p
        on p.distribution_id = r.distribution_id and p.owner_company_id = r.owner_company_id
       and p.interest_type = r.interest_type;
    -- An adjustment holds only the owners whose amounts changed.
    delete from distribution_lines l
     using distribution_keys k
     where k.distribution_id = l.distribution_id and k.revision > 0
       and (l.gross, l.tax, l.deductions) = (0, 0, 0);

    -- A draft is replaced whole (its lines go with it, on delete cascade), under the same id.
    delete from app.revenue_distributions d
     using distribution_keys k
     where d.organization_id = org and d.id = k.latest_id and k.latest_status = 'draft' and k.code is null;

    insert into app.revenue_distributions (organization_id, id, well_id, sales_month, product, revision, volume_source,
                                           volume, heat_content_mmbtu, price, severance_tax_rate, severance_tax_per_unit,
                                           gross_value, severance_tax, other_deductions, net_value, residue_company_id,
                                           calculated_by)
    select org, k.distribution_id, k.well_id, first_day, k.product, k.revision, i.volume_source, i.volume,
           i.heat_content_mmbtu, i.price, rates.value_rate, rates.unit_amount, totals.gross, totals.tax,
           totals.deductions, totals.gross - totals.tax - totals.deductions, k.operator_company_id, app.current_user_id()
      from distribution_keys k
      join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
      join (select l.distribution_id, sum(l.gross) as gross, sum(l.tax) as tax, sum(l.deductions) as deductions
              from distribution_lines l group by l.distribution_id) totals on totals.distribution_id = k.distribution_id
      cross join lateral (select sum(r.value_rate) as value_rate, sum(r.unit_amount) as unit_amount
                            from ref.severance_tax_rates r
                           where r.state_code = k.state_code and r.product = k.base_product::text
                             and r.effective_from <= first_day
                             and (r.effective_to is null or r.effective_to >= first_day)) rates
     where k.code is null;

    insert into app.revenue_distribution_lines (organization_id, distribution_id, division_order_id, owner_company_id,
                                                interest_type, decimal_interest, bears_deductions, tax_exempt,
                                                gross_value, severance_tax, other_deductions, net_value, gross_residue,
                                                tax_residue, deductions_residue, pay_status, suspense_reason)
    select org, l.distribution_id, l.division_order_id, l.owner_company_id, l.interest_type, l.decimal_interest,
           l.bears_deductions, l.tax_exempt, l.gross, l.tax, l.deductions, l.gross - l.tax - l.deductions,
           l.gross_residue, l.tax_residue, l.deductions_residue, l.pay_status, l.suspense_reason
      from distribution_lines l;

    select count(*) filter (where k.revision = 0 and l.distribution_id is not null),
           count(*) filter (where k.revision > 0 and l.distribution_id is not null),
           count(*) filter (where k.revision > 0 and l.distribution_id is null)
      into distributed, adjusted, unchanged
      from distribution_keys k
      left join (select distinct distribution_id from distribution_lines) l on l.distribution_id = k.distribution_id
     where k.code is null;
    return jsonb_build_object('sales_month', to_char(first_day, 'YYYY-MM'), 'distributed', distributed,
                              'adjusted', adjusted, 'unchanged', unchanged, 'failed', failed);
end
$$;
comment on function app.distribute_revenue_inputs(uuid, date, boolean) is
    'The distribution engine over distribution_inputs for one month: answers {distributed, adjusted, unchanged, failed}; '
    'raises the first failure instead when asked to.';

create or replace function app.approve_revenue_distribution(distribution_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    approved uuid;
begin
    perform app.assert_org_role('approve revenue distributions', 'finance_writers');
    update app.revenue_distributions d
       set status = 'approved', approved_by = app.current_user_id(), approved_at = clock_timestamp()
     where d.organization_id = app.current_organization_id() and d.id = distribution_id
    returning d.id into approved;
    if approved is null then
        perform app.raise_error(404, 'WF_DISTRIBUTION_NOT_FOUND',
            format('No revenue distribution %s in this organization', distribution_id), 'distribution_id', null);
    end if;
    return approved;
end
$$;
comment on function app.approve_revenue_distribution(uuid) is 'draft -> approved; an approved distribution is immutable.';

drop function app.cost_deck_first_gap(uuid, uuid);

-- The first day on which a well's deck does not sum to exactly 1, between the first day any line of
-- it starts and the last day one ends: the days where the sum can change are the days lines start
-- and the days after lines end while another line goes on.
create function app.cost_deck_first_gap(organization uuid, well uuid)
returns table (day date, total numeric)
language sql stable
set search_path = pg_catalog, app
as $$
    with lines as (
        select d.effective_from, d.effective_to, d.decimal_interest, d.effective
          from app.cost_decks d where d.organization_id = organization and d.well_id = well),
    days as (
        select effective_from as day from lines
        union
        select l.effective_to + 1 from lines l
         where l.effective_to is not null
           and exists (select from lines later where later.effective_to is null or later.effective_to > l.effective_to))
    select days.day, coalesce(sum(l.decimal_interest), 0)
      from days left join lines l on l.effective @> days.day
     group by days.day
    having coalesce(sum(l.decimal_interest), 0) <> 1
     order by days.day
     limit 1
$$;
comment on function app.cost_deck_first_gap(uuid, uuid) is
    'The first day a well''s cost deck covers on which its decimals do not sum to exactly 1, with that sum; no row when whole.';

alter table app.cost_decks drop constraint cost_decks_effective_excl;
alter table app.cost_decks drop column phases, drop column payout_phase;
alter table app.cost_decks add constraint cost_decks_effective_excl exclude using gist (
    organization_id with =, well_id with =, owner_company_id with =, effective with &&);
drop function app.payout_phase_range(app.payout_phase);
drop type app.payout_phase;
alter table app.revenue_distribution_lines drop constraint revenue_distribution_lines_net_value_check;
alter table app.revenue_distribution_lines drop column recoupment_amount;
alter table app.revenue_distribution_lines add constraint revenue_distribution_lines_net_value_check check (
    net_value = gross_value - severance_tax - other_deductions);
alter table app.afes drop column consent_rule, drop column election_days;
alter table app.finance_settings drop column afe_consent_rule, drop column non_consent_drilling_percent,
    drop column non_consent_equipment_in_well_percent, drop column non_consent_surface_equipment_percent,
    drop column non_consent_operating_percent;
drop type app.afe_consent_rule;
drop function app.is_penalty_percent(numeric);

-- The one place the defaults live: approval by more than 50 % of the working interest, a 10 %
-- overrun allowance (the customary point at which a supplemental AFE is required), payments from
-- $100 and once a year (December) from $10 (the thresholds of Texas Natural Resources Code
-- §91.402), 24 % backup withholding.
create or replace function app.finance_settings_of(organization uuid) returns app.finance_settings
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select coalesce(
        (select s from app.finance_settings s where s.organization_id = organization),
        row(organization, 0.5, false, 10, null, null, null, null, null, null, 100, 12, 10, 0.24, true)::app.finance_settings)
$$;
comment on function app.finance_settings_of(uuid) is
    'The organization''s finance settings, or the defaults (more than 50 % approves, 10 % overrun, payments from $100 and '
    'each December from $10, 24 % backup withholding, overruns billed before their supplement) when it has none.';

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
               as overrun_flagged_at
      from app.afes a;
alter view api.afes alter column organization_id set default app.current_organization_id();
comment on view api.afes is
    'Authorizations for expenditure. Everyone reads; engineers, accountants, admins and owners create and edit drafts. '
    'Status moves only through /rpc/submit_afe, /rpc/decide_afe, /rpc/reopen_afe and /rpc/close_afe. Actual cost is never '
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
    'draft -> submitted. Needs line items and participants holding exactly 100 % of the working interest. Engineers, accountants, admins, owners.';

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
    'Records a participant''s decision (approve, or reject with a comment). The AFE is approved once approving working interest '
    'reaches the threshold in /finance_settings, rejected once it no longer can. Accountants, admins, owners.';

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


create view api.finance_settings as
    select s.organization_id, s.afe_approval_threshold, s.afe_approval_threshold_inclusive, s.afe_overrun_percent,
           s.statement_contact_name, s.statement_address, s.statement_phone, s.statement_email, s.updated_at,
           s.minimum_payment, s.annual_payment_month, s.annual_minimum_payment, s.backup_withholding_rate,
           s.bill_overrun_before_supplement
      from app.organizations o cross join lateral app.finance_settings_of(o.id) s;
comment on view api.finance_settings is
    'The organization''s finance settings (one row, defaults until changed). Owners, admins and accountants PATCH it.';
comment on column api.finance_settings.organization_id is 'The organization.';
comment on column api.finance_settings.afe_approval_threshold is
    'Share of the participating working interest whose approval approves an AFE, 8 decimals; default 0.5.';
comment on column api.finance_settings.afe_approval_threshold_inclusive is
    'false (default): approving interest must be more than the threshold; true: at least the threshold.';
comment on column api.finance_settings.afe_overrun_percent is
    'Actual cost may exceed the approved total by this percentage before the AFE is flagged and a supplemental AFE is needed; '
    'default 10.';
comment on column api.finance_settings.statement_contact_name is 'Contact printed on owner statements.';
comment on column api.finance_settings.statement_address is 'Address printed on owner statements.';
comment on column api.finance_settings.statement_phone is 'Phone number printed on owner statements (Texas Natural Resources Code §91.502).';
comment on column api.finance_settings.statement_email is 'E-mail printed on owner statements.';
comment on column api.finance_settings.updated_at is 'When the settings were last changed; null while they are the defaults.';
comment on column api.finance_settings.minimum_payment is 'An owner''s balance below this is carried to the next payment run; default 100.00.';
comment on column api.finance_settings.annual_payment_month is
    'The month (1-12) whose payment run pays every balance of at least annual_minimum_payment; default 12.';
comment on column api.finance_settings.annual_minimum_payment is
    'The smallest balance the annual run pays; default 10.00, at most minimum_payment.';
comment on column api.finance_settings.backup_withholding_rate is
    'Share withheld from payments to owners subject to backup withholding; default 0.24.';
comment on column api.finance_settings.bill_overrun_before_supplement is
    'true (default): the JIB run bills the costs of an AFE flagged over its authorization; false: it holds them until a '
    'supplement is approved.';

-- Writes to the settings view land in app.finance_settings (created on first change).
create function api.finance_settings_write() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.finance_settings (organization_id, afe_approval_threshold, afe_approval_threshold_inclusive,
                                      afe_overrun_percent, statement_contact_name, statement_address,
                                      statement_phone, statement_email, minimum_payment, annual_payment_month,
                                      annual_minimum_payment, backup_withholding_rate, bill_overrun_before_supplement)
    values (old.organization_id, new.afe_approval_threshold, new.afe_approval_threshold_inclusive,
            new.afe_overrun_percent, new.statement_contact_name, new.statement_address, new.statement_phone,
            new.statement_email, new.minimum_payment, new.annual_payment_month, new.annual_minimum_payment,
            new.backup_withholding_rate, new.bill_overrun_before_supplement)
    on conflict (organization_id) do update
       set afe_approval_threshold = excluded.afe_approval_threshold,
           afe_approval_threshold_inclusive = excluded.afe_approval_threshold_inclusive,
           afe_overrun_percent = excluded.afe_overrun_percent,
           statement_contact_name = excluded.statement_contact_name,
           statement_address = excluded.statement_address,
           statement_phone = excluded.statement_phone,
           statement_email = excluded.statement_email,
           minimum_payment = excluded.minimum_payment,
           annual_payment_month = excluded.annual_payment_month,
           annual_minimum_payment = excluded.annual_minimum_payment,
           backup_withholding_rate = excluded.backup_withholding_rate,
           bill_overrun_before_supplement = excluded.bill_overrun_before_supplement;
    -- Another allowance moves the line between authorized and over: every AFE family is measured again.
    if new.afe_overrun_percent is distinct from old.afe_overrun_percent then
        perform app.flag_afe_overruns(array(select a.id from app.afes a
                                             where a.organization_id = old.organization_id and a.parent_afe_id is null));
    end if;
    return new;
end
$$;
comment on function api.finance_settings_write() is 'Trigger: PATCH /finance_settings stores the organization''s settings.';
create trigger finance_settings_write instead of update on api.finance_settings
    for each row execute function api.finance_settings_write();

grant select on api.finance_settings
    to wellflow_user, wellflow_analyst;
grant update on api.finance_settings to wellflow_user;


create view api.cost_decks as
    select organization_id, id, well_id, owner_company_id, decimal_interest, effective_from, effective_to, created_at,
           updated_at
      from app.cost_decks;
alter view api.cost_decks alter column organization_id set default app.current_organization_id();
comment on view api.cost_decks is
    'Who bears each well''s costs: working-interest decimals per owner over an effective date range. Everyone reads; owners, '
    'admins and accountants write. On every day a well''s deck covers, its decimals sum to exactly 1.00000000 '
    '(WF_COST_DECK_SUM, checked at commit, naming the first day that does not and by how much), so a deck or a change of it '
    'is written in one request (POST a JSON array of lines). One owner''s lines of a well never overlap in time. Joint '
    'interest billing splits each cost by the deck in effect on its service date.';
comment on column api.cost_decks.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.cost_decks.id is 'Deck line id (UUID v7).';
comment on column api.cost_decks.well_id is 'The well (see /wells).';
comment on column api.cost_decks.owner_company_id is 'The working-interest owner (see /companies).';
comment on column api.cost_decks.decimal_interest is 'The owner''s working interest, in (0, 1] with at most 8 decimals.';
comment on column api.cost_decks.effective_from is 'First day in effect.';
comment on column api.cost_decks.effective_to is 'Last day in effect (inclusive); empty while open-ended.';
comment on column api.cost_decks.created_at is 'When the line was created.';
comment on column api.cost_decks.updated_at is 'When the line was last changed.';
grant select on api.cost_decks to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.cost_decks to wellflow_user;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.revenue_distribution_lines as
    with readable as (
        select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
               bears_deductions, tax_exempt,
               gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
               pay_status, suspense_reason,
               payable_amount, suspense_amount
          from app.revenue_distribution_lines)
    select * from readable;
comment on view api.revenue_distribution_lines is 'Each owner''s share of a revenue distribution; the lines sum exactly to the distribution.';
comment on column api.revenue_distribution_lines.organization_id is 'The organization.';
comment on column api.revenue_distribution_lines.id is 'Line id (UUID v7).';
comment on column api.revenue_distribution_lines.distribution_id is 'The distribution (see /revenue_distributions).';
comment on column api.revenue_distribution_lines.division_order_id is 'The division order the decimal comes from.';
comment on column api.revenue_distribution_lines.owner_company_id is 'The owner (see /companies).';
comment on column api.revenue_distribution_lines.interest_type is 'wi, ri, orri or npri.';
comment on column api.revenue_distribution_lines.decimal_interest is 'The owner''s decimal.';
comment on column api.revenue_distribution_lines.bears_deductions is
    'Whether the owner bore deductions (false for royalty on a cost-free lease unless the division order says otherwise).';
comment on column api.revenue_distribution_lines.tax_exempt is
    'Whether the owner''s royalty was exempt from every tax component (royalty of the United States, a state or a tribe where exempt).';
comment on column api.revenue_distribution_lines.gross_value is 'Sales value x decimal, to the cent (plus gross_residue on the operator''s line).';
comment on column api.revenue_distribution_lines.severance_tax is 'The owner''s severance tax on its taxable value.';
comment on column api.revenue_distribution_lines.other_deductions is
    'The owner''s share of the deductions: their total x its decimal / the decimals of the owners who bear them.';
comment on column api.revenue_distribution_lines.net_value is 'gross_value - severance_tax - other_deductions.';
comment on column api.revenue_distribution_lines.gross_residue is 'Cents of gross value this line took so the owners add up to the well; non-zero only for the operator.';
comment on column api.revenue_distribution_lines.tax_residue is 'Cents of severance tax this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.deductions_residue is 'Cents of other deductions this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.pay_status is 'pay or suspense.';
comment on column api.revenue_distribution_lines.suspense_reason is 'Why the amount is held (from the division order, or missing_tax_id when the owner has none).';
comment on column api.revenue_distribution_lines.payable_amount is 'net_value when paid, else 0.';
comment on column api.revenue_distribution_lines.suspense_amount is 'net_value when held in suspense, else 0.';
-- What Texas Natural Resources Code §91.502 requires on a payment stub, one row per owner line.
create view api.owner_statements as
    select l.organization_id, l.id as line_id, d.id as distribution_id, d.status, d.sales_month, d.product,
           d.revision, d.revision > 0 as is_adjustment,
           w.id as well_id, w.name as well_name, app.format_well_number(w.well_number) as well_number_formatted,
           le.lease_number, le.name as lease_name, county.name as county_name, state.name as state_name,
           d.volume, d.price, d.gross_value as well_gross_value, d.severance_tax as well_severance_tax,
           d.other_deductions as well_other_deductions, d.net_value as well_net_value,
           l.owner_company_id, owner.name as owner_name, l.interest_type, l.decimal_interest,
           l.gross_value as owner_gross_value, l.severance_tax as owner_severance_tax,
           l.other_deductions as owner_other_deductions, l.net_value as owner_net_value,
           l.pay_status, l.suspense_reason, l.payable_amount, l.suspense_amount,
           operator.name as operator_name, settings.statement_contact_name as operator_contact_name,
           settings.statement_address as operator_address,
           coalesce(settings.statement_phone, operator.contact_phone) as operator_phone,
           coalesce(settings.statement_email, operator.contact_email) as operator_email
      from app.revenue_distribution_lines l
      join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
      join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id
      left join app.leases le on le.organization_id = w.organization_id and le.id = w.lease_id
      join ref.well_number_states state on state.state_code = substr(w.well_number, 1, 2)
      join ref.well_number_counties county on county.state_code = substr(w.well_number, 1, 2)
                                          and county.county_code = substr(w.well_number, 3, 3)
      join app.companies owner on owner.organization_id = l.organization_id and owner.id = l.owner_company_id
      join app.companies operator on operator.organization_id = d.organization_id and operator.id = d.residue_company_id
      cross join lateral app.finance_settings_of(l.organization_id) settings;
comment on view api.owner_statements is
    'Owner statement lines with what Texas Natural Resources Code §91.502 requires on a check stub: well and lease, county and state, '
    'sales month, volume and price, taxes and deductions, net value of total sales, owner decimal, owner gross and net, operator contact.';
comment on column api.owner_statements.organization_id is 'The organization.';
comment on column api.owner_statements.line_id is 'The distribution line (see /revenue_distribution_lines).';
comment on column api.owner_statements.distribution_id is 'The distribution (see /revenue_distributions).';
comment on column api.owner_statements.status is 'draft or approved; statements go out for approved distributions.';
comment on column api.owner_statements.sales_month is 'First day of the sales month.';
comment on column api.owner_statements.revision is '0 for the month''s distribution, 1, 2, ... for its adjustments.';
comment on column api.owner_statements.is_adjustment is 'true for a prior-period adjustment: the amounts are differences.';
comment on column api.owner_statements.product is 'oil, gas, ngl or condensate.';
comment on column api.owner_statements.well_id is 'The well.';
comment on column api.owner_statements.well_name is 'Well name.';
comment on column api.owner_statements.well_number_formatted is 'US well number, e.g. 42-329-40211-00-00.';
comment on column api.owner_statements.lease_number is 'Lease number.';
comment on column api.owner_statements.lease_name is 'Lease name.';
comment on column api.owner_statements.county_name is 'County of the well.';
comment on column api.owner_statements.state_name is 'State of the well.';
comment on column api.owner_statements.volume is 'Volume sold from the well (barrels or mcf).';
comment on column api.owner_statements.price is 'Price per barrel or mcf.';
comment on column api.owner_statements.well_gross_value is 'Gross value of the well''s sales.';
comment on column api.owner_statements.well_severance_tax is 'Severance tax on the well''s sales.';
comment on column api.owner_statements.well_other_deductions is 'Other deductions on the well''s sales.';
comment on column api.owner_statements.well_net_value is 'Net value of total sales.';
comment on column api.owner_statements.owner_company_id is 'The owner.';
comment on column api.owner_statements.owner_name is 'Owner name.';
comment on column api.owner_statements.interest_type is 'wi, ri, orri or npri.';
comment on column api.owner_statements.decimal_interest is 'Owner decimal.';
comment on column api.owner_statements.owner_gross_value is 'Owner gross value.';
comment on column api.owner_statements.owner_severance_tax is 'Owner share of severance tax.';
comment on column api.owner_statements.owner_other_deductions is 'Owner share of other deductions.';
comment on column api.owner_statements.owner_net_value is 'Owner net value.';
comment on column api.owner_statements.pay_status is 'pay or suspense.';
comment on column api.owner_statements.suspense_reason is 'Why the amount is held.';
comment on column api.owner_statements.payable_amount is 'Amount payable now.';
comment on column api.owner_statements.suspense_amount is 'Amount added to suspense.';
comment on column api.owner_statements.operator_name is 'The operator.';
comment on column api.owner_statements.operator_contact_name is 'Who to contact about the payment (finance settings).';
comment on column api.owner_statements.operator_address is 'Address to write to (finance settings).';
comment on column api.owner_statements.operator_phone is 'Phone number to call: the finance settings'' number, else the operator company''s.';
comment on column api.owner_statements.operator_email is 'E-mail: the finance settings'' address, else the operator company''s.';

grant select on api.revenue_distribution_lines, api.owner_statements to wellflow_user, wellflow_analyst;
grant select on api.owner_statements to wellflow_owner;
commit;
