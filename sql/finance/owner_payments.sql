-- Owner payments: a payment run for a cut-off month gathers every owner's payable lines across
-- wells and months (approved distributions and adjustments, not held in suspense, not yet paid),
-- pays each owner whose balance reaches the minimum, carries the rest forward, and is immutable
-- once approved. An owner who is also a working-interest partner has its open joint interest
-- billing netted against the payment. A payment can be voided (its lines become payable again,
-- the billing it netted is open again) and reissued with the same lines and totals. Each payment's
-- statement is rendered to PDF by the reports queue.
set local role wellflow_owner;

create type app.payment_run_status as enum ('draft', 'approved');
create type app.owner_payment_status as enum ('issued', 'voided');

create table app.payment_runs (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    -- Lines of sales months up to this one are paid.
    cutoff_month date not null
        constraint payment_runs_cutoff_month_check check (cutoff_month = date_trunc('month', cutoff_month)
                                                          and app.is_sane_date(cutoff_month)),
    payment_date date not null constraint payment_runs_payment_date_check check (app.is_sane_date(payment_date)),
    status app.payment_run_status not null default 'draft',
    -- Written by app.create_payment_run from its own sums, so typmods round nothing a user typed.
    owners_paid integer not null default 0,
    owners_carried integer not null default 0,
    total_paid numeric(14,2) not null default 0,
    total_carried numeric(14,2) not null default 0,
    created_by uuid references app.users (id),
    approved_by uuid references app.users (id),
    approved_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id)
);
comment on table app.payment_runs is 'A payment run: the owners paid for lines up to a cut-off month, on a payment date.';
-- One draft at a time: two drafts would claim the same lines.
create unique index payment_runs_draft_key on app.payment_runs (organization_id) where status = 'draft';

create table app.owner_payments (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    payment_run_id uuid not null,
    owner_company_id uuid not null,
    payment_method app.payment_method not null,
    payment_number text not null constraint owner_payments_payment_number_check check (payment_number ~ '^[A-Za-z0-9-]{1,30}$'),
    status app.owner_payment_status not null default 'issued',
    lines_amount numeric(14,2) not null,
    interest_amount numeric(14,2) not null,
    withholding_amount numeric(14,2) not null,
    net_amount numeric(14,2) not null,
    -- The voided payment this one replaces.
    reissue_of_payment_id uuid,
    voided_at timestamptz,
    voided_by uuid references app.users (id),
    void_reason text constraint owner_payments_void_reason_check check (char_length(btrim(void_reason)) between 1 and 500),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint owner_payments_payment_number_key unique (organization_id, payment_method, payment_number),
    constraint owner_payments_reissue_of_payment_id_key unique (organization_id, reissue_of_payment_id),
    constraint owner_payments_payment_run_id_fkey foreign key (organization_id, payment_run_id)
        references app.payment_runs (organization_id, id) on delete cascade,
    constraint owner_payments_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint owner_payments_reissue_of_payment_id_fkey foreign key (organization_id, reissue_of_payment_id)
        references app.owner_payments (organization_id, id),
    -- Joint interest billing the owner owes as a working-interest partner, netted against this
    -- payment (app.jib_receipts of kind netted).
    jib_netted_amount numeric(14,2) not null default 0,
    constraint owner_payments_net_amount_check check (
        net_amount = lines_amount + interest_amount - withholding_amount - jib_netted_amount),
    constraint owner_payments_voided_check check ((status = 'voided') = (voided_at is not null and void_reason is not null))
);
comment on table app.owner_payments is 'One payment to one owner in a run: its lines, late interest, backup withholding and net.';
create index owner_payments_payment_run_id_idx on app.owner_payments (organization_id, payment_run_id);
create index owner_payments_owner_company_id_idx on app.owner_payments (organization_id, owner_company_id);

create table app.owner_payment_lines (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    owner_payment_id uuid not null,
    distribution_line_id uuid not null,
    amount numeric(14,2) not null,
    -- Texas Natural Resources Code §91.402: when the proceeds were due; null where no such rule applies.
    due_date date constraint owner_payment_lines_due_date_check check (app.is_sane_date(due_date)),
    days_late integer not null default 0,
    interest_amount numeric(14,2) not null default 0,
    -- The suspense the line was held in and that has been cleared (a signed division order, a tax id, cured title).
    released_suspense_reason app.suspense_reason,
    -- false once the payment is voided: the line is payable again.
    active boolean not null default true,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint owner_payment_lines_owner_payment_id_fkey foreign key (organization_id, owner_payment_id)
        references app.owner_payments (organization_id, id) on delete cascade,
    constraint owner_payment_lines_distribution_line_id_fkey foreign key (organization_id, distribution_line_id)
        references app.revenue_distribution_lines (organization_id, id)
);
comment on table app.owner_payment_lines is 'The distribution lines an owner payment pays, each with its due date and late interest.';
-- A distribution line is paid at most once by payments that stand.
create unique index owner_payment_lines_distribution_line_id_key on app.owner_payment_lines (organization_id, distribution_line_id)
    where active;
create index owner_payment_lines_owner_payment_id_idx on app.owner_payment_lines (organization_id, owner_payment_id);

-- The rendered statement of a payment (PDF), written by the reports queue.
create table app.owner_payment_statements (
    organization_id uuid not null references app.organizations (id),
    owner_payment_id uuid not null,
    file_name text not null constraint owner_payment_statements_file_name_check check (file_name ~ '^[A-Za-z0-9._-]{1,128}$'),
    content bytea not null,
    sha256 text generated always as (encode(sha256(content), 'hex')) stored,
    byte_size integer generated always as (octet_length(content)) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, owner_payment_id),
    constraint owner_payment_statements_owner_payment_id_fkey foreign key (organization_id, owner_payment_id)
        references app.owner_payments (organization_id, id) on delete cascade
);
comment on table app.owner_payment_statements is 'The PDF statement of each owner payment, with its SHA-256.';

-- An approved run never changes; of its payments only the void (status, voided_*, void_reason) and
-- of their lines only active may change, and only through app.void_owner_payment (which also
-- writes a reissue into the approved run). The payments' and lines' guards run once per statement
-- over their transition tables: a run writes thousands of lines in one statement. They look the
-- payments and runs up by primary key: right after a run, a table empty at its last ANALYZE would
-- be planned as one to scan once per row, hence no sequential scans in them.
create function app.payment_runs_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if old.status = 'approved' then
        perform app.raise_error(409, 'WF_PAYMENT_RUN_APPROVED', 'An approved payment run cannot change', 'status',
            'Void a payment and reissue it instead');
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.payment_runs_guard() is 'Trigger: an approved payment run is immutable.';

-- Whether the statement is the void or reissue action, the only writer allowed into an approved run.
create function app.payment_void_in_progress() returns boolean
language sql stable
set search_path = pg_catalog
as $$ select coalesce(current_setting('wellflow.payment_void', true), '') = 'on' $$;
comment on function app.payment_void_in_progress() is 'True inside app.void_owner_payment and app.reissue_owner_payment.';

create function app.refuse_approved_payment_run(touches_approved_run boolean) returns void
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if touches_approved_run then
        perform app.raise_error(409, 'WF_PAYMENT_RUN_APPROVED', 'The payments of an approved run cannot change', 'status',
            'Void the payment with /rpc/void_owner_payment and reissue it with /rpc/reissue_owner_payment');
    end if;
end
$$;
comment on function app.refuse_approved_payment_run(boolean) is 'Raises WF_PAYMENT_RUN_APPROVED (409) when asked.';

-- New payments in an approved run: only a reissue.
create function app.owner_payments_guard_insert() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(not app.payment_void_in_progress() and exists (
        select from (select distinct p.organization_id, p.payment_run_id from new_payments p) p
          join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
         where r.status = 'approved'));
    return null;
end
$$;
comment on function app.owner_payments_guard_insert() is 'Statement trigger: payments join an approved run only as reissues.';

-- Changed payments of an approved run: only their void columns, only by the void.
create function app.owner_payments_guard_update() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(exists (
        select from old_payments o
          join new_payments n on n.organization_id = o.organization_id and n.id = o.id
          join app.payment_runs r on r.organization_id = o.organization_id and r.id = o.payment_run_id
         where r.status = 'approved'
           and (not app.payment_void_in_progress()
                or (to_jsonb(n) - array['status', 'voided_at', 'voided_by', 'void_reason', 'updated_at'])
                   <> (to_jsonb(o) - array['status', 'voided_at', 'voided_by', 'void_reason', 'updated_at']))));
    return null;
end
$$;
comment on function app.owner_payments_guard_update() is 'Statement trigger: payments of an approved run change only by the void.';

create function app.owner_payments_guard_delete() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(exists (
        select from (select distinct o.organization_id, o.payment_run_id from old_payments o) o
          join app.payment_runs r on r.organization_id = o.organization_id and r.id = o.payment_run_id
         where r.status = 'approved'));
    return null;
end
$$;
comment on function app.owner_payments_guard_delete() is 'Statement trigger: payments of an approved run are never deleted.';

create function app.owner_payment_lines_guard_insert() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(not app.payment_void_in_progress() and exists (
        select from (select distinct l.organization_id, l.owner_payment_id from new_lines l) l
          join app.owner_payments p on p.organization_id = l.organization_id and p.id = l.owner_payment_id
          join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
         where r.status = 'approved'));
    return null;
end
$$;
comment on function app.owner_payment_lines_guard_insert() is 'Statement trigger: lines join an approved run only with a reissue.';

create function app.owner_payment_lines_guard_update() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(exists (
        select from old_lines o
          join new_lines n on n.organization_id = o.organization_id and n.id = o.id
          join app.owner_payments p on p.organization_id = o.organization_id and p.id = o.owner_payment_id
          join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
         where r.status = 'approved'
           and (not app.payment_void_in_progress()
                or (to_jsonb(n) - array['active', 'updated_at']) <> (to_jsonb(o) - array['active', 'updated_at']))));
    return null;
end
$$;
comment on function app.owner_payment_lines_guard_update() is 'Statement trigger: lines of an approved run change only by the void.';

create function app.owner_payment_lines_guard_delete() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_payment_run(exists (
        select from (select distinct o.organization_id, o.owner_payment_id from old_lines o) o
          join app.owner_payments p on p.organization_id = o.organization_id and p.id = o.owner_payment_id
          join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
         where r.status = 'approved'));
    return null;
end
$$;
comment on function app.owner_payment_lines_guard_delete() is 'Statement trigger: lines of an approved run are never deleted.';

create trigger payment_runs_guard before update or delete on app.payment_runs
    for each row execute function app.payment_runs_guard();
create trigger owner_payments_guard_insert after insert on app.owner_payments
    referencing new table as new_payments
    for each statement execute function app.owner_payments_guard_insert();
create trigger owner_payments_guard_update after update on app.owner_payments
    referencing old table as old_payments new table as new_payments
    for each statement execute function app.owner_payments_guard_update();
create trigger owner_payments_guard_delete after delete on app.owner_payments
    referencing old table as old_payments
    for each statement execute function app.owner_payments_guard_delete();
create trigger owner_payment_lines_guard_insert after insert on app.owner_payment_lines
    referencing new table as new_lines
    for each statement execute function app.owner_payment_lines_guard_insert();
create trigger owner_payment_lines_guard_update after update on app.owner_payment_lines
    referencing old table as old_lines new table as new_lines
    for each statement execute function app.owner_payment_lines_guard_update();
create trigger owner_payment_lines_guard_delete after delete on app.owner_payment_lines
    referencing old table as old_lines
    for each statement execute function app.owner_payment_lines_guard_delete();
create trigger payment_runs_set_updated_at before update on app.payment_runs
    for each row execute function app.set_updated_at();
create trigger owner_payments_set_updated_at before update on app.owner_payments
    for each row execute function app.set_updated_at();
create trigger owner_payment_lines_set_updated_at before update on app.owner_payment_lines
    for each row execute function app.set_updated_at();
create trigger owner_payment_statements_set_updated_at before update on app.owner_payment_statements
    for each row execute function app.set_updated_at();
create trigger payment_runs_audit after insert or update or delete on app.payment_runs
    for each row execute function app.audit_change();
-- A run writes thousands of payments and lines in one statement: audited per statement, one audit
-- row per payment.
create trigger owner_payments_audit_insert after insert on app.owner_payments
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('id');
create trigger owner_payments_audit_update after update on app.owner_payments
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('id');
create trigger owner_payments_audit_delete after delete on app.owner_payments
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('id');
create trigger owner_payment_lines_audit_insert after insert on app.owner_payment_lines
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('owner_payment_id');
create trigger owner_payment_lines_audit_update after update on app.owner_payment_lines
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('owner_payment_id');
create trigger owner_payment_lines_audit_delete after delete on app.owner_payment_lines
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('owner_payment_id');
create trigger payment_runs_stamp_actor before insert or update of created_by, approved_by on app.payment_runs
    for each row execute function app.stamp_actor('created_by', 'approved_by');
create trigger owner_payments_stamp_actor before insert or update of voided_by on app.owner_payments
    for each row execute function app.stamp_actor('voided_by');
create trigger payment_runs_require_finance before insert or update or delete on app.payment_runs
    for each statement execute function app.require_org_role('finance_writers');
create trigger owner_payments_require_finance before insert or update or delete on app.owner_payments
    for each statement execute function app.require_org_role('finance_writers');
create trigger owner_payment_lines_require_finance before insert or update or delete on app.owner_payment_lines
    for each statement execute function app.require_org_role('finance_writers');

alter table app.payment_runs enable row level security;
alter table app.payment_runs force row level security;
alter table app.owner_payments enable row level security;
alter table app.owner_payments force row level security;
alter table app.owner_payment_lines enable row level security;
alter table app.owner_payment_lines force row level security;
alter table app.owner_payment_statements enable row level security;
alter table app.owner_payment_statements force row level security;

create policy payment_runs_tenant_read on app.payment_runs
    for select
    using (organization_id = (select app.current_organization_id()));
create policy payment_runs_finance_write on app.payment_runs
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));
create policy owner_payments_tenant_read on app.owner_payments
    for select
    using (organization_id = (select app.current_organization_id()));
create policy owner_payments_finance_write on app.owner_payments
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));
create policy owner_payment_lines_tenant_read on app.owner_payment_lines
    for select
    using (organization_id = (select app.current_organization_id()));
create policy owner_payment_lines_finance_write on app.owner_payment_lines
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));
-- The worker (acting for the organization, with no role) writes statements; everyone in it reads them.
create policy owner_payment_statements_tenant on app.owner_payment_statements
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select, insert, update, delete on app.payment_runs, app.owner_payments, app.owner_payment_lines to wellflow_api;
grant select on app.payment_runs, app.owner_payments, app.owner_payment_lines to wellflow_worker;
grant select on app.owner_payment_statements to wellflow_api;
grant select, insert, update on app.owner_payment_statements to wellflow_worker;

-- What every owner may be paid now, line by line: approved distribution lines of sales months up
-- to the cut-off, of owners other than the well's operator (who keeps its own share of the proceeds
-- it collects), not paid by a payment that stands, and payable today: the owner's division order
-- is not in suspense now and the owner has a tax id. So a line held in suspense is released once its
-- reason is cleared, and a hold placed after the distribution stops the payment. Each line's Texas due date (Natural Resources Code §91.402(a): 120 days after the
-- end of the month of the well's first sale, then 60 days for oil and condensate, 90 for gas and
-- NGLs, after the end of the month of sale) and the interest the payment date makes it owe:
-- §91.403 charges none on proceeds withheld for the reasons of §91.402(b) (title, missing
-- information), so released lines owe none.
create function app.owner_payables(cutoff_month date, payment_date date)
returns table (owner_company_id uuid, distribution_line_id uuid, amount numeric, released_suspense_reason app.suspense_reason,
               due_date date, days_late integer, interest_amount numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    with org as (select app.current_organization_id() as id),
    payable as (
        select l.owner_company_id, l.id as distribution_line_id, l.net_value as amount,
               case when l.pay_status = 'suspense' then l.suspense_reason end as released_suspense_reason,
               d.sales_month, d.product, w.well_number, w.id as well_id
          from app.revenue_distribution_lines l
          join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
          join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id
          join app.companies c on c.organization_id = l.organization_id and c.id = l.owner_company_id
          join app.division_orders o on o.organization_id = l.organization_id and o.id = l.division_order_id
         where l.organization_id = (select id from org) and d.status = 'approved' and d.sales_month <= cutoff_month
           and l.owner_company_id <> d.residue_company_id
           and o.pay_status = 'pay' and c.tax_id is not null
           and not exists (select from app.owner_payment_lines p
                            where p.organization_id = l.organization_id and p.distribution_line_id = l.id and p.active)),
    due as (
        select p.*,
               case when substr(p.well_number, 1, 2) = '42' then
                   (p.sales_month + interval '1 month' - interval '1 day')::date
                   + case when p.sales_month = (select min(first.sales_month) from app.revenue_distributions first
                                                 where first.organization_id = (select id from org)
                                                   and first.well_id = p.well_id
                                                   and first.status = 'approved')
                          then 120
                          when app.base_product(p.product) = 'oil' then 60 else 90 end
               end as due_date
          from payable p)
    select d.owner_company_id, d.distribution_line_id, d.amount, d.released_suspense_reason, d.due_date,
           greatest(coalesce(payment_date - d.due_date, 0), 0)::integer,
           case when d.released_suspense_reason is null and d.amount > 0 and payment_date > d.due_date then
               round(d.amount * (rate.base_rate + rate.margin) * (payment_date - d.due_date) / 365, 2)
           else 0 end
      from due d
      left join lateral (select r.base_rate, r.margin from ref.late_payment_interest_rates r
                          where r.state_code = substr(d.well_number, 1, 2) and r.effective_from <= d.due_date
                          order by r.effective_from desc limit 1) rate on true
$$;
comment on function app.owner_payables(date, date) is
    'The current organization''s lines payable now up to a cut-off month, with the suspense each was released from, its '
    'due date and late interest.';

-- A run in a few statements, whatever the number of owners: the payable lines, each owner's
-- balance (lines and interest), who is paid (at least the minimum, or in the annual month at least
-- the annual floor; never a balance of zero or less), withholding, check or ACH numbers counted on
-- from the organization's highest, the payments and their lines. A draft run is replaced.
create function app.create_payment_run(cutoff_month date, payment_date date) returns uuid
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

-- Approving freezes the run and asks the reports queue for every payment's statement.
create function app.approve_payment_run(payment_run_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    approved uuid;
begin
    perform app.assert_org_role('approve payment runs', 'finance_writers');
    update app.payment_runs r set status = 'approved', approved_by = app.current_user_id(), approved_at = clock_timestamp()
     where r.organization_id = org and r.id = payment_run_id and r.status = 'draft'
    returning r.id into approved;
    if approved is null then
        perform app.raise_error(404, 'WF_PAYMENT_RUN_NOT_FOUND',
            format('No draft payment run %s in this organization', payment_run_id), 'payment_run_id', null);
    end if;
    perform app.defer_job('reports', 'owner_payments__render_statement',
                          jsonb_build_object('organization_id', org, 'owner_payment_id', p.id))
       from app.owner_payments p where p.organization_id = org and p.payment_run_id = approved;
    return approved;
end
$$;
comment on function app.approve_payment_run(uuid) is 'draft -> approved; queues each payment''s statement.';

create function app.void_owner_payment(owner_payment_id uuid, reason text) returns uuid
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

create function app.reissue_owner_payment(owner_payment_id uuid, payment_method app.payment_method, payment_number text)
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

-- What a payment's statement shows (Texas Natural Resources Code §91.502), one row per line, for the worker.
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

create function app.store_owner_payment_statement(owner_payment_id uuid, file_name text, content bytea) returns void
language sql security definer
set search_path = pg_catalog, app
as $$
    insert into app.owner_payment_statements (organization_id, owner_payment_id, file_name, content)
    select p.organization_id, p.id, file_name, content
      from app.owner_payments p
     where p.organization_id = app.current_organization_id() and p.id = store_owner_payment_statement.owner_payment_id
    on conflict (organization_id, owner_payment_id) do update set file_name = excluded.file_name, content = excluded.content
$$;
comment on function app.store_owner_payment_statement(uuid, text, bytea) is 'Worker: stores (or replaces) a payment''s PDF statement.';

grant execute on function app.create_payment_run(date, date), app.approve_payment_run(uuid), app.void_owner_payment(uuid, text),
    app.reissue_owner_payment(uuid, app.payment_method, text) to wellflow_api;
grant execute on function app.owner_payment_statement_rows(uuid), app.store_owner_payment_statement(uuid, text, bytea)
    to wellflow_worker;
-- Security definer, and the tables' row level security keeps it to the caller's organization.
grant execute on function app.owner_payables(date, date) to wellflow_api, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.payment_runs as
    with readable as (
        select organization_id, id, cutoff_month, payment_date, status, owners_paid, owners_carried, total_paid, total_carried,
               created_by, approved_by, approved_at, created_at
          from app.payment_runs)
    select * from readable;
comment on view api.payment_runs is
    'Payment runs: created by /rpc/create_payment_run, approved (then immutable) by /rpc/approve_payment_run.';
comment on column api.payment_runs.organization_id is 'The organization.';
comment on column api.payment_runs.id is 'Run id (UUID v7).';
comment on column api.payment_runs.cutoff_month is 'Lines of sales months up to this one are paid.';
comment on column api.payment_runs.payment_date is 'The date the payments carry; late interest runs to it.';
comment on column api.payment_runs.status is 'draft (creating a run again replaces it) or approved (immutable).';
comment on column api.payment_runs.owners_paid is 'Owners paid by the run.';
comment on column api.payment_runs.owners_carried is 'Owners whose balance was below the minimum and is carried to the next run.';
comment on column api.payment_runs.total_paid is 'Lines and interest paid, before withholding.';
comment on column api.payment_runs.total_carried is 'Balances carried forward.';
comment on column api.payment_runs.created_by is 'The user who created the run.';
comment on column api.payment_runs.approved_by is 'The user who approved it.';
comment on column api.payment_runs.approved_at is 'When it was approved.';
comment on column api.payment_runs.created_at is 'When it was created.';

create view api.owner_payments as
    with readable as (
        select organization_id, id, payment_run_id, owner_company_id, payment_method, payment_number, status, lines_amount,
               interest_amount, withholding_amount, net_amount, reissue_of_payment_id, voided_at, voided_by, void_reason,
               created_at, jib_netted_amount
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
comment on column api.owner_payments.net_amount is
    'lines_amount + interest_amount - withholding_amount - jib_netted_amount: the amount of the check or transfer.';
comment on column api.owner_payments.reissue_of_payment_id is 'The voided payment this one replaces.';
comment on column api.owner_payments.voided_at is 'When it was voided.';
comment on column api.owner_payments.voided_by is 'Who voided it.';
comment on column api.owner_payments.void_reason is 'Why it was voided.';
comment on column api.owner_payments.created_at is 'When it was created.';
comment on column api.owner_payments.jib_netted_amount is
    'Open joint interest billing of the owner as a working-interest partner, netted against this payment (see /jib_receipts).';

create view api.owner_payment_lines as
    with readable as (
        select organization_id, id, owner_payment_id, distribution_line_id, amount, due_date, days_late, interest_amount,
               released_suspense_reason, active
          from app.owner_payment_lines)
    select * from readable;
comment on view api.owner_payment_lines is 'The distribution lines each payment pays, with due date and late interest.';
comment on column api.owner_payment_lines.organization_id is 'The organization.';
comment on column api.owner_payment_lines.id is 'Line id (UUID v7).';
comment on column api.owner_payment_lines.owner_payment_id is 'The payment (see /owner_payments).';
comment on column api.owner_payment_lines.distribution_line_id is 'The distribution line paid (see /revenue_distribution_lines).';
comment on column api.owner_payment_lines.amount is 'The line''s net value.';
comment on column api.owner_payment_lines.due_date is
    'When it was due under Texas Natural Resources Code §91.402 (Texas wells; empty elsewhere).';
comment on column api.owner_payment_lines.days_late is 'Days from the due date to the payment date, 0 when on time.';
comment on column api.owner_payment_lines.interest_amount is
    'Interest for the days late at the base rate plus margin (see /late_payment_interest_rates); none on released suspense.';
comment on column api.owner_payment_lines.released_suspense_reason is 'The suspense the line was held in, now cleared.';
comment on column api.owner_payment_lines.active is 'false once the payment is voided: the line is payable again.';

create view api.owner_payable_balances as
    select c.organization_id, c.id as owner_company_id, c.name as owner_name, count(*) as lines,
           sum(x.amount)::numeric(14,2) as balance
      from app.owner_payables(date_trunc('month', current_date)::date, current_date) x
      join app.companies c on c.organization_id = app.current_organization_id() and c.id = x.owner_company_id
     group by c.organization_id, c.id, c.name;
comment on view api.owner_payable_balances is
    'What each owner could be paid today: approved, payable lines not yet paid (including balances carried below the minimum).';
comment on column api.owner_payable_balances.organization_id is 'The organization.';
comment on column api.owner_payable_balances.owner_company_id is 'The owner (see /companies).';
comment on column api.owner_payable_balances.owner_name is 'Owner name.';
comment on column api.owner_payable_balances.lines is 'Lines payable.';
comment on column api.owner_payable_balances.balance is 'Their sum, US dollars, before interest.';

-- Unpaid proceeds of owners other than the operator, in suspense or payable, older than the
-- dormancy period of the well's state: what the operator must report and deliver as unclaimed property. The period is counted from the end of
-- the sales month, the latest the owner could have been paid.
create view api.owner_dormant_balances as
    select l.organization_id, l.owner_company_id, c.name as owner_name, c.owner_number,
           substr(w.well_number, 1, 2) as state_code, st.name as state_name, p.years as dormancy_years, p.report_to,
           count(*) as lines, sum(l.net_value)::numeric(14,2) as amount,
           coalesce(sum(l.net_value) filter (where l.pay_status = 'suspense'), 0)::numeric(14,2) as suspense_amount,
           min(d.sales_month) as oldest_sales_month,
           (min(d.sales_month) + interval '1 month' - interval '1 day' + make_interval(years => p.years))::date
               as dormant_since
      from app.revenue_distribution_lines l
      join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
      join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id
      join ref.dormancy_periods p on p.state_code = substr(w.well_number, 1, 2) and p.property_type = 'mineral_proceeds'
      join ref.well_number_states st on st.state_code = p.state_code
      join app.companies c on c.organization_id = l.organization_id and c.id = l.owner_company_id
     where d.status = 'approved' and l.owner_company_id <> d.residue_company_id
       and not exists (select from app.owner_payment_lines x
                        where x.organization_id = l.organization_id and x.distribution_line_id = l.id and x.active)
       and (d.sales_month + interval '1 month' - interval '1 day' + make_interval(years => p.years))::date <= current_date
     group by l.organization_id, l.owner_company_id, c.name, c.owner_number, substr(w.well_number, 1, 2), st.name, p.years,
              p.report_to;
comment on view api.owner_dormant_balances is
    'Per owner and state: unpaid proceeds (in suspense or payable) older than the state''s dormancy period '
    '(see /dormancy_periods; Texas: 3 years, Property Code §75.101), to be reported as unclaimed property.';
comment on column api.owner_dormant_balances.organization_id is 'The organization.';
comment on column api.owner_dormant_balances.owner_company_id is 'The owner (see /companies).';
comment on column api.owner_dormant_balances.owner_name is 'Owner name.';
comment on column api.owner_dormant_balances.owner_number is 'The operator''s owner number.';
comment on column api.owner_dormant_balances.state_code is 'State of the wells (well-number state code).';
comment on column api.owner_dormant_balances.state_name is 'State name.';
comment on column api.owner_dormant_balances.dormancy_years is 'The state''s dormancy period in years.';
comment on column api.owner_dormant_balances.report_to is 'Who the proceeds are reported and delivered to.';
comment on column api.owner_dormant_balances.lines is 'Distribution lines dormant.';
comment on column api.owner_dormant_balances.amount is 'Their net value, US dollars.';
comment on column api.owner_dormant_balances.suspense_amount is 'The part of it held in suspense.';
comment on column api.owner_dormant_balances.oldest_sales_month is 'The oldest sales month unpaid.';
comment on column api.owner_dormant_balances.dormant_since is 'When the oldest line became dormant: the end of its sales month plus the period.';

-- A year's amounts per owner for the IRS forms, from the payments that stand with a payment date in
-- the year. IRS Instructions for Forms 1099-MISC and 1099-NEC: gross royalties from oil and gas
-- (before the severance taxes withheld) go in Form 1099-MISC box 2 from $10; payments for a working
-- interest are not royalties and go in Form 1099-NEC box 1; backup withholding in box 4 of either.
create function api.owner_1099_amounts(year integer)
returns table (owner_company_id uuid, owner_name text, owner_number text, owner_type app.owner_type, tax_id text,
               tax_id_type app.tax_id_type, royalties numeric, royalties_reportable boolean,
               working_interest_payments numeric, late_interest numeric, backup_withholding numeric)
language plpgsql stable security definer
set search_path = pg_catalog, app
as $$
#variable_conflict use_column
begin
    if year is null or year not between 1900 and 2199 then
        perform app.raise_error(400, 'WF_1099_INPUT', format('year must be 1900-2199; got %s', coalesce(year::text, 'nothing')),
            'year', null);
    end if;
    return query
    with paid as (
        select p.id, p.owner_company_id, p.interest_amount, p.withholding_amount
          from app.owner_payments p
          join app.payment_runs r on r.organization_id = p.organization_id and r.id = p.payment_run_id
         where p.organization_id = app.current_organization_id() and p.status = 'issued' and r.status = 'approved'
           and r.payment_date >= make_date(owner_1099_amounts.year, 1, 1)
           and r.payment_date < make_date(owner_1099_amounts.year + 1, 1, 1)),
    by_kind as (
        select p.owner_company_id,
               coalesce(sum(dl.net_value + dl.severance_tax) filter (where dl.interest_type <> 'wi'), 0) as royalties,
               coalesce(sum(dl.net_value + dl.severance_tax) filter (where dl.interest_type = 'wi'), 0) as working_interest
          from paid p
          join app.owner_payment_lines pl on pl.organization_id = app.current_organization_id() and pl.owner_payment_id = p.id
                                         and pl.active
          join app.revenue_distribution_lines dl on dl.organization_id = pl.organization_id and dl.id = pl.distribution_line_id
         group by p.owner_company_id),
    totals as (
        select p.owner_company_id, sum(p.interest_amount) as interest, sum(p.withholding_amount) as withholding
          from paid p group by p.owner_company_id)
    select c.id, c.name, c.owner_number, c.owner_type, app.visible_tax_id(c.tax_id, c.tax_id_type), c.tax_id_type,
           k.royalties::numeric(14,2), k.royalties >= 10, k.working_interest::numeric(14,2), t.interest::numeric(14,2),
           t.withholding::numeric(14,2)
      from totals t
      join by_kind k on k.owner_company_id = t.owner_company_id
      join app.companies c on c.organization_id = app.current_organization_id() and c.id = t.owner_company_id
     order by c.name;
end
$$;
comment on function api.owner_1099_amounts(integer) is
    'A year''s amounts per owner for the IRS forms, from payments that stand dated in the year: royalties (Form 1099-MISC '
    'box 2: gross oil and gas royalties before severance taxes, reportable from $10), working-interest payments (Form '
    '1099-NEC box 1), late-payment interest, backup withholding (box 4). The tax id is masked outside finance roles.';

create function api.create_payment_run(cutoff_month date, payment_date date default current_date) returns api.payment_runs
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    run_id uuid := app.create_payment_run(cutoff_month, payment_date);
begin
    return (select r from api.payment_runs r where r.id = run_id);
end
$$;
comment on function api.create_payment_run(date, date) is
    'Creates the draft payment run for a cut-off month (replacing a draft): every owner''s approved, payable, unpaid lines up '
    'to the month, released suspense included, with Texas late interest to the payment date; owners below the minimum '
    'payment are carried forward (in the annual month, paid from the annual floor). Accountants, admins, owners.';

create function api.approve_payment_run(payment_run_id uuid) returns api.payment_runs
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.approve_payment_run(payment_run_id);
    return (select r from api.payment_runs r where r.id = payment_run_id);
end
$$;
comment on function api.approve_payment_run(uuid) is 'draft -> approved: the run never changes again; each payment''s statement is rendered.';

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

create function api.download_owner_statement(owner_payment_id uuid) returns api."*/*"
language plpgsql stable security definer
set search_path = pg_catalog, app
as $$
declare
    file record;
begin
    select s.file_name, s.content into file
      from app.owner_payment_statements s
     where s.organization_id = app.current_organization_id() and s.owner_payment_id = download_owner_statement.owner_payment_id;
    if not found then
        perform app.raise_error(404, 'WF_STATEMENT_NOT_FOUND',
            format('Payment %s has no statement (yet)', owner_payment_id), 'owner_payment_id',
            'Statements appear shortly after the run is approved');
    end if;
    perform set_config('response.headers', json_build_array(
        json_build_object('Content-Type', 'application/pdf'),
        json_build_object('Content-Disposition', format('attachment; filename="%s"', file.file_name)))::text, true);
    return file.content;
end
$$;
comment on function api.download_owner_statement(uuid) is 'The PDF statement of an owner payment, as a download.';

grant select on api.payment_runs, api.owner_payments, api.owner_payment_lines, api.owner_payable_balances,
    api.owner_dormant_balances
    to wellflow_user, wellflow_analyst;
grant execute on function api.owner_1099_amounts(integer) to wellflow_user, wellflow_analyst;
-- The reports queue renders statements from the same §91.502 lines owners read
-- (app.owner_payment_statement_rows, whose owner reads them in the worker's organization).
grant select on api.owner_statements to wellflow_owner;
grant execute on function api.create_payment_run(date, date), api.approve_payment_run(uuid),
    api.void_owner_payment(uuid, text), api.reissue_owner_payment(uuid, app.payment_method, text),
    api.download_owner_statement(uuid)
    to wellflow_user;
