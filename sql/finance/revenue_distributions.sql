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
    sales_month date not null constraint revenue_distributions_sales_month_check check (sales_month = date_trunc('month', sales_month) and app.is_sane_date(sales_month)),
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
create function app.refuse_approved_distribution(distribution_status app.distribution_status) returns void
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if distribution_status = 'approved' then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            'An approved revenue distribution cannot change', 'status',
            'Correct it with a prior-period adjustment in a later month');
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

create function app.revenue_distribution_lines_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    distribution_status app.distribution_status;
begin
    select d.status into distribution_status from app.revenue_distributions d
     where d.organization_id = coalesce(new.organization_id, old.organization_id)
       and d.id = coalesce(new.distribution_id, old.distribution_id);
    if distribution_status is null and tg_op <> 'DELETE' then
        perform app.raise_error(404, 'WF_DISTRIBUTION_NOT_FOUND', 'The line''s distribution is not visible here',
            'distribution_id', null);
    end if;
    perform app.refuse_approved_distribution(distribution_status);
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.revenue_distribution_lines_guard() is 'Trigger: the lines of an approved revenue distribution are immutable.';

create trigger revenue_distributions_guard before update or delete on app.revenue_distributions
    for each row execute function app.revenue_distributions_guard();
create trigger revenue_distribution_lines_guard before insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.revenue_distribution_lines_guard();
create trigger revenue_distributions_set_updated_at before update on app.revenue_distributions
    for each row execute function app.set_updated_at();
create trigger revenue_distribution_lines_set_updated_at before update on app.revenue_distribution_lines
    for each row execute function app.set_updated_at();
create trigger revenue_distributions_audit after insert or update or delete on app.revenue_distributions
    for each row execute function app.audit_change();
create trigger revenue_distribution_lines_audit after insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.audit_change();
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

-- The steps of app.distribute_revenue, run as its owner: not executable by any web role.
-- The severance tax of a state and product for a month: the components in effect on its first day.
create function app.severance_tax_in_effect(state_code text, product app.product, first_day date,
                                            out rate numeric, out per_unit numeric)
language plpgsql stable
set search_path = pg_catalog, app, ref
as $$
begin
    select sum(r.value_rate), sum(r.unit_amount) into rate, per_unit
      from ref.severance_tax_rates r
     where r.state_code = severance_tax_in_effect.state_code and r.product = severance_tax_in_effect.product::text
       and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day);
    if rate is null then
        perform app.raise_error(422, 'WF_SEVERANCE_RATE_MISSING',
            format('No %s severance tax rate for state %s in %s', product, state_code,
                   to_char(first_day, 'YYYY-MM')), 'product', 'Rates live in ref.severance_tax_rates (/severance_tax_rates)');
    end if;

end
$$;
comment on function app.severance_tax_in_effect(text, app.product, date) is
    'Distribution step: the summed severance tax components (value rate, amount per unit) in effect for a month; 422 when none is.';

-- The deck in effect on the month's first day, into the temporary table distribution_deck: owners
-- without a tax id are held in suspense. Refuses a deck that does not sum to exactly 1 or has no
-- line for the operator, and answers the line that takes the rounding residue.
create function app.load_distribution_deck(org uuid, well app.wells, product app.product, first_day date)
returns uuid
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    deck_total numeric;
    residue_line uuid;
begin
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: distribution_deck (division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, pay_status app.pay_status, '
            'suspense_reason app.suspense_reason)';
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
       and o.effective @> first_day and o.products && app.product_range(load_distribution_deck.product);

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

    return residue_line;
end
$$;
comment on function app.load_distribution_deck(uuid, app.wells, app.product, date) is
    'Distribution step: loads the deck in effect into distribution_deck, checks it, and answers the residue line.';

-- Each owner's line: its share of gross, tax and deductions rounded to the cent, the residue of
-- each (distribution total less the sum of the rounded shares) on the residue line.
create function app.write_distribution_lines(org uuid, distribution_id uuid, residue_line uuid, volume numeric,
                                             price numeric, rate numeric, per_unit numeric, other_deductions numeric)
returns void
language plpgsql volatile
set search_path = pg_catalog, app
as $$
begin
    -- plpgsql_check cannot see distribution_deck, which load_distribution_deck creates; the pragma describes it.
    perform 'PRAGMA:TABLE: distribution_deck (division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, pay_status app.pay_status, '
            'suspense_reason app.suspense_reason)';
    with exact as (
        select d.*,
               round(write_distribution_lines.volume * write_distribution_lines.price * d.decimal_interest, 2) as gross,
               round(write_distribution_lines.volume * write_distribution_lines.price * d.decimal_interest * rate
                     + write_distribution_lines.volume * d.decimal_interest * per_unit, 2) as tax,
               round(write_distribution_lines.other_deductions * d.decimal_interest, 2) as deductions
          from distribution_deck d),
    residue as (
        select r.gross_value - sum(e.gross) as gross, r.severance_tax - sum(e.tax) as tax,
               r.other_deductions - sum(e.deductions) as deductions
          from exact e cross join app.revenue_distributions r
         where r.organization_id = org and r.id = write_distribution_lines.distribution_id
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
    select org, write_distribution_lines.distribution_id, f.division_order_id, f.owner_company_id, f.interest_type, f.decimal_interest,
           f.line_gross, f.line_tax, f.line_deductions, f.line_gross - f.line_tax - f.line_deductions,
           f.gross_residue, f.tax_residue, f.deductions_residue,
           f.pay_status, f.suspense_reason
      from final f;
end
$$;
comment on function app.write_distribution_lines(uuid, uuid, uuid, numeric, numeric, numeric, numeric, numeric) is
    'Distribution step: writes the owner lines of a distribution, the rounding residue on the residue line.';

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
    residue_line uuid;
    existing app.revenue_distributions;
    distribution_id uuid;
begin
    perform app.assert_org_role('calculate revenue distributions', 'finance_writers');
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
    select r.rate, r.per_unit into rate, per_unit
      from app.severance_tax_in_effect(substr(well.well_number, 1, 2), distribute_revenue.product, first_day) r;
    residue_line := app.load_distribution_deck(org, well, distribute_revenue.product, first_day);

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

    perform app.write_distribution_lines(org, distribution_id, residue_line, distribute_revenue.volume,
                                         distribute_revenue.price, rate, per_unit, distribute_revenue.other_deductions);
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
    perform app.assert_org_role('approve revenue distributions', 'finance_writers');
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
comment on column api.afe_line_items.actual_amount is 'Actual cost to date in US dollars, >= 0, at most 2 decimals.';
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
        select organization_id, id, well_id, sales_month, product, status, volume, price, severance_tax_rate,
               severance_tax_per_unit, gross_value, severance_tax, other_deductions, net_value, residue_company_id,
               calculated_by, calculated_at, approved_by, approved_at
          from app.revenue_distributions)
    select * from readable;
comment on view api.revenue_distributions is
    'Revenue of one well, month and product; calculated by /rpc/calculate_revenue_distribution, approved by /rpc/approve_revenue_distribution.';
comment on column api.revenue_distributions.organization_id is 'The organization.';
comment on column api.revenue_distributions.id is 'Distribution id (UUID v7).';
comment on column api.revenue_distributions.well_id is 'The well (see /wells).';
comment on column api.revenue_distributions.sales_month is 'First day of the sales month.';
comment on column api.revenue_distributions.product is 'oil or gas.';
comment on column api.revenue_distributions.status is 'draft (recalculating replaces it) or approved (immutable).';
comment on column api.revenue_distributions.volume is 'Volume sold: barrels of oil or mcf of gas.';
comment on column api.revenue_distributions.price is 'Price per barrel or mcf in US dollars.';
comment on column api.revenue_distributions.severance_tax_rate is 'Sum of the state''s value-based severance tax components.';
comment on column api.revenue_distributions.severance_tax_per_unit is 'Sum of the state''s per-unit severance tax components.';
comment on column api.revenue_distributions.gross_value is 'volume x price, rounded to the cent.';
comment on column api.revenue_distributions.severance_tax is 'Severance tax on the gross value, rounded to the cent.';
comment on column api.revenue_distributions.other_deductions is 'Other deductions (transportation, marketing).';
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
               gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
               pay_status, suspense_reason,
               payable_amount, suspense_amount
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
comment on column api.revenue_distribution_lines.gross_value is 'volume x price x decimal, to the cent (plus gross_residue on the operator''s line).';
comment on column api.revenue_distribution_lines.severance_tax is 'The owner''s severance tax.';
comment on column api.revenue_distribution_lines.other_deductions is 'The owner''s share of other deductions.';
comment on column api.revenue_distribution_lines.net_value is 'gross_value - severance_tax - other_deductions.';
comment on column api.revenue_distribution_lines.gross_residue is 'Cents of gross value this line took so the owners add up to the well; non-zero only for the operator.';
comment on column api.revenue_distribution_lines.tax_residue is 'Cents of severance tax this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.deductions_residue is 'Cents of other deductions this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.pay_status is 'pay or suspense.';
comment on column api.revenue_distribution_lines.suspense_reason is 'Why the amount is held (from the division order, or missing_tax_id when the owner has none).';
comment on column api.revenue_distribution_lines.payable_amount is 'net_value when paid, else 0.';
comment on column api.revenue_distribution_lines.suspense_amount is 'net_value when held in suspense, else 0.';

-- What Texas Natural Resources Code §91.502 requires on a payment stub, one row per owner line.
create view api.owner_statements as
    select l.organization_id, l.id as line_id, d.id as distribution_id, d.status, d.sales_month, d.product,
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
comment on view api.owner_statements is
    'Owner statement lines with what Texas Natural Resources Code §91.502 requires on a check stub: well and lease, county and state, '
    'sales month, volume and price, taxes and deductions, net value of total sales, owner decimal, owner gross and net, operator contact.';
comment on column api.owner_statements.organization_id is 'The organization.';
comment on column api.owner_statements.line_id is 'The distribution line (see /revenue_distribution_lines).';
comment on column api.owner_statements.distribution_id is 'The distribution (see /revenue_distributions).';
comment on column api.owner_statements.status is 'draft or approved; statements go out for approved distributions.';
comment on column api.owner_statements.sales_month is 'First day of the sales month.';
comment on column api.owner_statements.product is 'oil or gas.';
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
comment on column api.owner_statements.owner_net_value is 'Owner net value.';
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

create function api.calculate_revenue_distribution(well_id uuid, sales_month date, product app.product, price numeric,
                                                   volume numeric default null, other_deductions numeric default 0)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    distribution_id uuid := app.distribute_revenue(well_id, sales_month, product, price, volume, other_deductions);
begin
    return (select to_jsonb(d) || jsonb_build_object('lines',
                       (select jsonb_agg(to_jsonb(l) order by l.decimal_interest desc, l.id)
                          from api.revenue_distribution_lines l where l.distribution_id = d.id))
              from api.revenue_distributions d where d.id = distribution_id);
end
$$;
comment on function api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric) is
    'Calculates a well''s revenue for a month and product over the deck in effect on the first day: gross = volume x price x decimal, '
    'severance tax by state, other deductions; cents residue to the operator. volume defaults to the month''s production. '
    'Re-running a draft replaces it. Accountants, admins, owners.';

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
grant execute on function api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric), api.approve_revenue_distribution(uuid)
    to wellflow_user;
