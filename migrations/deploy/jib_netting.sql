-- Deploy wellflow:jib_netting to pg
-- Partners' receipts against their joint interest billing invoices and their balances; a payment
-- run nets an owner's open billing against the revenue it pays the same company, the void undoes
-- the netting and the reissue repeats it; statements show it.
begin;
set local role wellflow_owner;
-- Constant default: no table rewrite.
alter table app.owner_payments add column jib_netted_amount numeric(14,2) not null default 0;
alter table app.owner_payments drop constraint owner_payments_net_amount_check;
alter table app.owner_payments add constraint owner_payments_net_amount_check check (
    net_amount = lines_amount + interest_amount - withholding_amount - jib_netted_amount) not valid;
-- One row per owner and payment run: validating them takes milliseconds, the lock is not felt.
-- squawk-ignore constraint-missing-not-valid
alter table app.owner_payments validate constraint owner_payments_net_amount_check;

-- What partners pay against their joint interest billing invoices: a payment the partner sends
-- (recorded by finance roles), or revenue the operator owes the same partner and nets against the
-- invoice in a payment run (written by app.create_payment_run, and made inactive when that revenue
-- payment is voided). An invoice's open amount is its total less its active receipts, never below
-- zero; a partner's balance is the sum over its invoices of approved runs.
set local role wellflow_owner;

create type app.jib_receipt_kind as enum ('payment', 'netted');

create table app.jib_receipts (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    jib_invoice_id uuid not null,
    kind app.jib_receipt_kind not null default 'payment',
    received_on date not null constraint jib_receipts_received_on_check check (app.is_sane_date(received_on)),
    amount numeric not null constraint jib_receipts_amount_check check (app.is_money_amount(amount) and amount > 0),
    reference text constraint jib_receipts_reference_check check (reference ~ '^\S(.{0,98}\S)?$'),
    -- The revenue payment a netted amount was taken from.
    owner_payment_id uuid,
    -- false once that revenue payment is voided: the amount is open on the invoice again.
    active boolean not null default true,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint jib_receipts_jib_invoice_id_fkey foreign key (organization_id, jib_invoice_id)
        references app.jib_invoices (organization_id, id),
    constraint jib_receipts_owner_payment_id_fkey foreign key (organization_id, owner_payment_id)
        references app.owner_payments (organization_id, id) on delete cascade,
    constraint jib_receipts_owner_payment_id_check check ((kind = 'netted') = (owner_payment_id is not null))
);
comment on table app.jib_receipts is 'Payments and revenue nettings applied to partners'' JIB invoices.';
create index jib_receipts_jib_invoice_id_idx on app.jib_receipts (organization_id, jib_invoice_id);
create index jib_receipts_owner_payment_id_idx on app.jib_receipts (organization_id, owner_payment_id)
    where owner_payment_id is not null;

-- Receipts apply to invoices of approved runs and never more than their total; netted receipts are
-- written only by the payment run, its void and its reissue. Checked once per statement (a payment
-- run nets many invoices in one statement), looking invoices and runs up by primary key.
create function app.jib_receipts_guard() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
declare
    wrong record;
begin
    perform 'PRAGMA:TABLE: changed_rows (like app.jib_receipts)';
    select i.invoice_number, r.status, i.total_amount,
           (select coalesce(sum(x.amount), 0) from app.jib_receipts x
             where x.organization_id = i.organization_id and x.jib_invoice_id = i.id and x.active) as received
      into wrong
      from (select distinct c.organization_id, c.jib_invoice_id from changed_rows c) c
      join app.jib_invoices i on i.organization_id = c.organization_id and i.id = c.jib_invoice_id
      join app.jib_runs r on r.organization_id = i.organization_id and r.id = i.jib_run_id
     where r.status <> 'approved'
        or (select coalesce(sum(x.amount), 0) from app.jib_receipts x
             where x.organization_id = i.organization_id and x.jib_invoice_id = i.id and x.active) > greatest(i.total_amount, 0)
     limit 1;
    if found then
        if wrong.status <> 'approved' then
            perform app.raise_error(409, 'WF_JIB_INVOICE_NOT_APPROVED',
                format('Invoice %s belongs to a draft JIB run', wrong.invoice_number), 'jib_invoice_id',
                'Approve the run first');
        end if;
        perform app.raise_error(422, 'WF_JIB_RECEIPT_OVER_INVOICE',
            format('Invoice %s totals %s; its receipts would come to %s', wrong.invoice_number,
                   to_char(wrong.total_amount, 'FM999,999,999,990.00'), to_char(wrong.received, 'FM999,999,999,990.00')),
            'amount', 'Apply the rest to another invoice of the partner');
    end if;
    return null;
end
$$;
comment on function app.jib_receipts_guard() is
    'Statement trigger: receipts apply to invoices of approved runs, never beyond their total; netted ones come from payment runs.';

-- Netted receipts follow their revenue payment: only the run, the void and the reissue write them,
-- and they go when a draft run's payment goes.
create function app.jib_receipts_guard_netted() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    if tg_op = 'INSERT' and new.kind = 'netted' and not app.payment_void_in_progress() then
        perform app.raise_error(400, 'WF_JIB_RECEIPT_NETTED', 'Netted receipts are written by payment runs only', 'kind',
            'Record what the partner sent as kind payment');
    end if;
    if tg_op = 'UPDATE' and (new.kind, new.owner_payment_id) is distinct from (old.kind, old.owner_payment_id)
       and not app.payment_void_in_progress() then
        perform app.raise_error(400, 'WF_JIB_RECEIPT_NETTED', 'A receipt''s kind and revenue payment do not change', 'kind',
            'Delete a wrong payment receipt and record it again');
    end if;
    if tg_op <> 'INSERT' and old.kind = 'netted' and not app.payment_void_in_progress()
       and exists (select from app.owner_payments p where p.organization_id = old.organization_id and p.id = old.owner_payment_id) then
        perform app.raise_error(409, 'WF_JIB_RECEIPT_NETTED',
            'A netted receipt follows its revenue payment; void the payment to undo it', 'kind', null);
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.jib_receipts_guard_netted() is 'Trigger: netted receipts change only with their revenue payment.';

create trigger jib_receipts_guard_insert after insert on app.jib_receipts
    referencing new table as changed_rows
    for each statement execute function app.jib_receipts_guard();
create trigger jib_receipts_guard_update after update on app.jib_receipts
    referencing new table as changed_rows
    for each statement execute function app.jib_receipts_guard();
create trigger jib_receipts_guard_netted before insert or update or delete on app.jib_receipts
    for each row execute function app.jib_receipts_guard_netted();
create trigger jib_receipts_set_updated_at before update on app.jib_receipts
    for each row execute function app.set_updated_at();
create trigger jib_receipts_audit_insert after insert on app.jib_receipts
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('jib_invoice_id');
create trigger jib_receipts_audit_update after update on app.jib_receipts
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('jib_invoice_id');
create trigger jib_receipts_audit_delete after delete on app.jib_receipts
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('jib_invoice_id');
create trigger jib_receipts_require_finance before insert or update or delete on app.jib_receipts
    for each statement execute function app.require_org_role('finance_writers');

alter table app.jib_receipts enable row level security;
alter table app.jib_receipts force row level security;

create policy jib_receipts_tenant_read on app.jib_receipts
    for select
    using (organization_id = (select app.current_organization_id()));
create policy jib_receipts_finance_write on app.jib_receipts
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.jib_receipts to wellflow_api;
grant select on app.jib_receipts to wellflow_worker;

-- The current organization's invoices of approved runs that are still owed, with what is owed.
create function app.open_jib_invoices()
returns table (id uuid, partner_company_id uuid, invoice_number integer, open_amount numeric)
language sql stable
set search_path = pg_catalog, app
as $$
    select o.id, o.partner_company_id, o.invoice_number, o.open_amount
      from (select i.id, i.partner_company_id, i.invoice_number,
                   greatest(i.total_amount, 0) - coalesce((select sum(x.amount) from app.jib_receipts x
                                                           where x.organization_id = i.organization_id
                                                             and x.jib_invoice_id = i.id and x.active), 0) as open_amount
              from app.jib_invoices i
              join app.jib_runs r on r.organization_id = i.organization_id and r.id = i.jib_run_id
             where i.organization_id = app.current_organization_id() and r.status = 'approved') o
     where o.open_amount > 0
$$;
comment on function app.open_jib_invoices() is
    'Invoices of approved JIB runs still owed: the total (nothing for a credit) less the active receipts.';
set local role wellflow_api;

create view api.jib_receipts as
    select organization_id, id, jib_invoice_id, kind, received_on, amount, reference, owner_payment_id, active, created_at,
           updated_at
      from app.jib_receipts;
alter view api.jib_receipts alter column organization_id set default app.current_organization_id();
comment on view api.jib_receipts is
    'What partners paid against their JIB invoices: payments they sent (owners, admins and accountants record them), and '
    'revenue owed to them that a payment run netted against the invoice (kind netted, inactive once that revenue payment is '
    'voided). An invoice never receives more than its total (WF_JIB_RECEIPT_OVER_INVOICE).';
comment on column api.jib_receipts.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.jib_receipts.id is 'Receipt id (UUID v7).';
comment on column api.jib_receipts.jib_invoice_id is 'The invoice paid (see /jib_invoices), of an approved run.';
comment on column api.jib_receipts.kind is 'payment (sent by the partner; the default) or netted (taken from revenue owed to it).';
comment on column api.jib_receipts.received_on is 'When it was received, or the payment date of the netting run.';
comment on column api.jib_receipts.amount is 'US dollars, more than 0, whole cents.';
comment on column api.jib_receipts.reference is 'The partner''s check or wire reference, up to 100 characters.';
comment on column api.jib_receipts.owner_payment_id is 'For netted receipts, the revenue payment (see /owner_payments).';
comment on column api.jib_receipts.active is 'false once the revenue payment it was netted from is voided.';
comment on column api.jib_receipts.created_at is 'When it was recorded.';
comment on column api.jib_receipts.updated_at is 'When it last changed.';
grant select on api.jib_receipts to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.jib_receipts to wellflow_user;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the tables.
create view api.partner_balances as
    with readable as (
        select i.organization_id, i.partner_company_id, count(*) as invoices, sum(i.total_amount) as billed,
               coalesce(sum(x.paid), 0) as paid, coalesce(sum(x.netted), 0) as netted,
               sum(greatest(i.total_amount, 0) - coalesce(x.paid, 0) - coalesce(x.netted, 0)) as open_amount
          from app.jib_invoices i
          join app.jib_runs r on r.organization_id = i.organization_id and r.id = i.jib_run_id and r.status = 'approved'
          left join lateral (select sum(x.amount) filter (where x.kind = 'payment') as paid,
                                    sum(x.amount) filter (where x.kind = 'netted') as netted
                               from app.jib_receipts x
                              where x.organization_id = i.organization_id and x.jib_invoice_id = i.id and x.active) x on true
         group by i.organization_id, i.partner_company_id)
    select * from readable;
comment on view api.partner_balances is
    'Each partner''s joint interest billing balance over the invoices of approved runs: billed, paid by the partner, netted '
    'against revenue owed to it, and open. A payment run nets the open balance against the partner''s revenue.';
comment on column api.partner_balances.organization_id is 'The organization.';
comment on column api.partner_balances.partner_company_id is 'The partner (see /companies).';
comment on column api.partner_balances.invoices is 'Invoices of approved runs.';
comment on column api.partner_balances.billed is 'Their total, US dollars.';
comment on column api.partner_balances.paid is 'Paid by the partner (receipts of kind payment).';
comment on column api.partner_balances.netted is 'Netted against revenue payable to the partner.';
comment on column api.partner_balances.open_amount is 'Still owed: the invoices less what was paid and netted (a credit invoice owes nothing).';
grant select on api.partner_balances to wellflow_user, wellflow_analyst;

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

    -- An owner who is also a working-interest partner with open JIB invoices has them netted against
    -- the payment, up to what it would receive after withholding.
    with balances as (
        select p.owner_company_id, sum(p.amount) as lines_amount, sum(p.interest_amount) as interest_amount
          from run_payables p group by p.owner_company_id),
    open_billing as (
        select i.partner_company_id, sum(i.open_amount) as open_amount
          from app.open_jib_invoices() i group by i.partner_company_id),
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
        select p.*, coalesce(l.last_number, 0) + p.n as number,
               greatest(least(coalesce(o.open_amount, 0), p.lines_amount + p.interest_amount - p.withholding_amount), 0)
                   as jib_netted_amount
          from paid p
          left join last_numbers l on l.payment_method = p.payment_method
          left join open_billing o on o.partner_company_id = p.owner_company_id),
    written as (
        insert into app.owner_payments (organization_id, payment_run_id, owner_company_id, payment_method, payment_number,
                                        lines_amount, interest_amount, withholding_amount, jib_netted_amount, net_amount)
        select org, run_id, n.owner_company_id, n.payment_method, n.number::text, n.lines_amount, n.interest_amount,
               n.withholding_amount, n.jib_netted_amount,
               n.lines_amount + n.interest_amount - n.withholding_amount - n.jib_netted_amount
          from numbered n
        returning id, owner_company_id)
    update run_payables p set payment_id = w.id from written w where w.owner_company_id = p.owner_company_id;

    insert into app.owner_payment_lines (organization_id, owner_payment_id, distribution_line_id, amount, due_date, days_late,
                                         interest_amount, released_suspense_reason)
    select org, p.payment_id, p.distribution_line_id, p.amount, p.due_date, p.days_late, p.interest_amount,
           p.released_suspense_reason
      from run_payables p where p.payment_id is not null;

    -- The netted amounts applied to each partner's open invoices, oldest first.
    perform set_config('wellflow.payment_void', 'on', true);
    insert into app.jib_receipts (organization_id, jib_invoice_id, kind, received_on, amount, owner_payment_id)
    select org, i.id, 'netted', payment_date, least(i.open_amount, p.jib_netted_amount - i.before), p.id
      from app.owner_payments p
      join (select i.id, i.partner_company_id, i.open_amount,
                   coalesce(sum(i.open_amount) over (partition by i.partner_company_id order by i.invoice_number
                                                     rows between unbounded preceding and 1 preceding), 0) as before
              from app.open_jib_invoices() i) i on i.partner_company_id = p.owner_company_id
     where p.organization_id = org and p.payment_run_id = run_id and p.jib_netted_amount > i.before;
    perform set_config('wellflow.payment_void', '', true);

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
    update app.jib_receipts x set active = false
     where x.organization_id = org and x.owner_payment_id = payment.id;
    perform set_config('wellflow.payment_void', '', true);
    return payment.id;
end
$$;
comment on function app.void_owner_payment(uuid, text) is
    'Voids an issued payment; its lines become payable again and the JIB it netted is open again.';

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
                                    lines_amount, interest_amount, withholding_amount, jib_netted_amount, net_amount,
                                    reissue_of_payment_id)
    select org, voided.payment_run_id, voided.owner_company_id, method,
           coalesce(payment_number, ((select coalesce(max(e.payment_number::bigint), 0) from app.owner_payments e
                                       where e.organization_id = org and e.payment_method = method
                                         and e.payment_number ~ '^[0-9]{1,18}$') + 1)::text),
           voided.lines_amount, voided.interest_amount, voided.withholding_amount, voided.jib_netted_amount,
           voided.net_amount, voided.id
    returning id into reissued;
    -- The same netting again (refused, WF_JIB_RECEIPT_OVER_INVOICE, if the partner has paid those invoices since).
    insert into app.jib_receipts (organization_id, jib_invoice_id, kind, received_on, amount, owner_payment_id)
    select org, x.jib_invoice_id, 'netted', x.received_on, x.amount, reissued
      from app.jib_receipts x where x.organization_id = org and x.owner_payment_id = voided.id;
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
    'Reissues a voided payment with the same lines, totals and netting under a new number; queues its statement.';

drop function app.owner_payment_statement_rows(uuid);
create function app.owner_payment_statement_rows(owner_payment_id uuid)
returns table (payment_number text, payment_method app.payment_method, payment_date date, owner_name text, owner_number text,
               remittance_address text, operator_name text, operator_address text, operator_phone text, operator_email text,
               well_name text, well_number text, lease_name text, county_name text, state_name text, sales_month date,
               product app.sales_product, is_adjustment boolean, volume numeric, price numeric, well_gross_value numeric,
               well_severance_tax numeric, well_deductions numeric, well_net_value numeric, interest_type app.interest_type,
               decimal_interest numeric, owner_gross_value numeric, owner_severance_tax numeric, owner_deductions numeric,
               owner_net_value numeric, due_date date, days_late integer, interest_amount numeric,
               lines_amount numeric, payment_interest numeric, withholding_amount numeric, net_amount numeric,
               jib_netted_amount numeric)
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
           p.lines_amount, p.interest_amount, p.withholding_amount, p.net_amount, p.jib_netted_amount
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

set local role wellflow_api;

create or replace view api.owner_payments as
    with readable as (
        select organization_id, id, payment_run_id, owner_company_id, payment_method, payment_number, status, lines_amount,
               interest_amount, withholding_amount, net_amount, reissue_of_payment_id, voided_at, voided_by, void_reason,
               created_at, jib_netted_amount
          from app.owner_payments)
    select * from readable;

comment on column api.owner_payments.net_amount is
    'lines_amount + interest_amount - withholding_amount - jib_netted_amount: the amount of the check or transfer.';

comment on column api.owner_payments.jib_netted_amount is
    'Open joint interest billing of the owner as a working-interest partner, netted against this payment (see /jib_receipts).';

commit;
