-- Sales statements: what a purchaser bought from a well in a month (run tickets, purchaser and
-- plant statements), the input of revenue. Owners are paid on what was sold, not on what was
-- produced: flared, vented, lease-use and shrink volumes are never sold.
set local role wellflow_owner;

-- Post-production costs a purchaser or the operator deducts from the sales value. Which of them
-- reduce a tax's taxable value is a dated rule per tax (ref.severance_tax_rates); who bears them
-- follows the lease (app.leases.royalty_cost_free) and the division order.
create type app.deduction_type as enum (
    'transportation', 'gathering', 'compression', 'dehydration', 'treating', 'marketing', 'other');
-- Gas is often priced per MMBtu of heat content rather than per mcf.
create type app.price_basis as enum ('volume', 'mmbtu');

create table app.sales_statements (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    sales_month date not null
        constraint sales_statements_sales_month_check check (sales_month = date_trunc('month', sales_month)
                                                             and app.is_sane_date(sales_month)),
    product app.sales_product not null,
    purchaser_company_id uuid not null,
    statement_reference text
        constraint sales_statements_statement_reference_check check (statement_reference ~ '^\S(.{0,98}\S)?$'),
    sold_volume numeric not null constraint sales_statements_sold_volume_check check (app.is_sold_volume(sold_volume)),
    heat_content_mmbtu numeric
        constraint sales_statements_heat_content_mmbtu_check check (app.is_sold_volume(heat_content_mmbtu)),
    price_basis app.price_basis not null default 'volume',
    price numeric not null constraint sales_statements_price_check check (app.is_unit_price(price)),
    transportation_deduction numeric not null default 0
        constraint sales_statements_transportation_deduction_check check (app.is_money_amount(transportation_deduction)),
    gathering_deduction numeric not null default 0
        constraint sales_statements_gathering_deduction_check check (app.is_money_amount(gathering_deduction)),
    compression_deduction numeric not null default 0
        constraint sales_statements_compression_deduction_check check (app.is_money_amount(compression_deduction)),
    dehydration_deduction numeric not null default 0
        constraint sales_statements_dehydration_deduction_check check (app.is_money_amount(dehydration_deduction)),
    treating_deduction numeric not null default 0
        constraint sales_statements_treating_deduction_check check (app.is_money_amount(treating_deduction)),
    marketing_deduction numeric not null default 0
        constraint sales_statements_marketing_deduction_check check (app.is_money_amount(marketing_deduction)),
    other_deduction numeric not null default 0
        constraint sales_statements_other_deduction_check check (app.is_money_amount(other_deduction)),
    -- Quantity x price to the cent, the quantity being the volume or, priced by heat, the MMBtu.
    gross_value numeric generated always as (
        round(case when price_basis = 'mmbtu' then heat_content_mmbtu else sold_volume end * price, 2)) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint sales_statements_well_id_key unique (organization_id, well_id, sales_month, product, purchaser_company_id),
    constraint sales_statements_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id),
    constraint sales_statements_purchaser_company_id_fkey foreign key (organization_id, purchaser_company_id)
        references app.companies (organization_id, id),
    constraint sales_statements_heat_content_check check (price_basis = 'volume' or heat_content_mmbtu is not null),
    constraint sales_statements_gross_value_check check (app.is_money_amount(gross_value))
);
comment on table app.sales_statements is
    'What a purchaser bought from a well in a month and product: volume, heat content, price and deductions by type.';

create index sales_statements_sales_month_idx on app.sales_statements (organization_id, sales_month, well_id);
create index sales_statements_purchaser_company_id_idx on app.sales_statements (organization_id, purchaser_company_id);

create trigger sales_statements_set_updated_at before update on app.sales_statements
    for each row execute function app.set_updated_at();
create trigger sales_statements_audit after insert or update or delete on app.sales_statements
    for each row execute function app.audit_change();
create trigger sales_statements_require_finance before insert or update or delete on app.sales_statements
    for each statement execute function app.require_org_role('finance_writers');

alter table app.sales_statements enable row level security;
alter table app.sales_statements force row level security;

create policy sales_statements_tenant_read on app.sales_statements
    for select
    using (organization_id = (select app.current_organization_id()));
create policy sales_statements_finance_insert on app.sales_statements
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy sales_statements_finance_update on app.sales_statements
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy sales_statements_finance_delete on app.sales_statements
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.sales_statements to wellflow_api;
grant select on app.sales_statements to wellflow_worker;

-- The import, run by api.import_sales_statements as its owner: every row of the payload into the
-- temporary table sales_import_rows with the first rule it breaks (code, field, message), then the
-- valid rows upserted on the statement's key. A sales month is YYYY-MM or the month's first day.
create function app.sales_statements_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    -- The columns, in the order the rules below read them (the deductions in app.deduction_type order).
    columns constant text[] := array['well_id', 'well_number', 'sales_month', 'product', 'purchaser_company_id',
        'purchaser_name', 'statement_reference', 'sold_volume', 'heat_content_mmbtu', 'price_basis', 'price',
        'transportation_deduction', 'gathering_deduction', 'compression_deduction', 'dehydration_deduction',
        'treating_deduction', 'marketing_deduction', 'other_deduction'];
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"well_number": "30-015-41234", "sales_month": "2025-09", "product": "gas", "purchaser_name": "Permian Gas Marketing", '
        '"sold_volume": 10000, "heat_content_mmbtu": 10850, "price_basis": "mmbtu", "price": 2.85}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: sales_import_rows (line integer, well_label text, well_id uuid, sales_month date, '
            'product app.sales_product, purchaser_company_id uuid, statement_reference text, sold_volume numeric, '
            'heat_content_mmbtu numeric, price_basis app.price_basis, price numeric, deductions numeric[], '
            'code text, field text, message text)';
    create temporary table if not exists sales_import_rows (
        line integer, well_label text, well_id uuid, sales_month date, product app.sales_product,
        purchaser_company_id uuid, statement_reference text, sold_volume numeric, heat_content_mmbtu numeric,
        price_basis app.price_basis, price numeric, deductions numeric[], code text, field text, message text)
        on commit drop;
    truncate sales_import_rows;

    insert into sales_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    -- Each field by name; the deductions in the order of app.deduction_type.
    fields as materialized (
        select i.line, i.item, f[1] as well_id_text, f[2] as well_number_text,
               case when f[3] ~ '^[0-9]{4}-[0-9]{2}$' then f[3] || '-01' else f[3] end as month_text,
               f[4] as product_text, f[5] as purchaser_id_text, f[6] as purchaser_name, f[7] as statement_reference,
               f[8] as volume_text, f[9] as heat_text, f[10] as basis_text, f[11] as price_text,
               f[12:18] as deduction_texts
          from input i),
    parsed as materialized (
        select f.*, app.parse_date(f.month_text) as sales_month,
               app.parse_numeric(f.volume_text) as sold_volume, app.parse_numeric(f.heat_text) as heat_content_mmbtu,
               app.parse_numeric(f.price_text) as price,
               array(select coalesce(app.parse_numeric(t), case when t is null then 0 end)
                       from unnest(f.deduction_texts) with ordinality as d (t, n) order by n) as deductions,
               (select e from unnest(enum_range(null::app.sales_product)) e where e::text = lower(f.product_text)) as product,
               (select e from unnest(enum_range(null::app.price_basis)) e where e::text = lower(coalesce(f.basis_text, 'volume')))
                   as price_basis,
               coalesce(by_id.id, by_number.id) as well_id, coalesce(f.well_number_text, f.well_id_text) as well_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from fields f
          left join app.wells by_id
                 on f.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' and by_id.organization_id = organization
                and by_id.id = case when f.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                    then f.well_id_text::uuid end
          left join app.wells by_number
                 on f.well_id_text is null and by_number.organization_id = organization
                and by_number.well_number = rpad(app.well_number_digits(f.well_number_text), 14, '0')
          left join app.companies purchaser_by_id
                 on f.purchaser_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when f.purchaser_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                              then f.purchaser_id_text::uuid end
          left join app.companies purchaser_by_name
                 on f.purchaser_id_text is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = f.purchaser_name),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.well_id_text is null and p.well_number_text is null then 'WF_IMPORT_WELL_REQUIRED:well_number'
                   when p.well_id is null then 'WF_IMPORT_UNKNOWN_WELL:' || case when p.well_id_text is null then 'well_number' else 'well_id' end
                   when p.sales_month is null or p.sales_month <> date_trunc('month', p.sales_month)
                        or not app.is_sane_date(p.sales_month) then 'WF_IMPORT_BAD_MONTH:sales_month'
                   when p.sales_month > date_trunc('month', current_date) then 'WF_IMPORT_FUTURE_DATE:sales_month'
                   when p.product is null then 'WF_IMPORT_BAD_PRODUCT:product'
                   when p.purchaser_id_text is null and p.purchaser_name is null then 'WF_IMPORT_PURCHASER_REQUIRED:purchaser_name'
                   when p.purchaser_company_id is null then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
                   when char_length(p.statement_reference) > 100 then 'WF_IMPORT_TOO_LONG:statement_reference'
                   when p.sold_volume is null then 'WF_IMPORT_NOT_A_NUMBER:sold_volume'
                   when not app.is_sold_volume(p.sold_volume) then 'WF_IMPORT_BAD_AMOUNT:sold_volume'
                   when p.heat_text is not null and not coalesce(app.is_sold_volume(p.heat_content_mmbtu), false)
                        then 'WF_IMPORT_BAD_AMOUNT:heat_content_mmbtu'
                   when p.price_basis is null then 'WF_IMPORT_BAD_PRICE_BASIS:price_basis'
                   when p.price_basis = 'mmbtu' and p.heat_content_mmbtu is null then 'WF_IMPORT_HEAT_REQUIRED:heat_content_mmbtu'
                   when p.price is null then 'WF_IMPORT_NOT_A_NUMBER:price'
                   when not app.is_unit_price(p.price) then 'WF_IMPORT_BAD_AMOUNT:price'
                   when not app.is_money_amount(round(case when p.price_basis = 'mmbtu' then p.heat_content_mmbtu
                                                           else p.sold_volume end * p.price, 2))
                        then 'WF_IMPORT_BAD_AMOUNT:price'
                   else (select 'WF_IMPORT_BAD_AMOUNT:' || e::text || '_deduction'
                           from unnest(p.deductions, enum_range(null::app.deduction_type)) as d (amount, e)
                          where not coalesce(app.is_money_amount(d.amount), false) limit 1)
               end as reason
          from parsed p)
    select c.line, c.well_label, c.well_id, c.sales_month, c.product, c.purchaser_company_id, c.statement_reference,
           c.sold_volume, c.heat_content_mmbtu, c.price_basis, c.price, c.deductions,
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_WELL_REQUIRED' then 'Give the well_number or the well_id'
               when 'WF_IMPORT_UNKNOWN_WELL' then format('No well %s in this organization', c.well_label)
               when 'WF_IMPORT_BAD_MONTH' then format('%s is not a sales month (YYYY-MM or the first day of a month, from 1900)',
                                                      coalesce(c.month_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s has not begun', to_char(c.sales_month, 'YYYY-MM'))
               when 'WF_IMPORT_BAD_PRODUCT' then format('%s is not a product (oil, gas, ngl, condensate)',
                                                        coalesce(c.product_text, 'null'))
               when 'WF_IMPORT_PURCHASER_REQUIRED' then 'Give the purchaser_name or the purchaser_company_id'
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
               when 'WF_IMPORT_TOO_LONG' then 'statement_reference has at most 100 characters'
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number',
                                                         coalesce(case split_part(c.reason, ':', 2) when 'price' then c.price_text
                                                                  else c.volume_text end, 'null'))
               when 'WF_IMPORT_BAD_PRICE_BASIS' then format('%s is not a price basis (volume, mmbtu)', c.basis_text)
               when 'WF_IMPORT_HEAT_REQUIRED' then 'A price per MMBtu needs the heat content'
               when 'WF_IMPORT_BAD_AMOUNT' then case split_part(c.reason, ':', 2)
                   when 'price' then 'A price is 0 to under 1,000,000 with at most 4 decimals, and quantity x price under 1,000,000,000,000'
                   when 'sold_volume' then 'A volume is 0 to under 10,000,000,000 with at most 3 decimals'
                   when 'heat_content_mmbtu' then 'Heat content is a number of MMBtu, 0 to under 10,000,000,000, at most 3 decimals'
                   else format('%s is not an amount (0 or more, whole cents)', split_part(c.reason, ':', 2)) end
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same statement twice in one payload: the first valid occurrence wins.
    update sales_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'purchaser_name',
           message = format('Line %s already has this well, month, product and purchaser', d.first_line)
      from (select line, min(line) over (partition by well_id, sales_month, product, purchaser_company_id) as first_line
              from sales_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;
    analyze sales_import_rows;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label,
                                                 'sales_month', to_char(sales_month, 'YYYY-MM'),
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from sales_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- Re-sending a statement replaces it; an equal one is not written at all (the new row's two
    -- stamps are the statement time, an update restamps updated_at).
    with upserted as (
        insert into app.sales_statements as s (organization_id, well_id, sales_month, product, purchaser_company_id,
                                              statement_reference, sold_volume, heat_content_mmbtu, price_basis, price,
                                              transportation_deduction, gathering_deduction, compression_deduction,
                                              dehydration_deduction, treating_deduction, marketing_deduction,
                                              other_deduction, created_at, updated_at)
        select organization, well_id, sales_month, product, purchaser_company_id, statement_reference, sold_volume,
               heat_content_mmbtu, price_basis, price, deductions[1], deductions[2], deductions[3], deductions[4],
               deductions[5], deductions[6], deductions[7], statement_timestamp(), statement_timestamp()
          from sales_import_rows where code is null
         order by well_id, sales_month, product, purchaser_company_id
        on conflict (organization_id, well_id, sales_month, product, purchaser_company_id) do update
           set statement_reference = excluded.statement_reference, sold_volume = excluded.sold_volume,
               heat_content_mmbtu = excluded.heat_content_mmbtu, price_basis = excluded.price_basis, price = excluded.price,
               transportation_deduction = excluded.transportation_deduction,
               gathering_deduction = excluded.gathering_deduction, compression_deduction = excluded.compression_deduction,
               dehydration_deduction = excluded.dehydration_deduction, treating_deduction = excluded.treating_deduction,
               marketing_deduction = excluded.marketing_deduction, other_deduction = excluded.other_deduction
         where (s.statement_reference, s.sold_volume, s.heat_content_mmbtu, s.price_basis, s.price,
                s.transportation_deduction, s.gathering_deduction, s.compression_deduction, s.dehydration_deduction,
                s.treating_deduction, s.marketing_deduction, s.other_deduction)
               is distinct from
               (excluded.statement_reference, excluded.sold_volume, excluded.heat_content_mmbtu, excluded.price_basis,
                excluded.price, excluded.transportation_deduction, excluded.gathering_deduction,
                excluded.compression_deduction, excluded.dehydration_deduction, excluded.treating_deduction,
                excluded.marketing_deduction, excluded.other_deduction)
        returning s.created_at = s.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.sales_statements_import(uuid, jsonb, text, app.import_mode) is
    'The sales statement import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';
create function api.import_sales_statements(rows jsonb default null, csv text default null,
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
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import sales statements', null, null);
    end if;
    perform app.assert_org_role('import sales statements', 'finance_writers');
    return app.sales_statements_import(organization, rows, csv, mode);
end
$$;
comment on function api.import_sales_statements(jsonb, text, app.import_mode) is
    'Imports up to 50,000 sales statements: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). Columns: '
    'well_id or well_number, sales_month (YYYY-MM), product, purchaser_company_id or purchaser_name, statement_reference, '
    'sold_volume, heat_content_mmbtu, price_basis, price and the deductions by type (transportation_deduction ... other_deduction). '
    'Re-sending a well, month, product and purchaser replaces its statement (omitted deductions are 0). mode all_or_nothing '
    '(default) imports nothing when any row is rejected and answers 422; accept_valid imports the valid rows. The answer counts '
    'inserted, updated and unchanged rows and lists every rejected row with its line, code, field and message. '
    'Owners, admins and accountants.';
grant execute on function api.import_sales_statements(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.sales_statements as
    select organization_id, id, well_id, sales_month, product, purchaser_company_id, statement_reference, sold_volume,
           heat_content_mmbtu, price_basis, price, gross_value, transportation_deduction, gathering_deduction,
           compression_deduction, dehydration_deduction, treating_deduction, marketing_deduction, other_deduction,
           created_at, updated_at
      from app.sales_statements;
alter view api.sales_statements alter column organization_id set default app.current_organization_id();
comment on view api.sales_statements is
    'What each purchaser bought from a well in a month: the input of revenue distributions. Everyone reads; owners, admins and '
    'accountants write, one row at a time here or in bulk with /rpc/import_sales_statements.';
comment on column api.sales_statements.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.sales_statements.id is 'Statement id (UUID v7).';
comment on column api.sales_statements.well_id is 'The well (see /wells).';
comment on column api.sales_statements.sales_month is 'First day of the month of sale.';
comment on column api.sales_statements.product is 'oil, gas, ngl or condensate (condensate follows the oil deck and rates, NGLs the gas ones).';
comment on column api.sales_statements.purchaser_company_id is 'The purchaser (see /companies); one statement per well, month, product and purchaser.';
comment on column api.sales_statements.statement_reference is 'The purchaser''s statement or run ticket number, up to 100 characters.';
comment on column api.sales_statements.sold_volume is 'Volume sold: barrels of oil, condensate or NGL, mcf of gas; at most 3 decimals.';
comment on column api.sales_statements.heat_content_mmbtu is 'Heat content of the gas sold, MMBtu; required when priced per MMBtu.';
comment on column api.sales_statements.price_basis is 'volume (price per barrel or mcf, the default) or mmbtu (price per MMBtu).';
comment on column api.sales_statements.price is 'Price per unit of the price basis, US dollars, at most 4 decimals.';
comment on column api.sales_statements.gross_value is 'Quantity (volume, or MMBtu when priced by heat) x price, rounded to the cent.';
comment on column api.sales_statements.transportation_deduction is 'Transportation deducted, US dollars (whole cents, default 0).';
comment on column api.sales_statements.gathering_deduction is 'Gathering deducted, US dollars.';
comment on column api.sales_statements.compression_deduction is 'Compression deducted, US dollars.';
comment on column api.sales_statements.dehydration_deduction is 'Dehydration deducted, US dollars.';
comment on column api.sales_statements.treating_deduction is 'Treating (sweetening, processing) deducted, US dollars.';
comment on column api.sales_statements.marketing_deduction is 'Marketing fees deducted, US dollars.';
comment on column api.sales_statements.other_deduction is 'Other deductions, US dollars.';
comment on column api.sales_statements.created_at is 'When the statement was recorded.';
comment on column api.sales_statements.updated_at is 'When it last changed.';
grant select on api.sales_statements to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.sales_statements to wellflow_user;
