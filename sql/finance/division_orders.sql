-- Division orders: who is paid which decimal share of a well's revenue, per product, over an
-- effective date range. For one well, product and day the active decimals never sum above 1;
-- a distribution needs exactly 1 (app.distribute_revenue).
set local role wellflow_owner;

create type app.interest_type as enum ('wi', 'ri', 'orri', 'npri');
create type app.product as enum ('oil', 'gas', 'all');
-- What purchasers buy. Condensate is paid on the oil deck and NGLs (plant products of the well's
-- gas) on the gas deck; each is taxed at the rates of that product (app.base_product).
create type app.sales_product as enum ('oil', 'gas', 'ngl', 'condensate');
create type app.division_order_status as enum ('active', 'inactive');
create type app.pay_status as enum ('pay', 'suspense');
create type app.suspense_reason as enum (
    'no_signed_division_order', 'title', 'bad_address', 'missing_tax_id', 'below_minimum_payment', 'legal_hold');

-- Products as ranges, so a deck line for 'all' overlaps both the oil and the gas lines.
create function app.product_range(product app.product) returns int4range
language sql immutable parallel safe
set search_path = pg_catalog
as $$
    select case product when 'oil' then int4range(1, 2) when 'gas' then int4range(2, 3) else int4range(1, 3) end
$$;
comment on function app.product_range(app.product) is 'oil [1,2), gas [2,3), all [1,3): overlapping ranges mean overlapping products.';

create function app.base_product(product app.sales_product) returns app.product
language sql immutable parallel safe
set search_path = pg_catalog
as $$
    select case product when 'oil' then 'oil' when 'condensate' then 'oil' else 'gas' end::app.product
$$;
comment on function app.base_product(app.sales_product) is
    'The deck and the tax rates a sold product follows: condensate those of oil, NGLs those of gas.';

create table app.division_orders (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    owner_company_id uuid not null,
    interest_type app.interest_type not null,
    product app.product not null default 'all',
    -- Decimal interests carry 8 places; the check refuses more instead of rounding them away.
    decimal_interest numeric not null
        constraint division_orders_decimal_interest_check check (
            decimal_interest > 0 and decimal_interest <= 1 and decimal_interest = round(decimal_interest, 8)),
    effective_from date not null
        constraint division_orders_effective_from_check check (app.is_sane_date(effective_from)),
    -- Last day in effect (inclusive); null while open-ended.
    effective_to date,
    status app.division_order_status not null default 'active',
    pay_status app.pay_status not null default 'pay',
    suspense_reason app.suspense_reason,
    -- Whether this owner bears post-production deductions; null follows the lease (royalty
    -- interests bear none on a cost-free lease, working interests always do).
    bears_deductions boolean,
    -- An end before the start is clamped here so that the named check, not a range error, refuses it.
    effective daterange generated always as (daterange(
        effective_from, case when effective_to < effective_from then effective_from else effective_to end, '[]')) stored,
    products int4range generated always as (app.product_range(product)) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint division_orders_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id),
    constraint division_orders_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint division_orders_effective_to_check check (app.is_sane_date(effective_to) and effective_to >= effective_from),
    constraint division_orders_suspense_reason_check check ((pay_status = 'suspense') = (suspense_reason is not null)),
    constraint division_orders_effective_excl exclude using gist (
        organization_id with =, well_id with =, owner_company_id with =, interest_type with =,
        products with &&, effective with &&) where (status = 'active')
);
comment on table app.division_orders is
    'Revenue decimals per well, owner, interest type and product over an effective date range.';

create index division_orders_well_id_idx on app.division_orders (organization_id, well_id, effective_from);
create index division_orders_owner_company_id_idx on app.division_orders (organization_id, owner_company_id);

-- Deferred to commit, so a deck can be rewritten in several statements of one transaction.
create function app.division_orders_check_sum() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    line app.division_orders := case when tg_op = 'DELETE' then old else new end;
    excess record;
begin
    select p.product, d.day, sum(o.decimal_interest) as total
      into excess
      from (values ('oil'::app.product), ('gas')) p (product)
     cross join lateral (select distinct o.effective_from as day from app.division_orders o
                          where o.organization_id = line.organization_id and o.well_id = line.well_id
                            and o.status = 'active') d
      join app.division_orders o
        on o.organization_id = line.organization_id and o.well_id = line.well_id and o.status = 'active'
       and o.effective @> d.day and o.products && app.product_range(p.product)
     group by p.product, d.day
    having sum(o.decimal_interest) > 1
     order by d.day, p.product
     limit 1;
    if found then
        perform app.raise_error(422, 'WF_DECIMALS_OVER_ONE',
            format('Active %s decimals of well %s sum to %s on %s, %s over 1.00000000',
                   excess.product, line.well_id, to_char(excess.total, 'FM0.00000000'), excess.day,
                   to_char(excess.total - 1, 'FM0.00000000')),
            'decimal_interest', 'End or reduce another owner''s line first, in the same transaction');
    end if;
    return null;
end
$$;
comment on function app.division_orders_check_sum() is
    'Constraint trigger (deferred): the active decimals of a well never sum above 1 for any product and day.';

create constraint trigger division_orders_check_sum after insert or update or delete on app.division_orders
    deferrable initially deferred
    for each row execute function app.division_orders_check_sum();
create trigger division_orders_set_updated_at before update on app.division_orders
    for each row execute function app.set_updated_at();
create trigger division_orders_audit after insert or update or delete on app.division_orders
    for each row execute function app.audit_change();
create trigger division_orders_require_finance before insert or update or delete on app.division_orders
    for each statement execute function app.require_org_role('finance_writers');

alter table app.division_orders enable row level security;
alter table app.division_orders force row level security;

create policy division_orders_tenant_read on app.division_orders
    for select
    using (organization_id = (select app.current_organization_id()));
create policy division_orders_finance_insert on app.division_orders
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy division_orders_finance_update on app.division_orders
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy division_orders_finance_delete on app.division_orders
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.division_orders to wellflow_api;
grant select on app.division_orders to wellflow_worker;
grant execute on function app.base_product(app.sales_product) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
grant execute on function app.product_range(app.product) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.division_orders as
    select organization_id, id, well_id, owner_company_id, interest_type, product, decimal_interest, effective_from,
           effective_to, status, pay_status, suspense_reason, created_at, updated_at, bears_deductions
      from app.division_orders;
alter view api.division_orders alter column organization_id set default app.current_organization_id();
comment on view api.division_orders is
    'Revenue decimals per well and owner. Owners, admins and accountants write; the active decimals of a well never sum above 1 '
    'for a product and day (WF_DECIMALS_OVER_ONE, checked at commit) and one owner''s lines of a type never overlap in time.';
comment on column api.division_orders.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.division_orders.id is 'Division order id (UUID v7).';
comment on column api.division_orders.well_id is 'The well (see /wells).';
comment on column api.division_orders.owner_company_id is 'The owner (see /companies).';
comment on column api.division_orders.interest_type is 'wi (working), ri (royalty), orri (overriding royalty) or npri (non-participating royalty).';
comment on column api.division_orders.product is 'oil, gas or all (both).';
comment on column api.division_orders.decimal_interest is 'The owner''s decimal, in (0, 1] with at most 8 decimals.';
comment on column api.division_orders.effective_from is 'First day in effect.';
comment on column api.division_orders.effective_to is 'Last day in effect (inclusive); empty while open-ended.';
comment on column api.division_orders.status is 'active lines form the deck; inactive lines are kept for history.';
comment on column api.division_orders.pay_status is 'pay, or suspense (amounts accrue in suspense, nothing is paid).';
comment on column api.division_orders.suspense_reason is
    'Required in suspense: no_signed_division_order, title, bad_address, missing_tax_id, below_minimum_payment or legal_hold.';
comment on column api.division_orders.bears_deductions is
    'Whether the owner bears post-production deductions: empty follows the lease (royalty owners bear none when the lease is '
    'royalty_cost_free), true or false overrides it for this line.';
comment on column api.division_orders.created_at is 'When the line was created.';
comment on column api.division_orders.updated_at is 'When the line was last changed.';
grant select on api.division_orders
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.division_orders
    to wellflow_user;
