-- Deploy wellflow:joint_interest_billing to pg
-- Joint interest billing: the cost account chart, cost decks that sum to exactly 1 on every day,
-- cost transactions at 8/8ths with their bulk import, COPAS overhead rates, and monthly JIB runs
-- with partner invoices and lines, immutable once approved.
begin;
set local role wellflow_owner;
-- A cost at 8/8ths: an invoice or accrual line, or a credit against one (negative), whole cents.
create function app.is_cost_amount(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value <> 0 and abs(value) < 1000000000000 and value = round(value, 2) $$;
comment on function app.is_cost_amount(numeric) is
    'A cost in US dollars: not zero, negative for a credit, under 1,000,000,000,000 either way, whole cents.';
grant execute on function app.is_cost_amount(numeric) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- The chart of cost accounts that operators code invoices and accruals to, in the classes the COPAS
-- accounting procedure and the AAPL Form 610 operating agreement distinguish: intangible and tangible
-- drilling and completion costs, lease operating expense by kind, workover, plugging, and overhead.
-- Each account also says how a non-consenting party's share of it is recovered (Form 610 Art. VI.B.2:
-- a penalty percentage on the costs of drilling and completing and on equipment in the well, 100 %
-- of surface equipment and of operating costs).
set local role wellflow_owner;

create table ref.cost_accounts (
    account_code text primary key constraint cost_accounts_account_code_check check (account_code ~ '^[0-9]{4}$'),
    name text not null constraint cost_accounts_name_check check (char_length(name) between 1 and 200),
    category text not null constraint cost_accounts_category_check check (category in (
        'intangible_drilling', 'tangible_drilling', 'intangible_completion', 'tangible_completion',
        'lease_operating', 'workover', 'plugging', 'overhead')),
    -- capital: capitalised (tangible equipment) or, for intangible drilling and completion costs,
    -- deductible when incurred under IRC §263(c); expense: operating costs of the period.
    cost_class text not null constraint cost_accounts_cost_class_check check (cost_class in ('capital', 'expense')),
    penalty_class text not null constraint cost_accounts_penalty_class_check check (penalty_class in (
        'drilling_and_completion', 'equipment_in_well', 'surface_equipment', 'operating')),
    source text not null constraint cost_accounts_source_check check (char_length(source) between 1 and 500)
);
comment on table ref.cost_accounts is
    'Cost accounts for invoices and accruals, by COPAS class, with the Form 610 penalty class of each.';

insert into ref.cost_accounts (account_code, name, category, cost_class, penalty_class, source) values
    ('8100', 'Location, roads and site preparation', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8110', 'Drilling rig, daywork and footage', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8120', 'Drilling fluids, mud and chemicals', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8130', 'Cementing and cementing services', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8140', 'Drilling supervision and engineering', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8150', 'Fuel, water and rentals while drilling', 'intangible_drilling', 'capital', 'drilling_and_completion',
     'COPAS: intangible drilling costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of drilling'),
    ('8200', 'Conductor, surface and intermediate casing', 'tangible_drilling', 'capital', 'equipment_in_well',
     'COPAS: tangible (controllable) material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8210', 'Wellhead equipment (drilling)', 'tangible_drilling', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment to and including the wellhead connections'),
    ('8300', 'Completion rig and services', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8310', 'Perforating and wireline', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8320', 'Stimulation and fracturing', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8330', 'Completion fluids, water and disposal', 'intangible_completion', 'capital', 'drilling_and_completion',
     'COPAS: intangible completion costs; AAPL Form 610 Art. VI.B.2(a)(ii) costs of completing'),
    ('8400', 'Production casing and tubing', 'tangible_completion', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8410', 'Artificial lift and downhole equipment', 'tangible_completion', 'capital', 'equipment_in_well',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(ii) equipment in the well'),
    ('8420', 'Tanks, separators and surface facilities', 'tangible_completion', 'capital', 'surface_equipment',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(i) surface equipment beyond the wellhead connections'),
    ('8430', 'Flowlines and meters', 'tangible_completion', 'capital', 'surface_equipment',
     'COPAS: tangible material; AAPL Form 610 Art. VI.B.2(a)(i) surface equipment beyond the wellhead connections'),
    ('8500', 'Contract pumping and field labor', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8510', 'Electricity and fuel', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8520', 'Chemicals and treating', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8530', 'Saltwater hauling and disposal', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8540', 'Repairs and maintenance', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8550', 'Equipment rentals', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8560', 'Ad valorem taxes and insurance', 'lease_operating', 'expense', 'operating',
     'COPAS: direct charges, lease operating expense; AAPL Form 610 Art. VI.B.2(a)(i) cost of operation'),
    ('8600', 'Workover rig and services', 'workover', 'expense', 'drilling_and_completion',
     'COPAS: direct charges; AAPL Form 610 Art. VI.B.2(a)(ii) costs of reworking'),
    ('8700', 'Plugging and abandonment', 'plugging', 'expense', 'drilling_and_completion',
     'COPAS: direct charges; AAPL Form 610 Art. VI.B.2(a)(ii) costs of plugging back and abandonment'),
    ('8900', 'Overhead, drilling well rate', 'overhead', 'expense', 'operating',
     'COPAS accounting procedure, Section III: fixed monthly overhead rate per drilling well'),
    ('8910', 'Overhead, producing well rate', 'overhead', 'expense', 'operating',
     'COPAS accounting procedure, Section III: fixed monthly overhead rate per producing well');

grant select on ref.cost_accounts to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.cost_accounts as
    with readable as (select account_code, name, category, cost_class, penalty_class, source from ref.cost_accounts)
    select * from readable;
comment on view api.cost_accounts is
    'The cost accounts invoices and accruals are coded to (/cost_transactions), by COPAS class, with how a non-consenting '
    'party''s share of each is recovered.';
comment on column api.cost_accounts.account_code is 'Four-digit account code.';
comment on column api.cost_accounts.name is 'What the account holds.';
comment on column api.cost_accounts.category is
    'intangible_drilling, tangible_drilling, intangible_completion, tangible_completion, lease_operating, workover, plugging '
    'or overhead.';
comment on column api.cost_accounts.cost_class is 'capital (drilling, completion, equipment) or expense (operating costs of the period).';
comment on column api.cost_accounts.penalty_class is
    'How a non-consenting party''s share is recovered under the operating agreement: drilling_and_completion and '
    'equipment_in_well carry the penalty percentage, surface_equipment and operating are recovered at 100 %.';
comment on column api.cost_accounts.source is 'Where the classification comes from.';
grant select on api.cost_accounts to wellflow_user, wellflow_analyst;

-- Cost decks: the working-interest owners who bear a well's costs, each with its decimal share over
-- an effective date range. Costs are billed at 8/8ths and split by the deck in effect on the day a
-- cost was incurred, so for every day a well's deck covers, its decimals sum to exactly 1: a deck
-- change is written as lines ending and lines starting, in one transaction.
set local role wellflow_owner;

create table app.cost_decks (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    owner_company_id uuid not null,
    -- Working interests carry 8 places; the check refuses more instead of rounding them away.
    decimal_interest numeric not null
        constraint cost_decks_decimal_interest_check check (
            decimal_interest > 0 and decimal_interest <= 1 and decimal_interest = round(decimal_interest, 8)),
    effective_from date not null constraint cost_decks_effective_from_check check (app.is_sane_date(effective_from)),
    -- Last day in effect (inclusive); null while open-ended.
    effective_to date,
    -- An end before the start is clamped here so that the named check, not a range error, refuses it.
    effective daterange generated always as (daterange(
        effective_from, case when effective_to < effective_from then effective_from else effective_to end, '[]')) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint cost_decks_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint cost_decks_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint cost_decks_effective_to_check check (app.is_sane_date(effective_to) and effective_to >= effective_from),
    constraint cost_decks_effective_excl exclude using gist (
        organization_id with =, well_id with =, owner_company_id with =, effective with &&)
);
comment on table app.cost_decks is
    'Working-interest decimals per well and owner over an effective date range: who bears the well''s costs.';

create index cost_decks_well_id_idx on app.cost_decks (organization_id, well_id, effective_from);
create index cost_decks_owner_company_id_idx on app.cost_decks (organization_id, owner_company_id);

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

-- Deferred to commit, so a deck can be rewritten in several statements of one transaction.
create function app.cost_decks_check_sum() returns trigger
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

create constraint trigger cost_decks_check_sum after insert or update or delete on app.cost_decks
    deferrable initially deferred
    for each row execute function app.cost_decks_check_sum();
create trigger cost_decks_set_updated_at before update on app.cost_decks
    for each row execute function app.set_updated_at();
create trigger cost_decks_audit after insert or update or delete on app.cost_decks
    for each row execute function app.audit_change();
create trigger cost_decks_require_finance before insert or update or delete on app.cost_decks
    for each statement execute function app.require_org_role('finance_writers');

alter table app.cost_decks enable row level security;
alter table app.cost_decks force row level security;

create policy cost_decks_tenant_read on app.cost_decks
    for select
    using (organization_id = (select app.current_organization_id()));
create policy cost_decks_finance_insert on app.cost_decks
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy cost_decks_finance_update on app.cost_decks
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy cost_decks_finance_delete on app.cost_decks
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.cost_decks to wellflow_api;
grant select on app.cost_decks to wellflow_worker;
set local role wellflow_api;

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

-- Overhead the operator charges the joint account under the COPAS accounting procedure (Section III):
-- a fixed monthly rate per drilling well and per producing well, as dated rows per organization. The
-- procedure adjusts both rates every year by the percentage COPAS publishes; each adjusted rate is a
-- new row from its effective date (app.adjust_overhead_rates), so past months keep the rate they had.
set local role wellflow_owner;

create type app.overhead_well_kind as enum ('drilling', 'producing');

create table app.overhead_rates (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_kind app.overhead_well_kind not null,
    -- First month the rate applies; it stays in effect until a later row of the same kind.
    effective_from date not null
        constraint overhead_rates_effective_from_check check (effective_from = date_trunc('month', effective_from)
                                                              and app.is_sane_date(effective_from)),
    monthly_rate numeric not null
        constraint overhead_rates_monthly_rate_check check (app.is_money_amount(monthly_rate) and monthly_rate > 0
                                                            and monthly_rate < 1000000),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint overhead_rates_effective_from_key unique (organization_id, well_kind, effective_from)
);
comment on table app.overhead_rates is
    'COPAS fixed overhead rates per well and month, for drilling and for producing wells, dated.';

create trigger overhead_rates_set_updated_at before update on app.overhead_rates
    for each row execute function app.set_updated_at();
create trigger overhead_rates_audit after insert or update or delete on app.overhead_rates
    for each row execute function app.audit_change();
create trigger overhead_rates_require_finance before insert or update or delete on app.overhead_rates
    for each statement execute function app.require_org_role('finance_writers');

alter table app.overhead_rates enable row level security;
alter table app.overhead_rates force row level security;

create policy overhead_rates_tenant_read on app.overhead_rates
    for select
    using (organization_id = (select app.current_organization_id()));
create policy overhead_rates_finance_insert on app.overhead_rates
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy overhead_rates_finance_update on app.overhead_rates
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy overhead_rates_finance_delete on app.overhead_rates
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.overhead_rates to wellflow_api;
grant select on app.overhead_rates to wellflow_worker;

-- The yearly adjustment: each kind's rate in effect the month before, times (1 + percent / 100), to
-- the cent, from the given month on.
create function app.adjust_overhead_rates(effective_from date, percent numeric) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    written integer;
begin
    perform app.assert_org_role('adjust overhead rates', 'finance_writers');
    if effective_from is null or effective_from <> date_trunc('month', effective_from) or not app.is_sane_date(effective_from) then
        perform app.raise_error(400, 'WF_OVERHEAD_ADJUSTMENT_INPUT',
            format('effective_from must be the first day of a month; got %s', coalesce(effective_from::text, 'nothing')),
            'effective_from', 'COPAS adjustments usually take effect on April 1');
    end if;
    if percent is null or percent <= -100 or percent > 100 or percent <> round(percent, 2) then
        perform app.raise_error(400, 'WF_OVERHEAD_ADJUSTMENT_INPUT',
            format('percent must be above -100 and at most 100, with at most 2 decimals; got %s',
                   coalesce(percent::text, 'nothing')),
            'percent', 'The adjustment COPAS publishes, e.g. 3.5 for an increase of 3.5 %');
    end if;
    insert into app.overhead_rates (organization_id, well_kind, effective_from, monthly_rate)
    select org, r.well_kind, adjust_overhead_rates.effective_from, round(r.monthly_rate * (1 + percent / 100), 2)
      from (select distinct on (o.well_kind) o.well_kind, o.monthly_rate
              from app.overhead_rates o
             where o.organization_id = org and o.effective_from < adjust_overhead_rates.effective_from
             order by o.well_kind, o.effective_from desc) r
    on conflict on constraint overhead_rates_effective_from_key do update set monthly_rate = excluded.monthly_rate;
    get diagnostics written = row_count;
    if written = 0 then
        perform app.raise_error(404, 'WF_OVERHEAD_RATE_MISSING',
            format('No overhead rate is in effect before %s to adjust', effective_from), 'effective_from',
            'Add the first rates at /overhead_rates');
    end if;
end
$$;
comment on function app.adjust_overhead_rates(date, numeric) is
    'Writes each kind''s rate in effect before a month, adjusted by a percentage, as the rate from that month.';
grant execute on function app.adjust_overhead_rates(date, numeric) to wellflow_api;
set local role wellflow_api;

create view api.overhead_rates as
    select organization_id, id, well_kind, effective_from, monthly_rate, created_at, updated_at from app.overhead_rates;
alter view api.overhead_rates alter column organization_id set default app.current_organization_id();
comment on view api.overhead_rates is
    'COPAS overhead: a fixed monthly rate per drilling well and per producing well, each from a month on. The JIB run charges '
    'a well of a cost deck the drilling rate in a month between its spud and completion dates, else the producing rate in a '
    'month it produced; the charge is split by the deck like any cost. Everyone reads; owners, admins and accountants write.';
comment on column api.overhead_rates.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.overhead_rates.id is 'Rate id (UUID v7).';
comment on column api.overhead_rates.well_kind is 'drilling or producing.';
comment on column api.overhead_rates.effective_from is 'First month the rate applies (the first day of a month); it applies until a later row.';
comment on column api.overhead_rates.monthly_rate is 'US dollars per well and month, at 8/8ths.';
comment on column api.overhead_rates.created_at is 'When the rate was recorded.';
comment on column api.overhead_rates.updated_at is 'When it last changed.';
grant select on api.overhead_rates to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.overhead_rates to wellflow_user;

create function api.adjust_overhead_rates(effective_from date, percent numeric) returns setof api.overhead_rates
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.adjust_overhead_rates(effective_from, percent);
    return query select r.* from api.overhead_rates r where r.effective_from = adjust_overhead_rates.effective_from;
end
$$;
comment on function api.adjust_overhead_rates(date, numeric) is
    'The yearly COPAS adjustment: every rate in effect before effective_from (the first day of a month), times '
    '(1 + percent / 100) to the cent, becomes the rate from that month; answers the new rates. Owners, admins, accountants.';
grant execute on function api.adjust_overhead_rates(date, numeric) to wellflow_user;

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
    -- squawk-ignore prefer-bigint-over-int
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
    with csv_lines as materialized (
        select ordinality::int as line, app.csv_fields(rtrim(text_line, E'\r')) as fields
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> ''),
    input (line, item, f) as (
        select line, case when cardinality(fields) <> layout.header_width
                          then jsonb_build_object('_columns', cardinality(fields)) end,
               array(select nullif(btrim(fields[p]), '') from unnest(layout.positions) with ordinality as x (p, n) order by n)
          from csv_lines
        union all
        select ordinality::int, case when jsonb_typeof(value) <> 'object' then value end,
               array(select nullif(btrim(value ->> k), '') from unnest(columns) with ordinality as x (k, n) order by n)
          from jsonb_array_elements(case when jsonb_typeof(rows) = 'array' then rows end) with ordinality),
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
    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
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
    -- Written by app.create_jib_run from its own sums: counts of one month's transactions and wells.
    -- squawk-ignore prefer-bigint-over-int
    transactions_billed integer not null default 0,
    -- squawk-ignore prefer-bigint-over-int
    transactions_held integer not null default 0,
    -- squawk-ignore prefer-bigint-over-int
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
    -- Counted on from the organization's highest: one a month per partner.
    -- squawk-ignore prefer-bigint-over-int
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
    -- The size of one invoice's file.
    -- squawk-ignore prefer-bigint-over-int
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

commit;
