-- Cost transactions: vendor invoices and accruals at 8/8ths (the whole well's cost, before any
-- partner's share), coded to a well, optionally an AFE, and a cost account. Joint interest billing
-- splits them among the working-interest owners by the cost deck in effect on the service date, in
-- the run of the month of their accounting date. Incurred costs are always booked: a cost beyond
-- an AFE's authorization flags the AFE (app.flag_afe_overruns), it is never refused. A cost billed
-- by an approved run is history; a correction is a new transaction (a credit is a negative amount).
set local role wellflow_owner;

create type app.cost_transaction_type as enum ('invoice', 'accrual');

create table app.cost_transactions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    afe_id uuid,
    account_code text not null references ref.cost_accounts (account_code),
    transaction_type app.cost_transaction_type not null default 'invoice',
    vendor_company_id uuid not null,
    invoice_number text not null
        constraint cost_transactions_invoice_number_check check (invoice_number ~ '^\S(.{0,62}\S)?$'),
    -- Lines of one invoice, numbered from 1: the invoice's key is vendor, number and line.
    line_number integer not null default 1 constraint cost_transactions_line_number_check check (line_number between 1 and 9999),
    description text constraint cost_transactions_description_check check (char_length(description) <= 500),
    -- When the work was done or the material delivered: the cost deck of that day bears it.
    service_date date not null constraint cost_transactions_service_date_check check (app.is_sane_date(service_date)),
    -- When it was booked: the joint interest billing of that month bills it.
    accounting_date date not null
        constraint cost_transactions_accounting_date_check check (app.is_sane_date(accounting_date)),
    amount numeric not null constraint cost_transactions_amount_check check (app.is_cost_amount(amount)),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint cost_transactions_invoice_key unique (organization_id, vendor_company_id, invoice_number, line_number),
    constraint cost_transactions_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint cost_transactions_afe_id_fkey foreign key (organization_id, afe_id) references app.afes (organization_id, id),
    constraint cost_transactions_vendor_company_id_fkey foreign key (organization_id, vendor_company_id)
        references app.companies (organization_id, id)
);
comment on table app.cost_transactions is
    'Invoices and accruals at 8/8ths per well, AFE and cost account; billed to partners by the monthly JIB run.';

create index cost_transactions_accounting_date_idx on app.cost_transactions (organization_id, accounting_date);
create index cost_transactions_well_id_idx on app.cost_transactions (organization_id, well_id, service_date);
create index cost_transactions_afe_id_idx on app.cost_transactions (organization_id, afe_id) where afe_id is not null;
create index cost_transactions_vendor_company_id_idx on app.cost_transactions (organization_id, vendor_company_id);

-- Whether each transaction's AFE is one of its well: the AFE's well, or the lease the well is on.
-- Checked once per statement over the written rows (an import writes thousands in one statement),
-- looking the AFEs and wells up by primary key. The guards read other tables, so they run as their
-- owner (a trigger runs as the writer, who holds grants on api views only).
create function app.cost_transactions_guard_new() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
declare
    stray record;
begin
    perform 'PRAGMA:TABLE: new_rows (like app.cost_transactions)';
    select n.invoice_number, a.afe_number, w.name as well_name into stray
      from new_rows n
      join app.afes a on a.organization_id = n.organization_id and a.id = n.afe_id
      join app.wells w on w.organization_id = n.organization_id and w.id = n.well_id
     where not (a.well_id is not distinct from n.well_id
                or a.well_id is null and a.lease_id is not distinct from w.lease_id)
     limit 1;
    if found then
        perform app.raise_error(422, 'WF_COST_AFE_NOT_ON_WELL',
            format('AFE %s is not for well %s (invoice %s)', stray.afe_number, stray.well_name, stray.invoice_number),
            'afe_id', 'Code the cost to the AFE of its well, or to none');
    end if;
    return null;
end
$$;
comment on function app.cost_transactions_guard_new() is
    'Statement trigger: a transaction''s AFE is for its well (or the well''s lease).';

-- A transaction billed by an approved JIB run is part of partners' invoices: it never changes.
create function app.cost_transactions_guard_old() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
declare
    billed record;
begin
    perform 'PRAGMA:TABLE: old_rows (like app.cost_transactions)';
    select o.invoice_number, r.billing_month into billed
      from old_rows o
      join app.jib_lines l on l.organization_id = o.organization_id and l.cost_transaction_id = o.id
      join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
     where r.status = 'approved'
     limit 1;
    if found then
        perform app.raise_error(409, 'WF_COST_BILLED',
            format('Invoice %s was billed to the partners in the approved JIB run of %s and cannot change',
                   billed.invoice_number, to_char(billed.billing_month, 'YYYY-MM')),
            'invoice_number', 'Book a correcting transaction (a negative amount is a credit)');
    end if;
    return null;
end
$$;
comment on function app.cost_transactions_guard_old() is
    'Statement trigger: transactions billed by an approved JIB run do not change.';

-- A billed transaction is not deleted either (a draft run that bills one is refused as stale at
-- approval).
create function app.cost_transactions_guard_delete() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    billed_month date;
begin
    select r.billing_month into billed_month
      from app.jib_lines l
      join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
     where l.organization_id = old.organization_id and l.cost_transaction_id = old.id and r.status = 'approved'
     limit 1;
    if found then
        perform app.raise_error(409, 'WF_COST_BILLED',
            format('Invoice %s was billed to the partners in the approved JIB run of %s and cannot be deleted',
                   old.invoice_number, to_char(billed_month, 'YYYY-MM')),
            'invoice_number', 'Book a correcting transaction (a negative amount is a credit)');
    end if;
    return old;
end
$$;
comment on function app.cost_transactions_guard_delete() is
    'Trigger: a transaction billed by an approved JIB run is not deleted.';

-- Each AFE's invoiced_total follows the transactions coded to it, in the same statement, and the
-- AFE families they touched are flagged or cleared (app.flag_afe_overruns): the cost is booked
-- either way.
create function app.cost_transactions_maintain_afes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    touched uuid[];
begin
    perform 'PRAGMA:TABLE: changed_rows (organization_id uuid, afe_id uuid)';
    touched := array(select distinct c.afe_id from changed_rows c where c.afe_id is not null);
    if cardinality(touched) = 0 then
        return null;
    end if;
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afes a
       set invoiced_total = coalesce((select sum(t.amount) from app.cost_transactions t
                                       where t.organization_id = a.organization_id and t.afe_id = a.id), 0)
     where a.organization_id = app.current_organization_id() and a.id = any (touched);
    perform set_config('wellflow.afe_workflow', '', true);
    perform app.flag_afe_overruns(touched);
    return null;
end
$$;
comment on function app.cost_transactions_maintain_afes() is
    'Statement trigger: keeps the touched AFEs'' invoiced_total and flags or clears their overruns.';

create trigger cost_transactions_guard_insert after insert on app.cost_transactions
    referencing new table as new_rows
    for each statement execute function app.cost_transactions_guard_new();
create trigger cost_transactions_guard_update_new after update on app.cost_transactions
    referencing new table as new_rows
    for each statement execute function app.cost_transactions_guard_new();
create trigger cost_transactions_guard_update_old after update on app.cost_transactions
    referencing old table as old_rows
    for each statement execute function app.cost_transactions_guard_old();
create trigger cost_transactions_guard_delete before delete on app.cost_transactions
    for each row execute function app.cost_transactions_guard_delete();
create trigger cost_transactions_afes_after_insert after insert on app.cost_transactions
    referencing new table as changed_rows
    for each statement execute function app.cost_transactions_maintain_afes();
create trigger cost_transactions_afes_after_update_new after update on app.cost_transactions
    referencing new table as changed_rows
    for each statement execute function app.cost_transactions_maintain_afes();
create trigger cost_transactions_afes_after_update_old after update on app.cost_transactions
    referencing old table as changed_rows
    for each statement execute function app.cost_transactions_maintain_afes();
create trigger cost_transactions_afes_after_delete after delete on app.cost_transactions
    referencing old table as changed_rows
    for each statement execute function app.cost_transactions_maintain_afes();
create trigger cost_transactions_set_updated_at before update on app.cost_transactions
    for each row execute function app.set_updated_at();
-- An import writes thousands of transactions in one statement: audited per statement, one audit
-- row per well.
create trigger cost_transactions_audit_insert after insert on app.cost_transactions
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger cost_transactions_audit_update after update on app.cost_transactions
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger cost_transactions_audit_delete after delete on app.cost_transactions
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger cost_transactions_require_finance before insert or update or delete on app.cost_transactions
    for each statement execute function app.require_org_role('finance_writers');

alter table app.cost_transactions enable row level security;
alter table app.cost_transactions force row level security;

create policy cost_transactions_tenant_read on app.cost_transactions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy cost_transactions_finance_insert on app.cost_transactions
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy cost_transactions_finance_update on app.cost_transactions
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy cost_transactions_finance_delete on app.cost_transactions
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.cost_transactions to wellflow_api;
grant select on app.cost_transactions to wellflow_worker;

-- The import, run by api.import_cost_transactions as its owner: every row of the payload into the
-- temporary table cost_import_rows with the first rule it breaks (code, field, message), then the
-- valid rows upserted on the invoice line's key (vendor, invoice number, line number).
create function app.cost_transactions_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['well_id', 'well_number', 'afe_id', 'afe_number', 'account_code',
        'transaction_type', 'vendor_company_id', 'vendor_name', 'invoice_number', 'line_number', 'description',
        'service_date', 'accounting_date', 'amount'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    last_day constant date := (date_trunc('month', current_date) + interval '1 month - 1 day')::date;
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"well_number": "42-329-41234", "account_code": "8530", "vendor_name": "Basin Water Hauling", '
        '"invoice_number": "BWH-1042", "service_date": "2025-09-14", "accounting_date": "2025-09-30", "amount": 1840.50}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: cost_import_rows (line integer, well_label text, well_id uuid, afe_id uuid, account_code text, '
            'transaction_type app.cost_transaction_type, vendor_company_id uuid, invoice_number text, line_number integer, '
            'description text, service_date date, accounting_date date, amount numeric, code text, field text, message text)';
    create temporary table if not exists cost_import_rows (
        line integer, well_label text, well_id uuid, afe_id uuid, account_code text,
        transaction_type app.cost_transaction_type, vendor_company_id uuid, invoice_number text, line_number integer,
        description text, service_date date, accounting_date date, amount numeric, code text, field text, message text)
        on commit drop;
    truncate cost_import_rows;

    insert into cost_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    fields as materialized (
        select i.line, i.item, f[1] as well_id_text, f[2] as well_number_text, f[3] as afe_id_text,
               f[4] as afe_number_text, f[5] as account_code, f[6] as type_text, f[7] as vendor_id_text,
               f[8] as vendor_name, f[9] as invoice_number, f[10] as line_text, f[11] as description,
               f[12] as service_text, f[13] as accounting_text, f[14] as amount_text
          from input i),
    parsed as materialized (
        select f.*, app.parse_date(f.service_text) as service_date, app.parse_date(f.accounting_text) as accounting_date,
               app.parse_numeric(f.amount_text) as amount, app.parse_numeric(f.line_text) as line_value,
               (select e from unnest(enum_range(null::app.cost_transaction_type)) e
                 where e::text = lower(coalesce(f.type_text, 'invoice'))) as transaction_type,
               coalesce(by_id.id, by_number.id) as well_id, coalesce(by_id.lease_id, by_number.lease_id) as lease_id,
               coalesce(f.well_number_text, f.well_id_text) as well_label,
               coalesce(afe_by_id.id, afe_by_number.id) as afe_id,
               coalesce(afe_by_id.well_id, afe_by_number.well_id) as afe_well_id,
               coalesce(afe_by_id.lease_id, afe_by_number.lease_id) as afe_lease_id,
               coalesce(vendor_by_id.id, vendor_by_name.id) as vendor_company_id,
               exists (select from ref.cost_accounts a where a.account_code = f.account_code) as known_account
          from fields f
          left join app.wells by_id
                 on f.well_id_text ~* uuid_pattern and by_id.organization_id = organization
                and by_id.id = case when f.well_id_text ~* uuid_pattern then f.well_id_text::uuid end
          left join app.wells by_number
                 on f.well_id_text is null and by_number.organization_id = organization
                and by_number.well_number = rpad(app.well_number_digits(f.well_number_text), 14, '0')
          left join app.afes afe_by_id
                 on f.afe_id_text ~* uuid_pattern and afe_by_id.organization_id = organization
                and afe_by_id.id = case when f.afe_id_text ~* uuid_pattern then f.afe_id_text::uuid end
          left join app.afes afe_by_number
                 on f.afe_id_text is null and afe_by_number.organization_id = organization
                and afe_by_number.afe_number = f.afe_number_text
          left join app.companies vendor_by_id
                 on f.vendor_id_text ~* uuid_pattern and vendor_by_id.organization_id = organization
                and vendor_by_id.id = case when f.vendor_id_text ~* uuid_pattern then f.vendor_id_text::uuid end
          left join app.companies vendor_by_name
                 on f.vendor_id_text is null and vendor_by_name.organization_id = organization
                and vendor_by_name.name = f.vendor_name),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.well_id_text is null and p.well_number_text is null then 'WF_IMPORT_WELL_REQUIRED:well_number'
                   when p.well_id is null then 'WF_IMPORT_UNKNOWN_WELL:' || case when p.well_id_text is null then 'well_number' else 'well_id' end
                   when (p.afe_id_text is not null or p.afe_number_text is not null) and p.afe_id is null
                        then 'WF_IMPORT_UNKNOWN_AFE:' || case when p.afe_id_text is null then 'afe_number' else 'afe_id' end
                   when p.afe_id is not null and not (p.afe_well_id is not distinct from p.well_id
                                                      or p.afe_well_id is null and p.afe_lease_id is not distinct from p.lease_id)
                        then 'WF_COST_AFE_NOT_ON_WELL:' || case when p.afe_id_text is null then 'afe_number' else 'afe_id' end
                   when not p.known_account then 'WF_IMPORT_UNKNOWN_ACCOUNT:account_code'
                   when p.transaction_type is null then 'WF_IMPORT_BAD_TYPE:transaction_type'
                   when p.vendor_id_text is null and p.vendor_name is null then 'WF_IMPORT_VENDOR_REQUIRED:vendor_name'
                   when p.vendor_company_id is null then 'WF_IMPORT_UNKNOWN_VENDOR:'
                        || case when p.vendor_id_text is null then 'vendor_name' else 'vendor_company_id' end
                   when p.invoice_number is null then 'WF_IMPORT_INVOICE_REQUIRED:invoice_number'
                   when char_length(p.invoice_number) > 64 then 'WF_IMPORT_TOO_LONG:invoice_number'
                   when p.line_text is not null and (p.line_value is null or p.line_value <> trunc(p.line_value)
                                                     or p.line_value not between 1 and 9999)
                        then 'WF_IMPORT_BAD_LINE:line_number'
                   when char_length(p.description) > 500 then 'WF_IMPORT_TOO_LONG:description'
                   when p.service_date is null or not app.is_sane_date(p.service_date) then 'WF_IMPORT_BAD_DATE:service_date'
                   when p.accounting_date is null or not app.is_sane_date(p.accounting_date)
                        then 'WF_IMPORT_BAD_DATE:accounting_date'
                   when p.service_date > last_day then 'WF_IMPORT_FUTURE_DATE:service_date'
                   when p.accounting_date > last_day then 'WF_IMPORT_FUTURE_DATE:accounting_date'
                   when p.amount is null then 'WF_IMPORT_NOT_A_NUMBER:amount'
                   when not app.is_cost_amount(p.amount) then 'WF_IMPORT_BAD_AMOUNT:amount'
               end as reason
          from parsed p)
    select c.line, c.well_label, c.well_id, c.afe_id, c.account_code, c.transaction_type, c.vendor_company_id,
           c.invoice_number, case when c.reason is null then coalesce(c.line_value, 1)::integer end, c.description, c.service_date, c.accounting_date,
           c.amount, split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_WELL_REQUIRED' then 'Give the well_number or the well_id'
               when 'WF_IMPORT_UNKNOWN_WELL' then format('No well %s in this organization', c.well_label)
               when 'WF_IMPORT_UNKNOWN_AFE' then format('No AFE %s in this organization', coalesce(c.afe_id_text, c.afe_number_text))
               when 'WF_COST_AFE_NOT_ON_WELL' then format('AFE %s is not for well %s', coalesce(c.afe_number_text, c.afe_id_text),
                                                          c.well_label)
               when 'WF_IMPORT_UNKNOWN_ACCOUNT' then format('%s is not a cost account (see /cost_accounts)',
                                                            coalesce(c.account_code, 'null'))
               when 'WF_IMPORT_BAD_TYPE' then format('%s is not a transaction type (invoice, accrual)', c.type_text)
               when 'WF_IMPORT_VENDOR_REQUIRED' then 'Give the vendor_name or the vendor_company_id'
               when 'WF_IMPORT_UNKNOWN_VENDOR' then format('No company %s in this organization',
                                                           coalesce(c.vendor_id_text, c.vendor_name))
               when 'WF_IMPORT_INVOICE_REQUIRED' then 'Give the invoice_number (for an accrual, its reference)'
               when 'WF_IMPORT_TOO_LONG' then case split_part(c.reason, ':', 2)
                   when 'invoice_number' then 'invoice_number has at most 64 characters'
                   else 'description has at most 500 characters' end
               when 'WF_IMPORT_BAD_LINE' then format('%s is not a line number (a whole number from 1 to 9999)', c.line_text)
               when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)',
                   coalesce(case split_part(c.reason, ':', 2) when 'service_date' then c.service_text
                            else c.accounting_text end, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s is after the end of this month',
                   case split_part(c.reason, ':', 2) when 'service_date' then c.service_date else c.accounting_date end)
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(c.amount_text, 'null'))
               when 'WF_IMPORT_BAD_AMOUNT' then
                   'An amount is whole cents, not zero (negative for a credit), under 1,000,000,000,000 either way'
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same invoice line twice in one payload: the first valid occurrence wins.
    update cost_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'line_number',
           message = format('Line %s already has this vendor, invoice and line number', d.first_line)
      from (select line, min(line) over (partition by vendor_company_id, invoice_number, line_number) as first_line
              from cost_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;
    -- Re-sending an invoice line that an approved JIB run billed would change partners' invoices.
    update cost_import_rows r
       set code = 'WF_COST_BILLED', field = 'invoice_number',
           message = format('Invoice %s line %s was billed in the approved JIB run of %s; book a correcting transaction',
                            r.invoice_number, r.line_number, to_char(b.billing_month, 'YYYY-MM'))
      from (select t.vendor_company_id, t.invoice_number, t.line_number, max(j.billing_month) as billing_month
              from app.cost_transactions t
              join app.jib_lines l on l.organization_id = t.organization_id and l.cost_transaction_id = t.id
              join app.jib_runs j on j.organization_id = l.organization_id and j.id = l.jib_run_id and j.status = 'approved'
             where t.organization_id = organization
             group by 1, 2, 3) b
     where r.code is null and b.vendor_company_id = r.vendor_company_id and b.invoice_number = r.invoice_number
       and b.line_number = r.line_number;
    analyze cost_import_rows;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'invoice_number', invoice_number,
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from cost_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- Re-sending an invoice line replaces it; an equal one is not written at all (the new row's two
    -- stamps are the statement time, an update restamps updated_at).
    with upserted as (
        insert into app.cost_transactions as t (organization_id, well_id, afe_id, account_code, transaction_type,
                                               vendor_company_id, invoice_number, line_number, description, service_date,
                                               accounting_date, amount, created_at, updated_at)
        select organization, well_id, afe_id, account_code, transaction_type, vendor_company_id, invoice_number,
               line_number, description, service_date, accounting_date, amount, statement_timestamp(), statement_timestamp()
          from cost_import_rows where code is null
         order by vendor_company_id, invoice_number, line_number
        on conflict (organization_id, vendor_company_id, invoice_number, line_number) do update
           set well_id = excluded.well_id, afe_id = excluded.afe_id, account_code = excluded.account_code,
               transaction_type = excluded.transaction_type, description = excluded.description,
               service_date = excluded.service_date, accounting_date = excluded.accounting_date, amount = excluded.amount
         where (t.well_id, t.afe_id, t.account_code, t.transaction_type, t.description, t.service_date, t.accounting_date,
                t.amount)
               is distinct from
               (excluded.well_id, excluded.afe_id, excluded.account_code, excluded.transaction_type, excluded.description,
                excluded.service_date, excluded.accounting_date, excluded.amount)
        returning t.created_at = t.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.cost_transactions_import(uuid, jsonb, text, app.import_mode) is
    'The cost transaction import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';
create function api.import_cost_transactions(rows jsonb default null, csv text default null,
                                             mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set jit = off
as $$
declare
    organization uuid := app.current_organization_id();
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import cost transactions', null, null);
    end if;
    perform app.assert_org_role('import cost transactions', 'finance_writers');
    return app.cost_transactions_import(organization, rows, csv, mode);
end
$$;
comment on function api.import_cost_transactions(jsonb, text, app.import_mode) is
    'Imports up to 50,000 invoice and accrual lines at 8/8ths: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line '
    'first). Columns: well_id or well_number, afe_id or afe_number (optional, an AFE of the well or its lease), account_code '
    '(see /cost_accounts), transaction_type (invoice, the default, or accrual), vendor_company_id or vendor_name, '
    'invoice_number, line_number (default 1), description, service_date (the cost deck of that day bears it), accounting_date '
    '(the JIB run of that month bills it) and amount (negative for a credit). Re-sending a vendor''s invoice and line replaces '
    'it, unless an approved JIB run billed it. mode all_or_nothing (default) imports nothing when any row is rejected and '
    'answers 422; accept_valid imports the valid rows. The answer counts inserted, updated and unchanged rows and lists every '
    'rejected row with its line, code, field and message. Owners, admins and accountants.';
grant execute on function api.import_cost_transactions(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.cost_transactions as
    select t.organization_id, t.id, t.well_id, t.afe_id, t.account_code, t.transaction_type, t.vendor_company_id,
           t.invoice_number, t.line_number, t.description, t.service_date, t.accounting_date, t.amount,
           t.created_at, t.updated_at
      from app.cost_transactions t;
alter view api.cost_transactions alter column organization_id set default app.current_organization_id();
comment on view api.cost_transactions is
    'Vendor invoices and accruals at 8/8ths, coded to a well, an AFE (optional) and a cost account: the input of joint interest '
    'billing. Everyone reads; owners, admins and accountants write, one line at a time here or in bulk with '
    '/rpc/import_cost_transactions. Costs beyond an AFE''s allowance are recorded like any other. A line billed by an approved '
    'JIB run never changes (409 WF_COST_BILLED): book a correcting line instead. Its owners'' shares are at '
    '/jib_lines?cost_transaction_id=eq.ID.';
comment on column api.cost_transactions.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.cost_transactions.id is 'Transaction id (UUID v7).';
comment on column api.cost_transactions.well_id is 'The well that bears the cost (see /wells).';
comment on column api.cost_transactions.afe_id is 'The AFE it is spent under (see /afes), an AFE of the well or of its lease; empty for operating costs.';
comment on column api.cost_transactions.account_code is 'The cost account (see /cost_accounts).';
comment on column api.cost_transactions.transaction_type is 'invoice (a vendor''s bill) or accrual (a cost incurred and not yet invoiced).';
comment on column api.cost_transactions.vendor_company_id is 'The vendor (see /companies).';
comment on column api.cost_transactions.invoice_number is 'The vendor''s invoice number, or the accrual''s reference; 1-64 characters.';
comment on column api.cost_transactions.line_number is 'Line of the invoice, 1-9999 (default 1); vendor, invoice and line are unique.';
comment on column api.cost_transactions.description is 'What was bought or done, up to 500 characters.';
comment on column api.cost_transactions.service_date is 'When the work was done: the cost deck in effect that day splits the cost.';
comment on column api.cost_transactions.accounting_date is 'When it was booked: the JIB run of that month (or a later one) bills it.';
comment on column api.cost_transactions.amount is 'The cost at 8/8ths in US dollars, whole cents; negative for a credit.';
comment on column api.cost_transactions.created_at is 'When it was recorded.';
comment on column api.cost_transactions.updated_at is 'When it last changed.';
grant select on api.cost_transactions to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.cost_transactions to wellflow_user;
