-- Revenue distribution: one well, month and product, split among the owners of the deck in
-- effect on the first day of the month. Each owner's gross is volume x price x decimal, taxed at
-- the state's severance rate, less its share of other deductions; every amount is rounded to the
-- cent and the rounding residue goes to the operator, so the owners add up exactly to the well.
-- Owners in suspense accrue their net in suspense. A draft is replaced by re-running it; an
-- approved distribution never changes.
set local role wellflow_owner;

create type app.distribution_status as enum ('draft', 'approved');

create table app.revenue_distributions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    sales_month date not null constraint revenue_distributions_sales_month_check check (sales_month = date_trunc('month', sales_month)),
    product app.product not null constraint revenue_distributions_product_check check (product <> 'all'),
    status app.distribution_status not null default 'draft',
    -- Written only by app.distribute_revenue, which validates its inputs first, so typmods here
    -- never round anything a user typed.
    volume numeric(14,3) not null,
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
    constraint revenue_distributions_well_id_key unique (organization_id, well_id, sales_month, product),
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
    primary key (organization_id, id),
    constraint revenue_distribution_lines_division_order_id_key unique (organization_id, distribution_id, division_order_id),
    constraint revenue_distribution_lines_distribution_id_fkey foreign key (organization_id, distribution_id)
        references app.revenue_distributions (organization_id, id) on delete cascade,
    constraint revenue_distribution_lines_division_order_id_fkey foreign key (organization_id, division_order_id)
        references app.division_orders (organization_id, id),
    constraint revenue_distribution_lines_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint revenue_distribution_lines_net_value_check check (net_value = gross_value - severance_tax - other_deductions),
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
create function app.revenue_distributions_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    distribution_status app.distribution_status;
begin
    if tg_table_name = 'revenue_distributions' then
        distribution_status := old.status;
    else
        select d.status into distribution_status from app.revenue_distributions d
         where d.organization_id = coalesce(new.organization_id, old.organization_id)
           and d.id = coalesce(new.distribution_id, old.distribution_id);
    end if;
    if distribution_status is null and tg_op <> 'DELETE' then
        perform app.raise_error(404, 'WF_DISTRIBUTION_NOT_FOUND', 'The line''s distribution is not visible here',
            'distribution_id', null);
    end if;
    if distribution_status = 'approved' then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            'An approved revenue distribution cannot change', 'status',
            'Correct it with a prior-period adjustment in a later month');
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.revenue_distributions_guard() is 'Trigger: approved revenue distributions and their lines are immutable.';

create trigger revenue_distributions_guard before update or delete on app.revenue_distributions
    for each row execute function app.revenue_distributions_guard();
create trigger revenue_distribution_lines_guard before insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.revenue_distributions_guard();
create trigger revenue_distributions_set_updated_at before update on app.revenue_distributions
    for each row execute function app.set_updated_at();
create trigger revenue_distribution_lines_set_updated_at before update on app.revenue_distribution_lines
    for each row execute function app.set_updated_at();
create trigger revenue_distributions_audit after insert or update or delete on app.revenue_distributions
    for each row execute function app.audit_change();
create trigger revenue_distribution_lines_audit after insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.audit_change();
create trigger revenue_distributions_require_finance before insert or update or delete on app.revenue_distributions
    for each statement execute function app.require_org_role('owner', 'admin', 'accountant');
create trigger revenue_distribution_lines_require_finance before insert or update or delete on app.revenue_distribution_lines
    for each statement execute function app.require_org_role('owner', 'admin', 'accountant');

alter table app.revenue_distributions enable row level security;
alter table app.revenue_distributions force row level security;
alter table app.revenue_distribution_lines enable row level security;
alter table app.revenue_distribution_lines force row level security;

create policy revenue_distributions_tenant_read on app.revenue_distributions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy revenue_distributions_finance_insert on app.revenue_distributions
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'accountant')));
create policy revenue_distributions_finance_update on app.revenue_distributions
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant')))
    with check (organization_id = (select app.current_organization_id()));
create policy revenue_distributions_finance_delete on app.revenue_distributions
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant')));
create policy revenue_distribution_lines_tenant_read on app.revenue_distribution_lines
    for select
    using (organization_id = (select app.current_organization_id()));
create policy revenue_distribution_lines_finance_insert on app.revenue_distribution_lines
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'accountant')));
create policy revenue_distribution_lines_finance_update on app.revenue_distribution_lines
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant')))
    with check (organization_id = (select app.current_organization_id()));
create policy revenue_distribution_lines_finance_delete on app.revenue_distribution_lines
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant')));

grant select, insert, update, delete on app.revenue_distributions, app.revenue_distribution_lines to wellflow_api;
grant select on app.revenue_distributions, app.revenue_distribution_lines to wellflow_worker;

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

create function app.distribute_revenue(well_id uuid, sales_month date, product app.product, price numeric,
                                       volume numeric default null, other_deductions numeric default 0)
returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    well app.wells;
    first_day date := date_trunc('month', sales_month)::date;
    rate numeric;
    per_unit numeric;
    deck_total numeric;
    residue_line uuid;
    existing app.revenue_distributions;
    distribution_id uuid;
begin
    perform app.assert_org_role('calculate revenue distributions', 'owner', 'admin', 'accountant');
    if product is null or product = 'all' then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'product is oil or gas', 'product', null);
    end if;
    if first_day is null or first_day > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
            format('sales_month must be a month that has begun; got %s', coalesce(sales_month::text, 'nothing')),
            'sales_month', null);
    end if;
    perform app.require_amount(price, 'price', 4, true, 1e10);
    perform app.require_amount(volume, 'volume', 3, false, 1e11);
    perform app.require_amount(other_deductions, 'other_deductions', 2);

    select * into well from app.wells w where w.organization_id = org and w.id = distribute_revenue.well_id;
    if not found then
        perform app.raise_error(404, 'WF_WELL_NOT_FOUND', format('No well %s in this organization', well_id), 'well_id', null);
    end if;
    select * into existing from app.revenue_distributions d
     where d.organization_id = org and d.well_id = well.id and d.sales_month = first_day
       and d.product = distribute_revenue.product
       for update;
    if existing.status = 'approved' then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            format('The %s distribution of %s for %s is approved and cannot be recalculated',
                   product, well.name, to_char(first_day, 'YYYY-MM')), 'sales_month', null);
    end if;

    if volume is null then
        select case when distribute_revenue.product = 'oil' then m.oil_bbl else m.gas_mcf end into volume
          from app.production_monthly_wells m
         where m.organization_id = org and m.well_id = well.id and m.month = first_day;
        if volume is null then
            perform app.raise_error(422, 'WF_DISTRIBUTION_NO_VOLUME',
                format('%s has no production for %s; pass the sold volume', well.name, to_char(first_day, 'YYYY-MM')),
                'volume', null);
        end if;
    end if;

    if volume * price >= 1e12 then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
            format('volume x price is %s, above what one distribution holds (below 1,000,000,000,000)', volume * price),
            'price', null);
    end if;
    select sum(r.value_rate), sum(r.unit_amount) into rate, per_unit
      from ref.severance_tax_rates r
     where r.state_code = substr(well.well_number, 1, 2) and r.product = distribute_revenue.product::text
       and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day);
    if rate is null then
        perform app.raise_error(422, 'WF_SEVERANCE_RATE_MISSING',
            format('No %s severance tax rate for state %s in %s', product, substr(well.well_number, 1, 2),
                   to_char(first_day, 'YYYY-MM')), 'product', 'Rates live in ref.severance_tax_rates (/severance_tax_rates)');
    end if;

    create temporary table if not exists distribution_deck (
        division_order_id uuid, owner_company_id uuid, interest_type app.interest_type, decimal_interest numeric,
        pay_status app.pay_status, suspense_reason app.suspense_reason) on commit drop;
    truncate distribution_deck;
    insert into distribution_deck
    select o.id, o.owner_company_id, o.interest_type, o.decimal_interest,
           case when o.pay_status = 'suspense' or c.tax_id is null then 'suspense' else 'pay' end::app.pay_status,
           case when o.pay_status = 'suspense' then o.suspense_reason
                when c.tax_id is null then 'missing_tax_id' end
      from app.division_orders o
      join app.companies c on c.organization_id = o.organization_id and c.id = o.owner_company_id
     where o.organization_id = org and o.well_id = well.id and o.status = 'active'
       and o.effective @> first_day and o.products && app.product_range(distribute_revenue.product);

    select coalesce(sum(d.decimal_interest), 0) into deck_total from distribution_deck d;
    if deck_total <> 1 then
        perform app.raise_error(422, 'WF_DECK_NOT_ONE',
            format('The %s deck of %s on %s sums to %s, %s %s 1.00000000; a distribution needs exactly 1',
                   product, well.name, first_day, to_char(deck_total, 'FM0.00000000'),
                   to_char(abs(1 - deck_total), 'FM0.00000000'), case when deck_total < 1 then 'short of' else 'over' end),
            'decimal_interest', 'Correct the decimals at /division_orders');
    end if;
    select d.division_order_id into residue_line from distribution_deck d
     where d.owner_company_id = well.operator_company_id
     order by d.interest_type = 'wi' desc, d.decimal_interest desc, d.division_order_id
     limit 1;
    if residue_line is null then
        perform app.raise_error(422, 'WF_DECK_NO_OPERATOR',
            format('The %s deck of %s has no line for the well''s operator, who takes the rounding residue', product, well.name),
            'owner_company_id', 'Add the operator''s division order, or set the well''s operator_company_id');
    end if;

    if existing.id is not null then
        -- A draft is replaced whole: its lines go with it (on delete cascade).
        delete from app.revenue_distributions d where d.organization_id = org and d.id = existing.id;
    end if;
    insert into app.revenue_distributions (organization_id, id, well_id, sales_month, product, volume, price,
                                           severance_tax_rate, severance_tax_per_unit, gross_value, severance_tax,
                                           other_deductions, net_value, residue_company_id, calculated_by)
    select org, coalesce(existing.id, app.uuid_generate_v7()), well.id, first_day, distribute_revenue.product,
           distribute_revenue.volume, distribute_revenue.price, rate, per_unit, t.gross, t.tax,
           distribute_revenue.other_deductions, t.gross - t.tax - distribute_revenue.other_deductions,
           well.operator_company_id, app.current_user_id()
      from (select round(distribute_revenue.volume * distribute_revenue.price, 2) as gross,
                   round(distribute_revenue.volume * distribute_revenue.price * rate
                         + distribute_revenue.volume * per_unit, 2) as tax) t
    returning id into distribution_id;

    with exact as (
        select d.*,
               round(distribute_revenue.volume * distribute_revenue.price * d.decimal_interest, 2) as gross,
               round(distribute_revenue.volume * distribute_revenue.price * d.decimal_interest * rate
                     + distribute_revenue.volume * d.decimal_interest * per_unit, 2) as tax,
               round(distribute_revenue.other_deductions * d.decimal_interest, 2) as deductions
          from distribution_deck d),
    residue as (
        select r.gross_value - sum(e.gross) as gross, r.severance_tax - sum(e.tax) as tax,
               r.other_deductions - sum(e.deductions) as deductions
          from exact e cross join app.revenue_distributions r
         where r.organization_id = org and r.id = distribution_id
         group by r.gross_value, r.severance_tax, r.other_deductions),
    final as (
        select e.*,
               e.gross + case when e.division_order_id = residue_line then r.gross else 0 end as line_gross,
               e.tax + case when e.division_order_id = residue_line then r.tax else 0 end as line_tax,
               e.deductions + case when e.division_order_id = residue_line then r.deductions else 0 end as line_deductions,
               case when e.division_order_id = residue_line then r.gross else 0 end as gross_residue,
               case when e.division_order_id = residue_line then r.tax else 0 end as tax_residue,
               case when e.division_order_id = residue_line then r.deductions else 0 end as deductions_residue
          from exact e cross join residue r)
    insert into app.revenue_distribution_lines (organization_id, distribution_id, division_order_id, owner_company_id,
                                                interest_type, decimal_interest, gross_value, severance_tax,
                                                other_deductions, net_value, gross_residue, tax_residue,
                                                deductions_residue, pay_status, suspense_reason)
    select org, distribution_id, f.division_order_id, f.owner_company_id, f.interest_type, f.decimal_interest,
           f.line_gross, f.line_tax, f.line_deductions, f.line_gross - f.line_tax - f.line_deductions,
           f.gross_residue, f.tax_residue, f.deductions_residue,
           f.pay_status, f.suspense_reason
      from final f;
    return distribution_id;
end
$$;
comment on function app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric) is
    'Calculates (or recalculates, while draft) one well-month-product distribution; returns its id.';

create function app.approve_revenue_distribution(distribution_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    approved uuid;
begin
    perform app.assert_org_role('approve revenue distributions', 'owner', 'admin', 'accountant');
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

grant execute on function app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric),
    app.approve_revenue_distribution(uuid) to wellflow_api;
