-- Revenue distribution: one well, month and product, split among the owners of the deck in
-- effect on the first day of the month. Each owner's gross is the sales value x decimal, taxed per
-- component on its taxable value, less its share of the deductions it bears; every amount is
-- rounded to the cent and the rounding residue goes to the operator, so the owners add up exactly
-- to the well. While a working-interest owner recoups a non-consent operation on the well
-- (app.recoupment_accounts), its net revenue is withheld up to the account's balance and paid to the
-- operation's participants instead (recoupment_amount, summing to zero over the distribution).
-- Owners in suspense accrue their net in suspense. A draft is replaced by re-running it; an
-- approved distribution never changes.
set local role wellflow_owner;

create type app.distribution_status as enum ('draft', 'approved');
-- Where a distribution's volume and price come from: the month's sales statements (owners are
-- paid on what was sold), or, chosen explicitly, the month's production at a given price, or a
-- volume and price entered by hand.
create type app.volume_source as enum ('sales_statements', 'production', 'entered');

create table app.revenue_distributions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    sales_month date not null constraint revenue_distributions_sales_month_check check (sales_month = date_trunc('month', sales_month) and app.is_sane_date(sales_month)),
    product app.sales_product not null,
    -- 0 for the month's distribution; each correction after approval is the next revision, an
    -- adjustment whose amounts are the differences from what the approved revisions paid.
    revision integer not null default 0
        constraint revenue_distributions_revision_check check (revision between 0 and 999),
    status app.distribution_status not null default 'draft',
    volume_source app.volume_source not null default 'sales_statements',
    -- Written only by app.distribute_revenue, which validates its inputs first, so typmods here
    -- never round anything a user typed.
    volume numeric(14,3) not null,
    heat_content_mmbtu numeric(14,3),
    price numeric(14,4) not null,
    severance_tax_rate numeric(10,8) not null,
    severance_tax_per_unit numeric(12,6) not null,
    gross_value numeric(14,2) not null,
    severance_tax numeric(14,2) not null,
    other_deductions numeric(14,2) not null,
    net_value numeric(14,2) not null,
    residue_company_id uuid not null,
    calculated_by uuid references app.users (id),
    calculated_at timestamptz not null default clock_timestamp(),
    approved_by uuid references app.users (id),
    approved_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint revenue_distributions_well_id_key unique (organization_id, well_id, sales_month, product, revision),
    constraint revenue_distributions_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id),
    constraint revenue_distributions_residue_company_id_fkey foreign key (organization_id, residue_company_id)
        references app.companies (organization_id, id),
    constraint revenue_distributions_net_value_check check (net_value = gross_value - severance_tax - other_deductions)
);
comment on table app.revenue_distributions is 'Revenue of one well, month and product with its totals; the owner lines add up to them exactly.';

create table app.revenue_distribution_lines (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    distribution_id uuid not null,
    division_order_id uuid not null,
    owner_company_id uuid not null,
    interest_type app.interest_type not null,
    decimal_interest numeric(10,8) not null,
    -- Whether the owner bore a share of the deductions, and whether its royalty was exempt from every tax component.
    bears_deductions boolean not null default true,
    tax_exempt boolean not null default false,
    gross_value numeric(14,2) not null,
    severance_tax numeric(14,2) not null,
    other_deductions numeric(14,2) not null,
    net_value numeric(14,2) not null,
    -- Cents this line took so the owners add up to the well's totals (the operator's line only).
    gross_residue numeric(14,2) not null default 0,
    tax_residue numeric(14,2) not null default 0,
    deductions_residue numeric(14,2) not null default 0,
    pay_status app.pay_status not null,
    suspense_reason app.suspense_reason,
    payable_amount numeric(14,2) generated always as (case when pay_status = 'pay' then net_value else 0 end) stored,
    suspense_amount numeric(14,2) generated always as (case when pay_status = 'suspense' then net_value else 0 end) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    -- Non-consent recoupment: withheld from a recouping owner (negative), paid to the participants
    -- who carried it (positive); zero over the distribution.
    recoupment_amount numeric(14,2) not null default 0,
    primary key (organization_id, id),
    constraint revenue_distribution_lines_division_order_id_key unique (organization_id, distribution_id, division_order_id),
    constraint revenue_distribution_lines_distribution_id_fkey foreign key (organization_id, distribution_id)
        references app.revenue_distributions (organization_id, id) on delete cascade,
    constraint revenue_distribution_lines_division_order_id_fkey foreign key (organization_id, division_order_id)
        references app.division_orders (organization_id, id),
    constraint revenue_distribution_lines_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint revenue_distribution_lines_net_value_check check (
        net_value = gross_value - severance_tax - other_deductions + recoupment_amount),
    constraint revenue_distribution_lines_suspense_reason_check check ((pay_status = 'suspense') = (suspense_reason is not null))
);
comment on table app.revenue_distribution_lines is 'One owner''s share of a revenue distribution, payable or in suspense.';

create index revenue_distributions_sales_month_idx on app.revenue_distributions (organization_id, sales_month);
create index revenue_distribution_lines_distribution_id_idx on app.revenue_distribution_lines (organization_id, distribution_id);
create index revenue_distribution_lines_owner_company_id_idx on app.revenue_distribution_lines (organization_id, owner_company_id);
create index revenue_distribution_lines_division_order_id_idx on app.revenue_distribution_lines (organization_id, division_order_id);

-- An approved distribution and its lines are immutable, for superusers too. Security invoker:
-- only the engine (inside the tenant's claims) and superusers (past RLS) write these tables, and
-- both must see the distribution the line belongs to.
create function app.refuse_approved_distribution(distribution_status app.distribution_status) returns void
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if distribution_status = 'approved' then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            'An approved revenue distribution cannot change', 'status',
            'Recalculate the month: the differences become an adjustment (the next revision)');
    end if;
end
$$;
comment on function app.refuse_approved_distribution(app.distribution_status) is
    'Raises WF_DISTRIBUTION_APPROVED (409) for an approved distribution; the guards of distributions and lines call it.';
grant execute on function app.refuse_approved_distribution(app.distribution_status)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_auth;

create function app.revenue_distributions_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    perform app.refuse_approved_distribution(old.status);
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.revenue_distributions_guard() is 'Trigger: an approved revenue distribution is immutable.';

-- The lines' guard runs once per statement over its transition tables: the engine writes a month's
-- lines in one statement, and a per-row lookup of each line's distribution cost more than the write.
-- Each distinct distribution is probed by primary key, whatever the statistics of a table just
-- written (one empty at its last ANALYZE would be planned as one to scan: no sequential scans here).
-- (A line's distribution exists: the foreign key says so.)
create function app.revenue_distribution_lines_guard_new() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_distribution(
        (select 'approved'::app.distribution_status
           from (select distinct l.organization_id, l.distribution_id from new_lines l) l
          where (select d.status from app.revenue_distributions d
                  where d.organization_id = l.organization_id and d.id = l.distribution_id) = 'approved'
          limit 1));
    return null;
end
$$;
comment on function app.revenue_distribution_lines_guard_new() is
    'Statement trigger (new_lines): no line is written into an approved distribution.';

create function app.revenue_distribution_lines_guard_old() returns trigger
language plpgsql
set search_path = pg_catalog, app
set enable_seqscan = off
as $$
begin
    perform app.refuse_approved_distribution(
        (select 'approved'::app.distribution_status
           from (select distinct l.organization_id, l.distribution_id from old_lines l) l
          where (select d.status from app.revenue_distributions d
                  where d.organization_id = l.organization_id and d.id = l.distribution_id) = 'approved'
          limit 1));
    return null;
end
$$;
comment on function app.revenue_distribution_lines_guard_old() is
    'Statement trigger (old_lines): no line of an approved distribution is changed or deleted.';

create trigger revenue_distributions_guard before update or delete on app.revenue_distributions
    for each row execute function app.revenue_distributions_guard();
create trigger revenue_distribution_lines_guard_insert after insert on app.revenue_distribution_lines
    referencing new table as new_lines
    for each statement execute function app.revenue_distribution_lines_guard_new();
create trigger revenue_distribution_lines_guard_update_new after update on app.revenue_distribution_lines
    referencing new table as new_lines
    for each statement execute function app.revenue_distribution_lines_guard_new();
create trigger revenue_distribution_lines_guard_update_old after update on app.revenue_distribution_lines
    referencing old table as old_lines
    for each statement execute function app.revenue_distribution_lines_guard_old();
create trigger revenue_distribution_lines_guard_delete after delete on app.revenue_distribution_lines
    referencing old table as old_lines
    for each statement execute function app.revenue_distribution_lines_guard_old();
create trigger revenue_distributions_set_updated_at before update on app.revenue_distributions
    for each row execute function app.set_updated_at();
create trigger revenue_distribution_lines_set_updated_at before update on app.revenue_distribution_lines
    for each row execute function app.set_updated_at();
-- A month writes thousands of distributions and lines in one statement: audited per statement,
-- one audit row per distribution.
create trigger revenue_distributions_audit_insert after insert on app.revenue_distributions
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('id');
create trigger revenue_distributions_audit_update after update on app.revenue_distributions
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('id');
create trigger revenue_distributions_audit_delete after delete on app.revenue_distributions
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('id');
create trigger revenue_distribution_lines_audit_insert after insert on app.revenue_distribution_lines
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('distribution_id');
create trigger revenue_distribution_lines_audit_update after update on app.revenue_distribution_lines
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('distribution_id');
create trigger revenue_distribution_lines_audit_delete after delete on app.revenue_distribution_lines
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('distribution_id');
create trigger revenue_distributions_require_finance before insert or update or delete on app.revenue_distributions
    for each statement execute function app.require_org_role('finance_writers');
create trigger revenue_distribution_lines_require_finance before insert or update or delete on app.revenue_distribution_lines
    for each statement execute function app.require_org_role('finance_writers');

alter table app.revenue_distributions enable row level security;
alter table app.revenue_distributions force row level security;
create trigger revenue_distributions_stamp_actor before insert or update of calculated_by, approved_by on app.revenue_distributions
    for each row execute function app.stamp_actor('calculated_by', 'approved_by');
alter table app.revenue_distribution_lines enable row level security;
alter table app.revenue_distribution_lines force row level security;

create policy revenue_distributions_tenant_read on app.revenue_distributions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy revenue_distributions_finance_insert on app.revenue_distributions
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy revenue_distributions_finance_update on app.revenue_distributions
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy revenue_distributions_finance_delete on app.revenue_distributions
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));
create policy revenue_distribution_lines_tenant_read on app.revenue_distribution_lines
    for select
    using (organization_id = (select app.current_organization_id()));
create policy revenue_distribution_lines_finance_insert on app.revenue_distribution_lines
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy revenue_distribution_lines_finance_update on app.revenue_distribution_lines
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy revenue_distribution_lines_finance_delete on app.revenue_distribution_lines
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.revenue_distributions, app.revenue_distribution_lines to wellflow_api;
grant select on app.revenue_distributions, app.revenue_distribution_lines to wellflow_worker;

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
create function app.distribute_revenue_inputs(org uuid, first_day date, raise_failure boolean) returns jsonb
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
    perform 'PRAGMA:TABLE: distribution_recoupment (distribution_id uuid, recoupment_account_id uuid, '
            'owner_company_id uuid, interest_type app.interest_type, amount numeric)';
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

    -- Non-consent recoupment, on the month's first distributions (an adjustment moves none): a
    -- working-interest owner recouping on the well, in a month from the operation's start on, has its
    -- net withheld up to what the account has left to recover (its approved charges less every
    -- recovery, draft ones of other distributions included, so two drafts never recover the same
    -- balance twice; one account at a time, the oldest; in order of the distributions when one account
    -- recovers from several). The participants of that AFE with a working-interest line in the same
    -- distribution get it in proportion to their interests, the cents' residue to the operator, else
    -- the largest; with none of them on the deck, the distribution's residue line gets it. The open
    -- accounts are locked, so concurrent distributions take their turns.
    perform 1 from app.recoupment_accounts ra where ra.organization_id = org and ra.paid_out_month is null for update;
    create temporary table if not exists distribution_recoupment (
        distribution_id uuid, recoupment_account_id uuid, owner_company_id uuid, interest_type app.interest_type,
        amount numeric) on commit drop;
    truncate distribution_recoupment;
    insert into distribution_recoupment
    with accounts as (
        select distinct on (l.distribution_id, l.owner_company_id)
               l.distribution_id, l.owner_company_id, o.recoupment_account_id, o.afe_id,
               o.balance - coalesce((select sum(e.amount) from app.recoupment_entries e
                                       join app.revenue_distributions d on d.organization_id = e.organization_id
                                                                       and d.id = e.distribution_id
                                      where e.organization_id = org and e.recoupment_account_id = o.recoupment_account_id
                                        and d.status = 'draft'
                                        and d.id not in (select k.latest_id from distribution_keys k
                                                          where k.latest_status = 'draft' and k.code is null)), 0)
                   as balance,
               l.gross - l.tax - l.deductions as net
          from distribution_lines l
          join distribution_keys k on k.distribution_id = l.distribution_id and k.revision = 0 and k.code is null
          join app.open_recoupment_accounts(org) o on o.well_id = k.well_id and o.company_id = l.owner_company_id
         where l.interest_type = 'wi' and o.balance > 0
           and o.starts_on < first_day + interval '1 month'
         order by l.distribution_id, l.owner_company_id, o.opened_on, o.recoupment_account_id)
    select a.distribution_id, a.recoupment_account_id, a.owner_company_id, 'wi'::app.interest_type,
           -least(greatest(a.net, 0),
                  greatest(a.balance - coalesce(sum(greatest(a.net, 0)) over (partition by a.recoupment_account_id
                                                                                order by a.distribution_id
                                                                                rows between unbounded preceding
                                                                                         and 1 preceding), 0), 0))
      from accounts a;
    delete from distribution_recoupment r where r.amount = 0;
    insert into distribution_recoupment
    with withheld as (
        select r.distribution_id, r.recoupment_account_id, -r.amount as amount, ra.afe_id
          from distribution_recoupment r
          join app.recoupment_accounts ra on ra.organization_id = org and ra.id = r.recoupment_account_id),
    recipients as (
        select w.distribution_id, w.recoupment_account_id, w.amount, e.company_id, 'wi'::app.interest_type as interest_type,
               p.working_interest, e.company_id = k.operator_company_id as is_operator
          from withheld w
          join distribution_keys k on k.distribution_id = w.distribution_id
          join app.afe_elections e on e.organization_id = org and e.afe_id = w.afe_id and e.election = 'participate'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
         where exists (select from distribution_lines l
                        where l.distribution_id = w.distribution_id and l.owner_company_id = e.company_id
                          and l.interest_type = 'wi')
        union all
        select w.distribution_id, w.recoupment_account_id, w.amount, d.owner_company_id, d.interest_type, 1, true
          from withheld w
          join distribution_keys k on k.distribution_id = w.distribution_id
          join distribution_deck d on d.well_id = k.well_id and d.product = k.product and d.is_residue
         where not exists (select from app.afe_elections e
                             join distribution_lines l on l.distribution_id = w.distribution_id
                                                      and l.owner_company_id = e.company_id and l.interest_type = 'wi'
                            where e.organization_id = org and e.afe_id = w.afe_id and e.election = 'participate')),
    shares as (
        select r.*, round(r.amount * r.working_interest / sum(r.working_interest) over account, 2) as share,
               row_number() over (partition by r.distribution_id, r.recoupment_account_id
                                  order by r.is_operator desc, r.working_interest desc, r.company_id) as rank
          from recipients r
        window account as (partition by r.distribution_id, r.recoupment_account_id))
    select s.distribution_id, s.recoupment_account_id, s.company_id, s.interest_type,
           s.share + case when s.rank = 1 then s.amount - sum(s.share) over account else 0 end
      from shares s
    window account as (partition by s.distribution_id, s.recoupment_account_id);

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
                                                tax_residue, deductions_residue, pay_status, suspense_reason,
                                                recoupment_amount)
    select org, l.distribution_id, l.division_order_id, l.owner_company_id, l.interest_type, l.decimal_interest,
           l.bears_deductions, l.tax_exempt, l.gross, l.tax, l.deductions,
           l.gross - l.tax - l.deductions + coalesce(r.amount, 0), l.gross_residue, l.tax_residue, l.deductions_residue,
           l.pay_status, l.suspense_reason, coalesce(r.amount, 0)
      from distribution_lines l
      left join (select r.distribution_id, r.owner_company_id, r.interest_type, sum(r.amount) as amount
                   from distribution_recoupment r group by r.distribution_id, r.owner_company_id, r.interest_type) r
             on r.distribution_id = l.distribution_id and r.owner_company_id = l.owner_company_id
            and r.interest_type = l.interest_type;
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.recoupment_entries (organization_id, recoupment_account_id, entry_kind, distribution_id, amount)
    select org, r.recoupment_account_id, 'recovery', r.distribution_id, -r.amount
      from distribution_recoupment r where r.amount < 0;
    perform set_config('wellflow.afe_workflow', '', true);

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

-- The month's sales statements as the engine's inputs, one row per well and product (several
-- purchasers add up; the price is then the average per unit).
create function app.distribution_inputs_from_sales(org uuid, first_day date, only_well uuid default null,
                                                   only_product app.sales_product default null) returns integer
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    loaded integer;
begin
    -- plpgsql_check cannot see distribution_inputs, which app.distribution_inputs_prepare creates; the pragma describes it.
    perform 'PRAGMA:TABLE: distribution_inputs (well_id uuid, product app.sales_product, '
            'volume_source app.volume_source, volume numeric, heat_content_mmbtu numeric, price numeric, '
            'gross_value numeric, deductions numeric[])';
    perform app.distribution_inputs_prepare();
    insert into distribution_inputs
    select s.well_id, s.product, 'sales_statements', sum(s.sold_volume), sum(s.heat_content_mmbtu),
           case when count(*) = 1 then min(s.price)
                else round(sum(s.gross_value)
                           / nullif(sum(case when s.price_basis = 'mmbtu' then s.heat_content_mmbtu else s.sold_volume end), 0),
                           4) end,
           sum(s.gross_value),
           array[sum(s.transportation_deduction), sum(s.gathering_deduction), sum(s.compression_deduction),
                 sum(s.dehydration_deduction), sum(s.treating_deduction), sum(s.marketing_deduction),
                 sum(s.other_deduction)]
      from app.sales_statements s
     where s.organization_id = org and s.sales_month = first_day
       and (only_well is null or s.well_id = only_well) and (only_product is null or s.product = only_product)
     group by s.well_id, s.product;
    get diagnostics loaded = row_count;
    return loaded;
end
$$;
comment on function app.distribution_inputs_from_sales(uuid, date, uuid, app.sales_product) is
    'Loads the month''s sales statements (optionally one well and product) into distribution_inputs; answers the rows loaded.';

create function app.distribution_inputs_prepare() returns void
language plpgsql volatile
set search_path = pg_catalog, app
as $$
begin
    create temporary table if not exists distribution_inputs (
        well_id uuid, product app.sales_product, volume_source app.volume_source, volume numeric,
        heat_content_mmbtu numeric, price numeric, gross_value numeric, deductions numeric[]) on commit drop;
    truncate distribution_inputs;
end
$$;
comment on function app.distribution_inputs_prepare() is
    'Creates (or empties) distribution_inputs: per well and product, the volume, price, gross and deductions in '
    'app.deduction_type order.';

-- Refuses a value with a stable code naming the field: negative, or more decimals than allowed.
create function app.require_amount(value numeric, field text, scale integer, required boolean default true,
                                   below numeric default 1e12)
returns void
language plpgsql immutable
set search_path = pg_catalog, app
as $$
begin
    if value is null and required then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', format('%s is required', field), field, null);
    elsif value < 0 or value <> round(value, scale) or value >= below then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
            format('%s must be at least 0 and below %s, with at most %s decimals; got %s', field,
                   to_char(below, 'FM999,999,999,999'), scale, value),
            field, null);
    end if;
end
$$;
comment on function app.require_amount(numeric, text, integer, boolean, numeric) is
    'Refuses a missing, negative, too large or too precise input with 400 WF_DISTRIBUTION_INPUT naming the field.';

-- The month a distribution is for: one that has begun.
create function app.distribution_month(sales_month date) returns date
language plpgsql stable
set search_path = pg_catalog, app
as $$
begin
    if sales_month is null or not app.is_sane_date(sales_month)
       or date_trunc('month', sales_month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
            format('sales_month must be a month that has begun; got %s', coalesce(sales_month::text, 'nothing')),
            'sales_month', null);
    end if;
    return date_trunc('month', sales_month)::date;
end
$$;
comment on function app.distribution_month(date) is 'The first day of a sales month that has begun; 400 for any other.';

-- One well, month and product. The volume and price come from the month's sales statements
-- unless the caller chooses otherwise: production (the month's produced volume at a given price)
-- or entered (a volume and price given here); the distribution records the choice.
create function app.distribute_revenue(well_id uuid, sales_month date, product app.sales_product,
                                       volume_source app.volume_source, price numeric, volume numeric,
                                       other_deductions numeric)
returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    well app.wells;
    first_day date;
    loaded integer;
begin
    -- plpgsql_check cannot see distribution_inputs, which app.distribution_inputs_prepare creates; the pragma describes it.
    perform 'PRAGMA:TABLE: distribution_inputs (well_id uuid, product app.sales_product, '
            'volume_source app.volume_source, volume numeric, heat_content_mmbtu numeric, price numeric, '
            'gross_value numeric, deductions numeric[])';
    perform app.assert_org_role('calculate revenue distributions', 'finance_writers');
    if product is null then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'product is oil, gas, ngl or condensate', 'product', null);
    end if;
    first_day := app.distribution_month(sales_month);
    select * into well from app.wells w where w.organization_id = org and w.id = distribute_revenue.well_id;
    if not found then
        perform app.raise_error(404, 'WF_WELL_NOT_FOUND', format('No well %s in this organization', well_id), 'well_id', null);
    end if;

    if coalesce(volume_source, 'sales_statements') = 'sales_statements' then
        if coalesce(price, volume, other_deductions) is not null then
            perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
                format('%s comes from the sales statements', case when price is not null then 'price'
                       when volume is not null then 'volume' else 'other_deductions' end),
                case when price is not null then 'price' when volume is not null then 'volume' else 'other_deductions' end,
                'Import the statements at /rpc/import_sales_statements, or choose volume_source production or entered');
        end if;
        loaded := app.distribution_inputs_from_sales(org, first_day, well.id, distribute_revenue.product);
        if loaded = 0 then
            perform app.raise_error(422, 'WF_DISTRIBUTION_NO_SALES',
                format('%s has no %s sales statement for %s', well.name, product, to_char(first_day, 'YYYY-MM')),
                'sales_month', 'Import them at /rpc/import_sales_statements, or choose volume_source production');
        end if;
    else
        perform app.require_amount(price, 'price', 4, true, 1e6);
        perform app.require_amount(other_deductions, 'other_deductions', 2, false);
        if volume_source = 'production' then
            if volume is not null then
                perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'volume comes from the month''s production', 'volume',
                    'Choose volume_source entered to give a volume');
            end if;
            if product = 'ngl' then
                perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'Production records no NGL volume', 'product',
                    'Distribute NGLs from sales statements');
            end if;
            -- The month's allocated volume where the month is allocated, else the daily production's sum.
            select coalesce(
                       (select sum(a.allocated_volume) from app.allocations a
                         where a.organization_id = org and a.well_id = well.id and a.month = first_day
                           and a.product::text = app.base_product(distribute_revenue.product)::text),
                       (select case when app.base_product(distribute_revenue.product) = 'oil' then m.oil_bbl else m.gas_mcf end
                          from app.production_monthly_wells m
                         where m.organization_id = org and m.well_id = well.id and m.month = first_day))
              into volume;
            if volume is null then
                perform app.raise_error(422, 'WF_DISTRIBUTION_NO_VOLUME',
                    format('%s has no production for %s', well.name, to_char(first_day, 'YYYY-MM')), 'volume',
                    'Choose volume_source entered to give the sold volume');
            end if;
        else
            perform app.require_amount(volume, 'volume', 3, true, 1e10);
        end if;
        if volume * price >= 1e12 then
            perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
                format('volume x price is %s, above what one distribution holds (below 1,000,000,000,000)', volume * price),
                'price', null);
        end if;
        perform app.distribution_inputs_prepare();
        insert into distribution_inputs
        values (well.id, distribute_revenue.product, volume_source, volume, null, price, round(volume * price, 2),
                array[0, 0, 0, 0, 0, 0, coalesce(other_deductions, 0)]);
    end if;

    if (app.distribute_revenue_inputs(org, first_day, true) ->> 'unchanged')::integer > 0 then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            format('The %s distribution of %s for %s is approved, and recalculating it changes no owner''s amounts: '
                   'there is nothing to adjust', product, well.name, to_char(first_day, 'YYYY-MM')),
            'sales_month', 'Correct the sales statement, price, volume or deck first');
    end if;
    return (select d.id from app.revenue_distributions d
             where d.organization_id = org and d.well_id = well.id and d.sales_month = first_day
               and d.product = distribute_revenue.product
             order by d.revision desc limit 1);
end
$$;
comment on function app.distribute_revenue(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric) is
    'Calculates (or recalculates, while draft) one well-month-product distribution, or its adjustment once approved; '
    'returns the id of the revision written.';

-- Every well and product with sales statements in the month, in one run; what cannot be
-- distributed is listed with its reason and the rest is written.
create function app.distribute_revenue_month(sales_month date) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    first_day date;
begin
    perform app.assert_org_role('calculate revenue distributions', 'finance_writers');
    first_day := app.distribution_month(sales_month);
    perform app.distribution_inputs_from_sales(org, first_day);
    return app.distribute_revenue_inputs(org, first_day, false);
end
$$;
comment on function app.distribute_revenue_month(date) is
    'Distributes every well and product with sales statements in the month; answers {distributed, failed}.';

create function app.approve_revenue_distribution(distribution_id uuid) returns uuid
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
    perform app.settle_recoupment_payouts(approved);
    return approved;
end
$$;
comment on function app.approve_revenue_distribution(uuid) is
    'draft -> approved; an approved distribution is immutable. A recoupment account it recovered the rest of pays out.';

grant execute on function app.distribute_revenue(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric),
    app.distribute_revenue_month(date), app.approve_revenue_distribution(uuid) to wellflow_api;
set local role wellflow_api;

create view api.afe_line_items as
    select organization_id, id, afe_id, category, cost_code, description, estimated_amount, actual_amount, variance,
           created_at, updated_at
      from app.afe_line_items;
alter view api.afe_line_items alter column organization_id set default app.current_organization_id();
comment on view api.afe_line_items is
    'AFE cost lines. Estimates change while the AFE is a draft; actual spend is recorded on approved AFEs by accountants, admins and owners, '
    'and is refused beyond the approved total plus the overrun allowance (WF_AFE_OVERRUN).';
comment on column api.afe_line_items.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afe_line_items.id is 'Line item id (UUID v7).';
comment on column api.afe_line_items.afe_id is 'The AFE (see /afes).';
comment on column api.afe_line_items.category is
    'intangible_drilling, tangible_drilling, intangible_completion, tangible_completion, facilities or contingency.';
comment on column api.afe_line_items.cost_code is 'Cost code from the chart of accounts, up to 32 characters.';
comment on column api.afe_line_items.description is 'What the line covers, 1-500 characters.';
comment on column api.afe_line_items.estimated_amount is 'Estimated cost in US dollars, >= 0, at most 2 decimals.';
comment on column api.afe_line_items.actual_amount is
    'A manual accrual of actual cost not yet invoiced, US dollars, >= 0, at most 2 decimals (invoices are /cost_transactions).';
comment on column api.afe_line_items.variance is 'actual_amount - estimated_amount.';
comment on column api.afe_line_items.created_at is 'When the line was created.';
comment on column api.afe_line_items.updated_at is 'When the line was last changed.';

create view api.afe_approvals as
    select organization_id, id, afe_id, company_id, working_interest, decision, comment, decided_by, decided_at,
           created_at, updated_at
      from app.afe_approvals;
alter view api.afe_approvals alter column organization_id set default app.current_organization_id();
comment on view api.afe_approvals is
    'Participants of an AFE with their working interest (summing to 1 at submission) and decision; decisions through /rpc/decide_afe.';
comment on column api.afe_approvals.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afe_approvals.id is 'Approval id (UUID v7).';
comment on column api.afe_approvals.afe_id is 'The AFE (see /afes).';
comment on column api.afe_approvals.company_id is 'The participating company (see /companies), once per AFE.';
comment on column api.afe_approvals.working_interest is 'Its working interest in the AFE, in (0, 1] with 8 decimals.';
comment on column api.afe_approvals.decision is 'pending, approve or reject.';
comment on column api.afe_approvals.comment is 'Why, required to reject.';
comment on column api.afe_approvals.decided_by is 'The user who recorded the decision.';
comment on column api.afe_approvals.decided_at is 'When the decision was recorded.';
comment on column api.afe_approvals.created_at is 'When the participant was added.';
comment on column api.afe_approvals.updated_at is 'When the row last changed.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.revenue_distributions as
    with readable as (
        select organization_id, id, well_id, sales_month, product, revision, revision > 0 as is_adjustment, status,
               volume_source, volume, heat_content_mmbtu,
               price, severance_tax_rate, severance_tax_per_unit, gross_value, severance_tax, other_deductions, net_value,
               residue_company_id, calculated_by, calculated_at, approved_by, approved_at
          from app.revenue_distributions)
    select * from readable;
comment on view api.revenue_distributions is
    'Revenue of one well, month and product; calculated by /rpc/distribute_revenue_month or /rpc/calculate_revenue_distribution, '
    'approved by /rpc/approve_revenue_distribution.';
comment on column api.revenue_distributions.organization_id is 'The organization.';
comment on column api.revenue_distributions.id is 'Distribution id (UUID v7).';
comment on column api.revenue_distributions.well_id is 'The well (see /wells).';
comment on column api.revenue_distributions.sales_month is 'First day of the sales month.';
comment on column api.revenue_distributions.product is 'oil, gas, ngl or condensate.';
comment on column api.revenue_distributions.revision is
    '0 for the month''s distribution; 1, 2, ... for the adjustments made by recalculating it after approval.';
comment on column api.revenue_distributions.is_adjustment is
    'true for an adjustment: its amounts and lines are the differences from the approved revisions before it; volume and '
    'price are the restated ones.';
comment on column api.revenue_distributions.status is 'draft (recalculating replaces it) or approved (immutable).';
comment on column api.revenue_distributions.volume_source is
    'Where volume and price come from: sales_statements (the default), production (the month''s produced volume at a given '
    'price) or entered (both given by hand).';
comment on column api.revenue_distributions.volume is 'Volume sold: barrels of oil, condensate or NGL, or mcf of gas.';
comment on column api.revenue_distributions.heat_content_mmbtu is 'Heat content sold, MMBtu, when the statements give it.';
comment on column api.revenue_distributions.price is
    'Price per unit in US dollars: the statement''s, or the average per unit over several purchasers.';
comment on column api.revenue_distributions.severance_tax_rate is 'Sum of the state''s value-based severance tax components.';
comment on column api.revenue_distributions.severance_tax_per_unit is 'Sum of the state''s per-unit severance tax components.';
comment on column api.revenue_distributions.gross_value is 'The sales value (the statements'' gross values), to the cent.';
comment on column api.revenue_distributions.severance_tax is
    'Severance tax: each owner''s taxable value x each component''s rate, exempt royalty untaxed, summed and rounded to the cent.';
comment on column api.revenue_distributions.other_deductions is 'Post-production deductions of every type (see /sales_statements).';
comment on column api.revenue_distributions.net_value is 'gross_value - severance_tax - other_deductions; the owner lines add up to it exactly.';
comment on column api.revenue_distributions.residue_company_id is 'The operator, whose line takes the rounding residue.';
comment on column api.revenue_distributions.calculated_by is 'The user who ran the calculation.';
comment on column api.revenue_distributions.calculated_at is 'When it was calculated.';
comment on column api.revenue_distributions.approved_by is 'The user who approved it.';
comment on column api.revenue_distributions.approved_at is 'When it was approved.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.revenue_distribution_lines as
    with readable as (
        select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
               bears_deductions, tax_exempt,
               gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
               pay_status, suspense_reason,
               payable_amount, suspense_amount, recoupment_amount
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
comment on column api.revenue_distribution_lines.net_value is 'gross_value - severance_tax - other_deductions + recoupment_amount.';
comment on column api.revenue_distribution_lines.gross_residue is 'Cents of gross value this line took so the owners add up to the well; non-zero only for the operator.';
comment on column api.revenue_distribution_lines.tax_residue is 'Cents of severance tax this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.deductions_residue is 'Cents of other deductions this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.pay_status is 'pay or suspense.';
comment on column api.revenue_distribution_lines.suspense_reason is 'Why the amount is held (from the division order, or missing_tax_id when the owner has none).';
comment on column api.revenue_distribution_lines.payable_amount is 'net_value when paid, else 0.';
comment on column api.revenue_distribution_lines.suspense_amount is 'net_value when held in suspense, else 0.';
comment on column api.revenue_distribution_lines.recoupment_amount is
    'Non-consent recoupment: withheld from an owner recouping a non-consent operation on the well (negative, up to its '
    'balance at /recoupment_accounts), paid to the operation''s participants (positive); zero over the distribution.';

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
           coalesce(settings.statement_email, operator.contact_email) as operator_email,
           l.recoupment_amount
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
comment on column api.owner_statements.owner_net_value is 'Owner net value, after non-consent recoupment.';
comment on column api.owner_statements.recoupment_amount is
    'Non-consent recoupment in the owner net value: withheld (negative) or received as a participant (positive).';
comment on column api.owner_statements.pay_status is 'pay or suspense.';
comment on column api.owner_statements.suspense_reason is 'Why the amount is held.';
comment on column api.owner_statements.payable_amount is 'Amount payable now.';
comment on column api.owner_statements.suspense_amount is 'Amount added to suspense.';
comment on column api.owner_statements.operator_name is 'The operator.';
comment on column api.owner_statements.operator_contact_name is 'Who to contact about the payment (finance settings).';
comment on column api.owner_statements.operator_address is 'Address to write to (finance settings).';
comment on column api.owner_statements.operator_phone is 'Phone number to call: the finance settings'' number, else the operator company''s.';
comment on column api.owner_statements.operator_email is 'E-mail: the finance settings'' address, else the operator company''s.';

create view api.owner_suspense_balances as
    select l.organization_id, l.owner_company_id, c.name as owner_name, sum(l.suspense_amount)::numeric(14,2) as suspense_balance,
           count(*) as lines, min(d.sales_month) as oldest_sales_month, max(d.sales_month) as latest_sales_month,
           array_agg(distinct l.suspense_reason order by l.suspense_reason) as reasons
      from app.revenue_distribution_lines l
      join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
      join app.companies c on c.organization_id = l.organization_id and c.id = l.owner_company_id
     where l.pay_status = 'suspense' and d.status = 'approved'
     group by l.organization_id, l.owner_company_id, c.name;
comment on view api.owner_suspense_balances is 'Money held in suspense per owner, from approved distributions: accrued, never paid out.';
comment on column api.owner_suspense_balances.organization_id is 'The organization.';
comment on column api.owner_suspense_balances.owner_company_id is 'The owner (see /companies).';
comment on column api.owner_suspense_balances.owner_name is 'Owner name.';
comment on column api.owner_suspense_balances.suspense_balance is 'Total held, US dollars.';
comment on column api.owner_suspense_balances.lines is 'Number of distribution lines held.';
comment on column api.owner_suspense_balances.oldest_sales_month is 'Earliest sales month held.';
comment on column api.owner_suspense_balances.latest_sales_month is 'Latest sales month held.';
comment on column api.owner_suspense_balances.reasons is 'Suspense reasons involved.';

create function api.calculate_revenue_distribution(well_id uuid, sales_month date, product app.sales_product,
                                                   volume_source app.volume_source default 'sales_statements',
                                                   price numeric default null, volume numeric default null,
                                                   other_deductions numeric default null)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    distribution_id uuid := app.distribute_revenue(well_id, sales_month, product, volume_source, price, volume,
                                                   other_deductions);
begin
    return (select to_jsonb(d) || jsonb_build_object('lines',
                       (select jsonb_agg(to_jsonb(l) order by l.decimal_interest desc, l.id)
                          from api.revenue_distribution_lines l where l.distribution_id = d.id))
              from api.revenue_distributions d where d.id = distribution_id);
end
$$;
comment on function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric) is
    'Calculates a well''s revenue for a month and product over the deck in effect on the first day. volume_source '
    'sales_statements (the default) reads the month''s /sales_statements: volume, price and deductions by type; production '
    'takes the month''s produced volume (allocated, where the month is allocated at /allocations) at the given price; '
    'entered takes the given volume and price. Taxes per component on '
    'each owner''s taxable value, deductions among the owners who bear them, cents residue to the operator. Re-running a draft '
    'replaces it; re-running an approved month writes an adjustment (the next revision) holding only the differences, '
    'owner by owner, and answers 409 WF_DISTRIBUTION_APPROVED when nothing changed. Accountants, admins, owners.';

create function api.distribute_revenue_month(sales_month date) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    return app.distribute_revenue_month(sales_month);
end
$$;
comment on function api.distribute_revenue_month(date) is
    'Distributes every well and product with sales statements in the month in one run, replacing drafts; an approved well '
    'whose amounts changed gets an adjustment with the differences. Answers {"sales_month", "distributed", "adjusted", '
    '"unchanged", "failed": [{well_id, well_name, product, code, field, message}]}: a well whose deck or tax rates are wrong '
    'is listed and the others are written. Accountants, admins, owners.';

create function api.approve_revenue_distribution(distribution_id uuid) returns api.revenue_distributions
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.approve_revenue_distribution(distribution_id);
    return (select d from api.revenue_distributions d where d.id = distribution_id);
end
$$;
comment on function api.approve_revenue_distribution(uuid) is 'draft -> approved; from then on the distribution never changes.';
grant select on api.afe_line_items, api.afe_approvals, api.revenue_distributions, api.revenue_distribution_lines, api.owner_statements, api.owner_suspense_balances
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.afe_line_items, api.afe_approvals
    to wellflow_user;
grant execute on function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric),
    api.distribute_revenue_month(date), api.approve_revenue_distribution(uuid)
    to wellflow_user;
