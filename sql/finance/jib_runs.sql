-- Joint interest billing: each month the operator bills every working-interest partner its share
-- of the costs booked on the wells they own with it. A run for a billing month takes every cost
-- transaction booked up to the month's end that no approved run has billed, plus the month's COPAS
-- overhead per well, and splits each at 8/8ths by the cost deck in effect on its service date, each
-- share rounded to the cent and the rounding residue to the well's operator, so the shares of every
-- cost sum to it exactly. Each partner other than the operator gets an invoice of its lines. A run
-- is a draft until an accountant, admin or owner approves it; then it never changes.
set local role wellflow_owner;

create type app.jib_run_status as enum ('draft', 'approved');

create table app.jib_runs (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    billing_month date not null
        constraint jib_runs_billing_month_check check (billing_month = date_trunc('month', billing_month)
                                                       and app.is_sane_date(billing_month)),
    status app.jib_run_status not null default 'draft',
    -- Written by app.create_jib_run from its own sums.
    transactions_billed integer not null default 0,
    transactions_held integer not null default 0,
    overhead_wells integer not null default 0,
    total_gross numeric(14,2) not null default 0,
    total_invoiced numeric(14,2) not null default 0,
    created_by uuid references app.users (id),
    approved_by uuid references app.users (id),
    approved_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id)
);
comment on table app.jib_runs is 'A joint interest billing run: the partners'' shares of the costs booked up to a billing month.';
-- One draft at a time: two drafts would bill the same costs.
create unique index jib_runs_draft_key on app.jib_runs (organization_id) where status = 'draft';

create table app.jib_invoices (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    jib_run_id uuid not null,
    partner_company_id uuid not null,
    -- Counted on from the organization's highest.
    invoice_number integer not null constraint jib_invoices_invoice_number_check check (invoice_number > 0),
    total_amount numeric(14,2) not null,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint jib_invoices_invoice_number_key unique (organization_id, invoice_number),
    constraint jib_invoices_partner_company_id_key unique (organization_id, jib_run_id, partner_company_id),
    constraint jib_invoices_jib_run_id_fkey foreign key (organization_id, jib_run_id)
        references app.jib_runs (organization_id, id) on delete cascade,
    constraint jib_invoices_partner_company_id_fkey foreign key (organization_id, partner_company_id)
        references app.companies (organization_id, id)
);
comment on table app.jib_invoices is 'One partner''s invoice in a JIB run: the sum of its lines.';
create index jib_invoices_partner_company_id_idx on app.jib_invoices (organization_id, partner_company_id);

create type app.jib_line_kind as enum ('cost', 'overhead');

-- A month writes hundreds of thousands of lines in one statement, and every foreign key is a lookup
-- per row. So the lines keep only the keys that hold something up: the run and the invoice (which
-- also pin the organization and, for partners, the owner) and the well. The transaction and the
-- account are copied from a transaction that cannot change or go once an approved run billed it
-- (app.cost_transactions_guard_old, app.cost_transactions_guard_delete), and a draft whose
-- transaction changed or went is refused at approval; the owner of a line without an invoice is the
-- well's operator, which the well's own key keeps.
create table app.jib_lines (
    organization_id uuid not null,
    id uuid not null default app.uuid_generate_v7(),
    jib_run_id uuid not null,
    -- Empty for the operator's own share, which nobody is invoiced for.
    jib_invoice_id uuid,
    line_kind app.jib_line_kind not null,
    -- The transaction billed; empty for overhead, which the run itself charges.
    cost_transaction_id uuid,
    -- What was billed, as it stood: the cost, its well, account and service date at 8/8ths.
    well_id uuid not null,
    account_code text not null,
    service_date date not null,
    gross_amount numeric(14,2) not null,
    owner_company_id uuid not null,
    decimal_interest numeric not null,
    -- The owner's share: gross x decimal to the cent, plus the residue on the residue owner's line.
    amount numeric(14,2) not null,
    residue_amount numeric(14,2) not null default 0,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint jib_lines_jib_run_id_fkey foreign key (organization_id, jib_run_id)
        references app.jib_runs (organization_id, id) on delete cascade,
    constraint jib_lines_jib_invoice_id_fkey foreign key (organization_id, jib_invoice_id)
        references app.jib_invoices (organization_id, id) on delete cascade,
    constraint jib_lines_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint jib_lines_cost_transaction_id_check check ((line_kind = 'cost') = (cost_transaction_id is not null))
);
comment on table app.jib_lines is 'Each owner''s share of each cost and overhead charge billed by a JIB run.';
create index jib_lines_jib_run_id_idx on app.jib_lines (organization_id, jib_run_id);
create index jib_lines_jib_invoice_id_idx on app.jib_lines (organization_id, jib_invoice_id) where jib_invoice_id is not null;
create index jib_lines_cost_transaction_id_idx on app.jib_lines (organization_id, cost_transaction_id)
    where cost_transaction_id is not null;
-- Overhead already charged for a well and month; costs are found through their transaction.
create index jib_lines_overhead_idx on app.jib_lines (organization_id, well_id, service_date) where line_kind = 'overhead';

-- Each invoice rendered by the reports queue once its run is approved: a PDF to send and a CSV
-- the partner's accounting can load.
create type app.jib_invoice_format as enum ('pdf', 'csv');

create table app.jib_invoice_documents (
    organization_id uuid not null references app.organizations (id),
    jib_invoice_id uuid not null,
    format app.jib_invoice_format not null,
    file_name text not null constraint jib_invoice_documents_file_name_check check (file_name ~ '^[A-Za-z0-9._-]{1,128}$'),
    content bytea not null,
    sha256 text generated always as (encode(sha256(content), 'hex')) stored,
    byte_size integer generated always as (octet_length(content)) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, jib_invoice_id, format),
    constraint jib_invoice_documents_jib_invoice_id_fkey foreign key (organization_id, jib_invoice_id)
        references app.jib_invoices (organization_id, id) on delete cascade
);
comment on table app.jib_invoice_documents is 'The PDF and CSV of each partner invoice of an approved JIB run, with their SHA-256.';

-- An approved run never changes, nor do its invoices and lines. Runs, invoices and lines are
-- written only by app.create_jib_run (into a draft) and app.approve_jib_run. The invoices' and
-- lines' guards run once per statement over their transition tables (a run writes thousands of
-- lines in one statement) and look the runs up by primary key.
create function app.jib_runs_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if old.status = 'approved' then
        perform app.raise_error(409, 'WF_JIB_RUN_APPROVED', 'An approved JIB run cannot change', 'status',
            'Bill corrections in a later run: book a correcting cost transaction');
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.jib_runs_guard() is 'Trigger: an approved JIB run is immutable.';

create function app.jib_rows_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform 'PRAGMA:TABLE: changed_rows (organization_id uuid, jib_run_id uuid)';
    if exists (select from (select distinct c.organization_id, c.jib_run_id from changed_rows c) c
                 join app.jib_runs r on r.organization_id = c.organization_id and r.id = c.jib_run_id
                where r.status = 'approved') then
        perform app.raise_error(409, 'WF_JIB_RUN_APPROVED',
            format('The %s of an approved JIB run cannot change', replace(tg_table_name, 'jib_', '')), 'status',
            'Bill corrections in a later run: book a correcting cost transaction');
    end if;
    return null;
end
$$;
comment on function app.jib_rows_guard() is 'Statement trigger: invoices and lines of an approved JIB run are immutable.';

create trigger jib_runs_guard before update or delete on app.jib_runs
    for each row execute function app.jib_runs_guard();
create trigger jib_invoices_guard_insert after insert on app.jib_invoices
    referencing new table as changed_rows
    for each statement execute function app.jib_rows_guard();
create trigger jib_invoices_guard_update after update on app.jib_invoices
    referencing old table as changed_rows
    for each statement execute function app.jib_rows_guard();
create trigger jib_lines_guard_insert after insert on app.jib_lines
    referencing new table as changed_rows
    for each statement execute function app.jib_rows_guard();
create trigger jib_lines_guard_update after update on app.jib_lines
    referencing old table as changed_rows
    for each statement execute function app.jib_rows_guard();
-- Deleting an approved run's invoices or lines: the run's own delete is refused first, and a delete
-- of the rows alone is checked here.
create trigger jib_invoices_guard_delete after delete on app.jib_invoices
    referencing old table as changed_rows
    for each statement execute function app.jib_rows_guard();
create trigger jib_lines_guard_delete after delete on app.jib_lines
    referencing old table as changed_rows
    for each statement execute function app.jib_rows_guard();
create trigger jib_invoice_documents_set_updated_at before update on app.jib_invoice_documents
    for each row execute function app.set_updated_at();
create trigger jib_runs_set_updated_at before update on app.jib_runs
    for each row execute function app.set_updated_at();
create trigger jib_invoices_set_updated_at before update on app.jib_invoices
    for each row execute function app.set_updated_at();
create trigger jib_lines_set_updated_at before update on app.jib_lines
    for each row execute function app.set_updated_at();
create trigger jib_runs_audit after insert or update or delete on app.jib_runs
    for each row execute function app.audit_change();
-- A run writes thousands of invoices and lines in one statement: audited per statement, one audit
-- row per run for the invoices and per well for the lines (a single group of hundreds of thousands
-- of lines would be one value of hundreds of megabytes).
create trigger jib_invoices_audit_insert after insert on app.jib_invoices
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('jib_run_id');
create trigger jib_invoices_audit_update after update on app.jib_invoices
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('jib_run_id');
create trigger jib_invoices_audit_delete after delete on app.jib_invoices
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('jib_run_id');
create trigger jib_lines_audit_insert after insert on app.jib_lines
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger jib_lines_audit_update after update on app.jib_lines
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger jib_lines_audit_delete after delete on app.jib_lines
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger jib_runs_stamp_actor before insert or update of created_by, approved_by on app.jib_runs
    for each row execute function app.stamp_actor('created_by', 'approved_by');
create trigger jib_runs_require_finance before insert or update or delete on app.jib_runs
    for each statement execute function app.require_org_role('finance_writers');
create trigger jib_invoices_require_finance before insert or update or delete on app.jib_invoices
    for each statement execute function app.require_org_role('finance_writers');
create trigger jib_lines_require_finance before insert or update or delete on app.jib_lines
    for each statement execute function app.require_org_role('finance_writers');

alter table app.jib_runs enable row level security;
alter table app.jib_runs force row level security;
alter table app.jib_invoices enable row level security;
alter table app.jib_invoices force row level security;
alter table app.jib_lines enable row level security;
alter table app.jib_lines force row level security;
alter table app.jib_invoice_documents enable row level security;
alter table app.jib_invoice_documents force row level security;

create policy jib_runs_tenant_read on app.jib_runs
    for select
    using (organization_id = (select app.current_organization_id()));
create policy jib_runs_finance_write on app.jib_runs
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));
create policy jib_invoices_tenant_read on app.jib_invoices
    for select
    using (organization_id = (select app.current_organization_id()));
create policy jib_invoices_finance_write on app.jib_invoices
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));
create policy jib_lines_tenant_read on app.jib_lines
    for select
    using (organization_id = (select app.current_organization_id()));
create policy jib_lines_finance_write on app.jib_lines
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('finance_writers')));

-- The worker (acting for the organization, with no role) writes the documents; everyone in it reads them.
create policy jib_invoice_documents_tenant on app.jib_invoice_documents
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select, insert, update, delete on app.jib_runs, app.jib_invoices, app.jib_lines to wellflow_api;
grant select on app.jib_runs, app.jib_invoices, app.jib_lines to wellflow_worker;
grant select on app.jib_invoice_documents to wellflow_api;
grant select, insert, update on app.jib_invoice_documents to wellflow_worker;

-- A run in a few statements, whatever the number of wells: the charges (unbilled transactions
-- booked up to the month's end, and the month's overhead per well), each split by the deck of its
-- service date with the residue to the well's operator (or, when the operator holds no interest
-- that day, to the largest interest), the invoices, and the lines. A draft run is replaced.
-- The costs of an AFE decided by elections are split among its participants in proportion to their
-- working interests, not by the deck (held while its election is open); each non-consenting party's
-- recoupment account is charged its share of them times the penalty of the cost's class. Other costs
-- follow the well's before-payout deck on a day one of its recoupment accounts recovers, else its
-- after-payout deck (with the always lines in both); what the before-payout deck has the
-- participants carry for a non-consenting party is charged to its account too.
-- Overhead (COPAS Section III): a well of a deck is a drilling well in a month that meets the span
-- from its spud date to its completion date (or, not yet completed, while it is drilling or
-- completing), else a producing well in a month it reported production; each is one charge at the
-- rate in effect for the month, once per well and month.
create function app.create_jib_run(billing_month date) returns uuid
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
    -- Who bears an elections AFE's costs is known once its election closes; an ended one closes now.
    perform app.close_ended_afe_elections();

    insert into app.jib_runs (organization_id, billing_month, created_by)
    values (org, month_start, app.current_user_id())
    returning id into run_id;

    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: jib_charges (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, held boolean, operator_company_id uuid, election_afe_id uuid, '
            'before_payout boolean)';
    perform 'PRAGMA:TABLE: jib_shares (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, owner_company_id uuid, decimal_interest numeric, amount numeric, '
            'residue_amount numeric, is_partner boolean)';
    perform 'PRAGMA:TABLE: jib_partner_invoices (partner_company_id uuid, invoice_id uuid)';
    create temporary table if not exists jib_charges (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        held boolean, operator_company_id uuid, election_afe_id uuid, before_payout boolean) on commit drop;
    create temporary table if not exists jib_shares (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        owner_company_id uuid, decimal_interest numeric, amount numeric, residue_amount numeric, is_partner boolean)
        on commit drop;
    create temporary table if not exists jib_partner_invoices (partner_company_id uuid, invoice_id uuid) on commit drop;
    truncate jib_charges, jib_shares, jib_partner_invoices;

    insert into jib_charges
    select row_number() over (order by c.well_id, c.service_date, c.cost_transaction_id nulls last, c.account_code),
           c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount,
           c.held or coalesce(elected.status = 'submitted', false), w.operator_company_id, elected.id,
           exists (select from app.recoupment_accounts ra
                     join app.afes a on a.organization_id = ra.organization_id and a.id = ra.afe_id
                    where ra.organization_id = org and ra.opened_on <= c.service_date
                      and (ra.paid_out_month is null or c.service_date < ra.paid_out_month + interval '1 month')
                      and (a.well_id = c.well_id or a.well_id is null and a.lease_id = w.lease_id))
      from (select t.id as cost_transaction_id, t.well_id, t.account_code, t.service_date, t.amount as gross_amount,
                   -- Held while its AFE is over its authorization, where the organization bills no
                   -- overrun before the supplement is approved.
                   not settings.bill_overrun_before_supplement and t.afe_id is not null
                   and exists (select from app.afes a
                                 join app.afes root on root.organization_id = a.organization_id
                                                   and root.id = coalesce(a.parent_afe_id, a.id)
                                where a.organization_id = org and a.id = t.afe_id and root.overrun_flagged_at is not null)
                       as held,
                   t.afe_id
              from app.cost_transactions t
             where t.organization_id = org and t.accounting_date <= month_end
               and not exists (select from app.jib_lines l
                                 join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
                                where l.organization_id = org and l.cost_transaction_id = t.id and r.status = 'approved')
            union all
            select null::uuid, w.id, w.account_code, month_end, rate.monthly_rate, false, null::uuid
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
                                                                                                gross_amount, held, afe_id)
      join app.wells w on w.organization_id = org and w.id = c.well_id
      left join app.afes elected on elected.organization_id = org and elected.id = c.afe_id
                                and elected.consent_rule = 'elections';
    analyze jib_charges;

    -- Each owner's share to the cent; the residue to the operator's line, else the largest interest.
    insert into jib_shares
    with owners as (
        select c.charge, d.owner_company_id, d.decimal_interest
          from jib_charges c
          join app.cost_decks d on d.organization_id = org and d.well_id = c.well_id and d.effective @> c.service_date
                               and d.phases && app.payout_phase_range(case when c.before_payout then 'before_payout'
                                                                           else 'after_payout' end::app.payout_phase)
         where not c.held and c.election_afe_id is null
        union all
        select c.charge, e.company_id, p.working_interest / t.total
          from jib_charges c
          join app.afe_elections e on e.organization_id = org and e.afe_id = c.election_afe_id and e.election = 'participate'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
          join (select e.afe_id, sum(p.working_interest) as total from app.afe_elections e
                  join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
                 where e.organization_id = org and e.election = 'participate' group by e.afe_id) t
            on t.afe_id = c.election_afe_id
         where not c.held),
    shares as (
        select c.charge, c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount,
               o.owner_company_id, o.decimal_interest, round(c.gross_amount * o.decimal_interest, 2) as share,
               o.owner_company_id is distinct from c.operator_company_id as is_partner,
               o.owner_company_id = c.operator_company_id as is_operator
          from jib_charges c join owners o on o.charge = c.charge),
    ranked as (
        select s.*, s.gross_amount - sum(s.share) over charge as residue, row_number() over ranked_charge as rank
          from shares s
        window charge as (partition by s.charge),
               ranked_charge as (partition by s.charge
                                 order by s.is_operator desc, s.decimal_interest desc, s.owner_company_id))
    select r.charge, r.cost_transaction_id, r.well_id, r.account_code, r.service_date, r.gross_amount, r.owner_company_id,
           round(r.decimal_interest, 10), r.share + case when r.rank = 1 then r.residue else 0 end,
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

    -- Each non-consenting party's penalty, while it recoups: on its working interest's share of the
    -- AFE's costs, and on the part of the well's other costs the before-payout deck has the
    -- participants carry for it (its after-payout decimal less its before-payout one), by the cost
    -- account's penalty class (Form 610 Art. VI.B.2: 100 % of operating costs by default).
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.recoupment_entries (organization_id, recoupment_account_id, entry_kind, jib_run_id, cost_transaction_id,
                                        penalty_class, base_amount, penalty_percent, amount)
    with carried as (
        select c.cost_transaction_id, c.account_code, ra.id as recoupment_account_id,
               round(c.gross_amount * p.working_interest, 2) as base
          from jib_charges c
          join app.afe_elections e on e.organization_id = org and e.afe_id = c.election_afe_id and e.election = 'non_consent'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
          join app.recoupment_accounts ra on ra.organization_id = org and ra.afe_id = e.afe_id and ra.company_id = e.company_id
         where not c.held and ra.paid_out_month is null
        union all
        (select distinct on (c.charge, ra.company_id) c.cost_transaction_id, c.account_code, ra.id,
               round(c.gross_amount * (after_payout.decimal_interest - coalesce(before_payout.decimal_interest, 0)), 2)
          from jib_charges c
          join app.wells w on w.organization_id = org and w.id = c.well_id
          join app.recoupment_accounts ra on ra.organization_id = org and ra.paid_out_month is null
                                          and ra.opened_on <= c.service_date
          join app.afes a on a.organization_id = org and a.id = ra.afe_id
                         and (a.well_id = c.well_id or a.well_id is null and a.lease_id = w.lease_id)
          join app.cost_decks after_payout
            on after_payout.organization_id = org and after_payout.well_id = c.well_id
           and after_payout.owner_company_id = ra.company_id and after_payout.payout_phase = 'after_payout'
           and after_payout.effective @> c.service_date
          left join app.cost_decks before_payout
            on before_payout.organization_id = org and before_payout.well_id = c.well_id
           and before_payout.owner_company_id = ra.company_id and before_payout.payout_phase = 'before_payout'
           and before_payout.effective @> c.service_date
         where not c.held and c.election_afe_id is null and c.before_payout and c.cost_transaction_id is not null
           and after_payout.decimal_interest > coalesce(before_payout.decimal_interest, 0)
         order by c.charge, ra.company_id, ra.opened_on, ra.id))
    select org, ra.id, 'charge', run_id, x.cost_transaction_id, account.penalty_class, x.base, penalty.percent,
           round(x.base * penalty.percent / 100, 2)
      from carried x
      join app.recoupment_accounts ra on ra.organization_id = org and ra.id = x.recoupment_account_id
      join ref.cost_accounts account on account.account_code = x.account_code
      cross join lateral (select case account.penalty_class when 'drilling_and_completion' then ra.drilling_percent
                                                            when 'equipment_in_well' then ra.equipment_in_well_percent
                                                            when 'surface_equipment' then ra.surface_equipment_percent
                                                            else ra.operating_percent end as percent) penalty
     where x.base <> 0;
    perform set_config('wellflow.afe_workflow', '', true);

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
create function app.approve_jib_run(jib_run_id uuid) returns uuid
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
        select 'A cost deck of a billed well, a recoupment account or an overhead rate changed' into stale
         where exists (select from app.cost_decks d
                        where d.organization_id = org and d.updated_at > run.created_at
                          and d.well_id in (select l.well_id from app.jib_lines l
                                             where l.organization_id = org and l.jib_run_id = run.id))
            or exists (select from app.recoupment_accounts ra
                        where ra.organization_id = org and ra.updated_at > run.created_at)
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

-- What an invoice shows, one row per line, for the worker: who bills whom (the operator's contact
-- from the finance settings, the partner's remittance address), and each cost with its well, account,
-- vendor invoice, service date, gross, the partner's decimal and share.
create function app.jib_invoice_rows(jib_invoice_id uuid)
returns table (invoice_number integer, billing_month date, operator_name text, operator_address text, operator_phone text,
               operator_email text, partner_name text, partner_number text, partner_address text, well_name text,
               well_number text, line_kind app.jib_line_kind, account_code text, account_name text, vendor_name text,
               vendor_invoice text, service_date date, gross_amount numeric, decimal_interest numeric, amount numeric,
               total_amount numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select i.invoice_number, r.billing_month, operator.name, settings.statement_address,
           coalesce(settings.statement_phone, operator.contact_phone), coalesce(settings.statement_email, operator.contact_email)::text,
           partner.name, partner.owner_number,
           coalesce(partner.remittance_address, concat_ws(E'\n', partner.address_line1, partner.address_line2,
                                                          concat_ws(' ', partner.city, partner.state_province, partner.postal_code))),
           w.name, app.format_well_number(w.well_number), l.line_kind, l.account_code, account.name, vendor.name,
           t.invoice_number, l.service_date, l.gross_amount, l.decimal_interest, l.amount, i.total_amount
      from app.jib_invoices i
      join app.jib_runs r on r.organization_id = i.organization_id and r.id = i.jib_run_id
      join app.companies partner on partner.organization_id = i.organization_id and partner.id = i.partner_company_id
      join app.jib_lines l on l.organization_id = i.organization_id and l.jib_invoice_id = i.id
      join app.wells w on w.organization_id = l.organization_id and w.id = l.well_id
      left join app.companies operator on operator.organization_id = w.organization_id and operator.id = w.operator_company_id
      join ref.cost_accounts account on account.account_code = l.account_code
      left join app.cost_transactions t on t.organization_id = l.organization_id and t.id = l.cost_transaction_id
      left join app.companies vendor on vendor.organization_id = t.organization_id and vendor.id = t.vendor_company_id
      cross join lateral app.finance_settings_of(i.organization_id) settings
     where i.organization_id = app.current_organization_id() and i.id = jib_invoice_rows.jib_invoice_id
     order by w.name, l.service_date, l.line_kind, t.invoice_number, l.account_code
$$;
comment on function app.jib_invoice_rows(uuid) is 'The lines of one partner invoice with what it prints, for the worker.';

create function app.store_jib_invoice_document(jib_invoice_id uuid, format app.jib_invoice_format, file_name text,
                                               content bytea) returns void
language sql security definer
set search_path = pg_catalog, app
as $$
    insert into app.jib_invoice_documents (organization_id, jib_invoice_id, format, file_name, content)
    select i.organization_id, i.id, format, file_name, content
      from app.jib_invoices i
     where i.organization_id = app.current_organization_id() and i.id = store_jib_invoice_document.jib_invoice_id
    on conflict (organization_id, jib_invoice_id, format) do update
       set file_name = excluded.file_name, content = excluded.content
$$;
comment on function app.store_jib_invoice_document(uuid, app.jib_invoice_format, text, bytea) is
    'Worker: stores (or replaces) an invoice''s PDF or CSV.';
grant execute on function app.jib_invoice_rows(uuid), app.store_jib_invoice_document(uuid, app.jib_invoice_format, text, bytea)
    to wellflow_worker;

grant execute on function app.create_jib_run(date), app.approve_jib_run(uuid) to wellflow_api;
set local role wellflow_api;

-- Read-only views: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines them: filters reach the tables.
create view api.jib_runs as
    with readable as (
        select organization_id, id, billing_month, status, transactions_billed, transactions_held, overhead_wells,
               total_gross, total_invoiced, created_by, approved_by, approved_at, created_at
          from app.jib_runs)
    select * from readable;
comment on view api.jib_runs is
    'Joint interest billing runs: created by /rpc/create_jib_run, approved (then immutable) by /rpc/approve_jib_run.';
comment on column api.jib_runs.organization_id is 'The organization.';
comment on column api.jib_runs.id is 'Run id (UUID v7).';
comment on column api.jib_runs.billing_month is 'First day of the month billed: costs booked up to its end and not billed before.';
comment on column api.jib_runs.status is 'draft (creating a run again replaces it) or approved (immutable).';
comment on column api.jib_runs.transactions_billed is 'Cost transactions the run bills.';
comment on column api.jib_runs.transactions_held is
    'Cost transactions it did not bill: no cost deck covers their well on their service date (see /cost_decks), or their AFE is '
    'over its authorization and /finance_settings bills no overrun before the supplement is approved. A later run bills them.';
comment on column api.jib_runs.overhead_wells is 'Wells charged COPAS overhead for the month.';
comment on column api.jib_runs.total_gross is 'Costs and overhead billed, at 8/8ths.';
comment on column api.jib_runs.total_invoiced is 'What the partners are invoiced: the total less the operator''s own share.';
comment on column api.jib_runs.created_by is 'Who created it.';
comment on column api.jib_runs.approved_by is 'Who approved it.';
comment on column api.jib_runs.approved_at is 'When it was approved.';
comment on column api.jib_runs.created_at is 'When it was created.';
grant select on api.jib_runs to wellflow_user, wellflow_analyst;

create view api.jib_invoices as
    with readable as (
        select i.organization_id, i.id, i.jib_run_id, r.billing_month, r.status, i.partner_company_id, i.invoice_number,
               i.total_amount, i.created_at
          from app.jib_invoices i join app.jib_runs r on r.organization_id = i.organization_id and r.id = i.jib_run_id)
    select * from readable;
comment on view api.jib_invoices is
    'Partner invoices of the JIB runs, one per partner and run; the lines are at /jib_lines, the PDF and CSV of an approved '
    'run''s invoice at /rpc/download_jib_invoice.';
comment on column api.jib_invoices.organization_id is 'The organization.';
comment on column api.jib_invoices.id is 'Invoice id (UUID v7).';
comment on column api.jib_invoices.jib_run_id is 'The run (see /jib_runs).';
comment on column api.jib_invoices.billing_month is 'The run''s billing month.';
comment on column api.jib_invoices.status is 'The run''s status: draft or approved.';
comment on column api.jib_invoices.partner_company_id is 'The partner billed (see /companies).';
comment on column api.jib_invoices.invoice_number is 'Invoice number, counted on across the organization''s runs.';
comment on column api.jib_invoices.total_amount is 'The sum of its lines, US dollars (negative when credits exceed costs).';
comment on column api.jib_invoices.created_at is 'When it was made.';
grant select on api.jib_invoices to wellflow_user, wellflow_analyst;

create view api.jib_lines as
    with readable as (
        select organization_id, id, jib_run_id, jib_invoice_id, line_kind, cost_transaction_id, well_id, account_code,
               service_date, gross_amount, owner_company_id, decimal_interest, amount, residue_amount, created_at
          from app.jib_lines)
    select * from readable;
comment on view api.jib_lines is
    'Each working-interest owner''s share of each cost and overhead charge of a JIB run: gross x the decimal of the cost deck '
    'in effect on the service date, to the cent, with the rounding residue on one line so the shares sum to the gross exactly.';
comment on column api.jib_lines.organization_id is 'The organization.';
comment on column api.jib_lines.id is 'Line id (UUID v7).';
comment on column api.jib_lines.jib_run_id is 'The run (see /jib_runs).';
comment on column api.jib_lines.jib_invoice_id is 'The partner''s invoice (see /jib_invoices); empty for the operator''s own share.';
comment on column api.jib_lines.line_kind is 'cost (a transaction) or overhead (the month''s COPAS rate for the well).';
comment on column api.jib_lines.cost_transaction_id is 'The transaction billed (see /cost_transactions); empty for overhead.';
comment on column api.jib_lines.well_id is 'The well (see /wells).';
comment on column api.jib_lines.account_code is 'The cost account (see /cost_accounts).';
comment on column api.jib_lines.service_date is 'The service date whose deck split the cost; the month''s last day for overhead.';
comment on column api.jib_lines.gross_amount is 'The cost at 8/8ths.';
comment on column api.jib_lines.owner_company_id is 'The working-interest owner (see /companies).';
comment on column api.jib_lines.decimal_interest is 'The owner''s working interest that day.';
comment on column api.jib_lines.amount is 'The owner''s share, US dollars, residue included.';
comment on column api.jib_lines.residue_amount is 'Rounding residue included in amount (on the operator''s line, or the largest interest''s).';
comment on column api.jib_lines.created_at is 'When it was made.';
grant select on api.jib_lines to wellflow_user, wellflow_analyst;

create function api.create_jib_run(billing_month date) returns api.jib_runs
language plpgsql volatile security definer
set search_path = pg_catalog, app
set jit = off
as $$
declare
    run_id uuid := app.create_jib_run(billing_month);
begin
    return (select r from api.jib_runs r where r.id = run_id);
end
$$;
comment on function api.create_jib_run(date) is
    'Creates the draft joint interest billing run for a billing month (replacing any draft): every cost transaction booked up '
    'to the month''s end that no approved run billed, and the month''s COPAS overhead per well (see /overhead_rates), split by '
    'the cost deck in effect on each service date, with an invoice per partner. Costs whose well has no deck that day are held '
    '(transactions_held). Owners, admins, accountants.';
grant execute on function api.create_jib_run(date) to wellflow_user;

create function api.download_jib_invoice(jib_invoice_id uuid, format app.jib_invoice_format default 'pdf')
returns api."*/*"
language plpgsql stable security definer
set search_path = pg_catalog, app
as $$
declare
    file record;
begin
    select d.file_name, d.content into file
      from app.jib_invoice_documents d
     where d.organization_id = app.current_organization_id() and d.jib_invoice_id = download_jib_invoice.jib_invoice_id
       and d.format = download_jib_invoice.format;
    if not found then
        perform app.raise_error(404, 'WF_JIB_INVOICE_DOCUMENT_NOT_FOUND',
            format('Invoice %s has no %s (yet)', jib_invoice_id, format), 'jib_invoice_id',
            'Documents appear shortly after the run is approved');
    end if;
    perform set_config('response.headers', json_build_array(
        json_build_object('Content-Type', case format when 'pdf' then 'application/pdf' else 'text/csv; charset=utf-8' end),
        json_build_object('Content-Disposition', format('attachment; filename="%s"', file.file_name)))::text, true);
    return file.content;
end
$$;
comment on function api.download_jib_invoice(uuid, app.jib_invoice_format) is
    'A partner invoice of an approved JIB run as a download: format pdf (the default) or csv.';
grant execute on function api.download_jib_invoice(uuid, app.jib_invoice_format) to wellflow_user;

create function api.approve_jib_run(jib_run_id uuid) returns api.jib_runs
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    approved uuid := app.approve_jib_run(jib_run_id);
begin
    return (select r from api.jib_runs r where r.id = approved);
end
$$;
comment on function api.approve_jib_run(uuid) is
    'Approves a draft JIB run: it and its invoices never change again, and the reports queue renders each invoice as PDF and '
    'CSV (/rpc/download_jib_invoice). Refused (409 WF_JIB_RUN_STALE) when a billed transaction changed after the draft was '
    'made. Owners, admins, accountants.';
grant execute on function api.approve_jib_run(uuid) to wellflow_user;
