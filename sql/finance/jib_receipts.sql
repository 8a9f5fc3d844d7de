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
