-- Revert wellflow:jib_netting from pg
-- No receipts, balances or netting; payments are lines, interest and withholding again.
begin;
set local role wellflow_api;
drop view api.partner_balances;
drop view api.jib_receipts;
drop function api.void_owner_payment(uuid, text), api.reissue_owner_payment(uuid, app.payment_method, text);
drop view api.owner_payments;

create view api.owner_payments as
    with readable as (
        select organization_id, id, payment_run_id, owner_company_id, payment_method, payment_number, status, lines_amount,
               interest_amount, withholding_amount, net_amount, reissue_of_payment_id, voided_at, voided_by, void_reason,
               created_at
          from app.owner_payments)
    select * from readable;

comment on view api.owner_payments is
    'One payment per owner and run. Void with /rpc/void_owner_payment, reissue with /rpc/reissue_owner_payment, download '
    'the statement with /rpc/download_owner_statement.';
comment on column api.owner_payments.organization_id is 'The organization.';
comment on column api.owner_payments.id is 'Payment id (UUID v7).';
comment on column api.owner_payments.payment_run_id is 'The run (see /payment_runs).';
comment on column api.owner_payments.owner_company_id is 'The owner paid (see /companies).';
comment on column api.owner_payments.payment_method is 'check or ach.';
comment on column api.owner_payments.payment_number is 'Check or ACH number, unique per method in the organization.';
comment on column api.owner_payments.status is 'issued or voided.';
comment on column api.owner_payments.lines_amount is 'Sum of the lines paid (adjustments may be negative).';
comment on column api.owner_payments.interest_amount is 'Late-payment interest (Texas Natural Resources Code §91.403).';
comment on column api.owner_payments.withholding_amount is 'Backup withholding.';
comment on column api.owner_payments.net_amount is 'lines_amount + interest_amount - withholding_amount: the amount of the check or transfer.';
comment on column api.owner_payments.reissue_of_payment_id is 'The voided payment this one replaces.';
comment on column api.owner_payments.voided_at is 'When it was voided.';
comment on column api.owner_payments.voided_by is 'Who voided it.';
comment on column api.owner_payments.void_reason is 'Why it was voided.';
comment on column api.owner_payments.created_at is 'When it was created.';

grant select on api.owner_payments to wellflow_user, wellflow_analyst;

create function api.void_owner_payment(owner_payment_id uuid, reason text) returns api.owner_payments
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.void_owner_payment(owner_payment_id, reason);
    return (select p from api.owner_payments p where p.id = owner_payment_id);
end
$$;
comment on function api.void_owner_payment(uuid, text) is 'Voids an issued payment (reason required); its lines become payable again.';

create function api.reissue_owner_payment(owner_payment_id uuid, payment_method app.payment_method default null,
                                          payment_number text default null) returns api.owner_payments
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    reissued uuid := app.reissue_owner_payment(owner_payment_id, payment_method, payment_number);
begin
    return (select p from api.owner_payments p where p.id = reissued);
end
$$;
comment on function api.reissue_owner_payment(uuid, app.payment_method, text) is
    'Reissues a voided payment: the same lines and totals, a new number (the next one unless given).';

grant execute on function api.void_owner_payment(uuid, text), api.reissue_owner_payment(uuid, app.payment_method, text)
    to wellflow_user;

set local role wellflow_owner;

create or replace function app.create_payment_run(cutoff_month date, payment_date date) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    settings app.finance_settings := app.finance_settings_of(org);
    run_id uuid;
begin
    perform app.assert_org_role('create payment runs', 'finance_writers');
    if cutoff_month is null or not app.is_sane_date(cutoff_month)
       or date_trunc('month', cutoff_month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_PAYMENT_RUN_INPUT',
            format('cutoff_month must be a month that has begun; got %s', coalesce(cutoff_month::text, 'nothing')),
            'cutoff_month', null);
    end if;
    if payment_date is null or not app.is_sane_date(payment_date) or payment_date < cutoff_month then
        perform app.raise_error(400, 'WF_PAYMENT_RUN_INPUT',
            format('payment_date must be a day from the cut-off month on; got %s', coalesce(payment_date::text, 'nothing')),
            'payment_date', null);
    end if;
    perform pg_advisory_xact_lock(hashtextextended('payment_runs:' || org, 0));
    delete from app.payment_runs r where r.organization_id = org and r.status = 'draft';

    insert into app.payment_runs (organization_id, cutoff_month, payment_date, created_by)
    values (org, date_trunc('month', cutoff_month)::date, payment_date, app.current_user_id())
    returning id into run_id;

    -- plpgsql_check cannot see the working table; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: run_payables (owner_company_id uuid, distribution_line_id uuid, amount numeric, '
            'released_suspense_reason app.suspense_reason, due_date date, days_late integer, interest_amount numeric, '
            'payment_id uuid)';
    create temporary table if not exists run_payables (
        owner_company_id uuid, distribution_line_id uuid, amount numeric, released_suspense_reason app.suspense_reason,
        due_date date, days_late integer, interest_amount numeric, payment_id uuid) on commit drop;
    truncate run_payables;
    insert into run_payables
    select p.*, null from app.owner_payables(date_trunc('month', cutoff_month)::date, payment_date) p;
    analyze run_payables;

    with balances as (
        select p.owner_company_id, sum(p.amount) as lines_amount, sum(p.interest_amount) as interest_amount
          from run_payables p group by p.owner_company_id),
    paid as (
        select b.*, c.payment_method,
               case when c.backup_withholding
                    then round((b.lines_amount + b.interest_amount) * settings.backup_withholding_rate, 2) else 0 end
                   as withholding_amount,
               row_number() over (partition by c.payment_method order by c.name, c.id) as n
          from balances b
          join app.companies c on c.organization_id = org and c.id = b.owner_company_id
         where b.lines_amount + b.interest_amount > 0
           and (b.lines_amount + b.interest_amount >= settings.minimum_payment
                or extract(month from payment_date) = settings.annual_payment_month
                   and b.lines_amount + b.interest_amount >= settings.annual_minimum_payment)),
    last_numbers as (
        select e.payment_method, max(e.payment_number::bigint) as last_number
          from app.owner_payments e
         where e.organization_id = org and e.payment_number ~ '^[0-9]{1,18}$'
         group by e.payment_method),
    numbered as (
        select p.*, coalesce(l.last_number, 0) + p.n as number
          from paid p left join last_numbers l on l.payment_method = p.payment_method),
    written as (
        insert into app.owner_payments (organization_id, payment_run_id, owner_company_id, payment_method, payment_number,
                                        lines_amount, interest_amount, withholding_amount, net_amount)
        select org, run_id, n.owner_company_id, n.payment_method, n.number::text, n.lines_amount, n.interest_amount,
               n.withholding_amount, n.lines_amount + n.interest_amount - n.withholding_amount
          from numbered n
        returning id, owner_company_id)
    update run_payables p set payment_id = w.id from written w where w.owner_company_id = p.owner_company_id;

    insert into app.owner_payment_lines (organization_id, owner_payment_id, distribution_line_id, amount, due_date, days_late,
                                         interest_amount, released_suspense_reason)
    select org, p.payment_id, p.distribution_line_id, p.amount, p.due_date, p.days_late, p.interest_amount,
           p.released_suspense_reason
      from run_payables p where p.payment_id is not null;

    update app.payment_runs r
       set owners_paid = s.paid, owners_carried = s.carried, total_paid = s.total_paid, total_carried = s.total_carried
      from (select count(distinct owner_company_id) filter (where payment_id is not null) as paid,
                   count(distinct owner_company_id) filter (where payment_id is null) as carried,
                   coalesce(sum(amount + interest_amount) filter (where payment_id is not null), 0) as total_paid,
                   coalesce(sum(amount) filter (where payment_id is null), 0) as total_carried
              from run_payables) s
     where r.organization_id = org and r.id = run_id;
    return run_id;
end
$$;
comment on function app.create_payment_run(date, date) is
    'Creates (or replaces) the draft payment run for a cut-off month; answers its id.';

create or replace function app.void_owner_payment(owner_payment_id uuid, reason text) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    payment app.owner_payments;
begin
    perform app.assert_org_role('void owner payments', 'finance_writers');
    if reason is null or char_length(btrim(reason)) not between 1 and 500 then
        perform app.raise_error(400, 'WF_PAYMENT_INPUT', 'reason is required (1-500 characters)', 'reason', null);
    end if;
    select * into payment from app.owner_payments p where p.organization_id = org and p.id = owner_payment_id for update;
    if not found then
        perform app.raise_error(404, 'WF_PAYMENT_NOT_FOUND', format('No owner payment %s in this organization', owner_payment_id),
            'owner_payment_id', null);
    end if;
    if payment.status = 'voided' then
        perform app.raise_error(409, 'WF_PAYMENT_VOIDED', format('Payment %s is already voided', payment.payment_number),
            'owner_payment_id', null);
    end if;
    if not exists (select from app.payment_runs r where r.organization_id = org and r.id = payment.payment_run_id
                                                    and r.status = 'approved') then
        perform app.raise_error(409, 'WF_PAYMENT_RUN_DRAFT', 'A payment of a draft run is not issued yet: recreate the run',
            'owner_payment_id', null);
    end if;
    perform set_config('wellflow.payment_void', 'on', true);
    update app.owner_payments p set status = 'voided', voided_at = clock_timestamp(), voided_by = app.current_user_id(),
                                    void_reason = btrim(reason)
     where p.organization_id = org and p.id = payment.id;
    update app.owner_payment_lines l set active = false
     where l.organization_id = org and l.owner_payment_id = payment.id;
    perform set_config('wellflow.payment_void', '', true);
    return payment.id;
end
$$;
comment on function app.void_owner_payment(uuid, text) is 'Voids an issued payment; its lines become payable again.';

create or replace function app.reissue_owner_payment(owner_payment_id uuid, payment_method app.payment_method, payment_number text)
returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    voided app.owner_payments;
    method app.payment_method;
    reissued uuid;
begin
    perform app.assert_org_role('reissue owner payments', 'finance_writers');
    select * into voided from app.owner_payments p where p.organization_id = org and p.id = owner_payment_id for update;
    if not found then
        perform app.raise_error(404, 'WF_PAYMENT_NOT_FOUND', format('No owner payment %s in this organization', owner_payment_id),
            'owner_payment_id', null);
    end if;
    if voided.status <> 'voided' then
        perform app.raise_error(409, 'WF_PAYMENT_NOT_VOIDED', format('Payment %s stands; void it first', voided.payment_number),
            'owner_payment_id', null);
    end if;
    if exists (select from app.owner_payments p where p.organization_id = org and p.reissue_of_payment_id = voided.id) then
        perform app.raise_error(409, 'WF_PAYMENT_REISSUED', format('Payment %s was already reissued', voided.payment_number),
            'owner_payment_id', null);
    end if;
    if exists (select from app.owner_payment_lines l join app.owner_payment_lines v
                 on v.organization_id = l.organization_id and v.distribution_line_id = l.distribution_line_id
                where l.organization_id = org and l.owner_payment_id = voided.id and v.active) then
        perform app.raise_error(409, 'WF_PAYMENT_LINES_PAID', 'A later run has paid lines of this payment', 'owner_payment_id',
            null);
    end if;
    method := coalesce(payment_method, voided.payment_method);
    if payment_number is not null and payment_number !~ '^[A-Za-z0-9-]{1,30}$' then
        perform app.raise_error(400, 'WF_PAYMENT_INPUT', 'payment_number has 1-30 letters, digits and dashes', 'payment_number',
            null);
    end if;
    perform set_config('wellflow.payment_void', 'on', true);
    insert into app.owner_payments (organization_id, payment_run_id, owner_company_id, payment_method, payment_number,
                                    lines_amount, interest_amount, withholding_amount, net_amount, reissue_of_payment_id)
    select org, voided.payment_run_id, voided.owner_company_id, method,
           coalesce(payment_number, ((select coalesce(max(e.payment_number::bigint), 0) from app.owner_payments e
                                       where e.organization_id = org and e.payment_method = method
                                         and e.payment_number ~ '^[0-9]{1,18}$') + 1)::text),
           voided.lines_amount, voided.interest_amount, voided.withholding_amount, voided.net_amount, voided.id
    returning id into reissued;
    insert into app.owner_payment_lines (organization_id, owner_payment_id, distribution_line_id, amount, due_date, days_late,
                                         interest_amount, released_suspense_reason)
    select org, reissued, l.distribution_line_id, l.amount, l.due_date, l.days_late, l.interest_amount,
           l.released_suspense_reason
      from app.owner_payment_lines l where l.organization_id = org and l.owner_payment_id = voided.id;
    perform set_config('wellflow.payment_void', '', true);
    perform app.defer_job('reports', 'owner_payments__render_statement',
                          jsonb_build_object('organization_id', org, 'owner_payment_id', reissued));
    return reissued;
end
$$;
comment on function app.reissue_owner_payment(uuid, app.payment_method, text) is
    'Reissues a voided payment with the same lines and totals under a new number; queues its statement.';

drop function app.owner_payment_statement_rows(uuid);
create function app.owner_payment_statement_rows(owner_payment_id uuid)
returns table (payment_number text, payment_method app.payment_method, payment_date date, owner_name text, owner_number text,
               remittance_address text, operator_name text, operator_address text, operator_phone text, operator_email text,
               well_name text, well_number text, lease_name text, county_name text, state_name text, sales_month date,
               product app.sales_product, is_adjustment boolean, volume numeric, price numeric, well_gross_value numeric,
               well_severance_tax numeric, well_deductions numeric, well_net_value numeric, interest_type app.interest_type,
               decimal_interest numeric, owner_gross_value numeric, owner_severance_tax numeric, owner_deductions numeric,
               owner_net_value numeric, due_date date, days_late integer, interest_amount numeric,
               lines_amount numeric, payment_interest numeric, withholding_amount numeric, net_amount numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select p.payment_number, p.payment_method, r.payment_date, owner.name, owner.owner_number,
           coalesce(owner.remittance_address, concat_ws(E'\n', owner.address_line1, owner.address_line2,
                                                        concat_ws(' ', owner.city, owner.state_province, owner.postal_code))),
           s.operator_name, s.operator_address, s.operator_phone, s.operator_email,
           s.well_name, s.well_number_formatted, s.lease_name, s.county_name, s.state_name, s.sales_month, s.product,
           s.is_adjustment, s.volume, s.price, s.well_gross_value, s.well_severance_tax, s.well_other_deductions,
           s.well_net_value, s.interest_type, s.decimal_interest, s.owner_gross_value, s.owner_severance_tax,
           s.owner_other_deductions, s.owner_net_value, l.due_date, l.days_late, l.interest_amount,
           p.lines_amount, p.interest_amount, p.withholding_amount, p.net_amount
      from app.owner_payments p
      join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
      join app.companies owner on owner.organization_id = p.organization_id and owner.id = p.owner_company_id
      join app.owner_payment_lines l on l.organization_id = p.organization_id and l.owner_payment_id = p.id
      join api.owner_statements s on s.organization_id = l.organization_id and s.line_id = l.distribution_line_id
     where p.organization_id = app.current_organization_id() and p.id = owner_payment_statement_rows.owner_payment_id
     order by s.sales_month, s.well_name, s.product, s.revision
$$;
comment on function app.owner_payment_statement_rows(uuid) is 'The §91.502 statement of one payment, a row per line.';
grant execute on function app.owner_payment_statement_rows(uuid) to wellflow_worker;

drop function app.open_jib_invoices();
drop table app.jib_receipts;
drop function app.jib_receipts_guard();
drop function app.jib_receipts_guard_netted();
drop type app.jib_receipt_kind;
alter table app.owner_payments drop constraint owner_payments_net_amount_check;
alter table app.owner_payments drop column jib_netted_amount;
alter table app.owner_payments add constraint owner_payments_net_amount_check check (
    net_amount = lines_amount + interest_amount - withholding_amount) not valid;
alter table app.owner_payments validate constraint owner_payments_net_amount_check;
commit;
