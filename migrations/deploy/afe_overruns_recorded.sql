-- Deploy wellflow:afe_overruns_recorded to pg
-- Incurred costs are always booked: an AFE whose actual cost goes beyond its authorization is
-- flagged and its owners and admins are e-mailed instead of the cost being refused; a supplement's
-- approval clears the flag. AFEs keep the invoiced total of the cost transactions coded to them;
-- the finance settings say whether the joint interest billing bills an overrun before the
-- supplement is approved.
begin;
set local role wellflow_owner;
-- Constant defaults: no table rewrite.
alter table app.afes
    add column overrun_flagged_at timestamptz,
    add column invoiced_total numeric(14,2) not null default 0;
alter table app.finance_settings
    add column bill_overrun_before_supplement boolean not null default true;

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

drop trigger afe_line_items_check_overrun on app.afe_line_items;
drop function app.afe_check_overrun();

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

set local role wellflow_api;

create or replace view api.afes as
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

create or replace view api.finance_settings as
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

create or replace function api.finance_settings_write() returns trigger
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

-- The view expands the settings' columns when it is created: made again, it knows the new one.
create or replace view api.owner_statements as
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

comment on column api.afe_line_items.actual_amount is
    'A manual accrual of actual cost not yet invoiced, US dollars, >= 0, at most 2 decimals (invoices are /cost_transactions).';

commit;
