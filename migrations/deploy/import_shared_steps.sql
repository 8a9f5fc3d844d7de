-- Deploy wellflow:import_shared_steps to pg
-- Every bulk import reads its payload's rows with one function (app.import_fields) and answers a
-- refused all_or_nothing import with one function (app.import_refusal).
begin;
set local role wellflow_owner;

-- Every row of a checked payload as its fields in the order of columns, as trimmed text (empty is
-- null): from the JSON objects, or from the CSV lines by the header's positions. item keeps what the
-- report needs to describe a malformed row: a JSON value that is not an object, or a CSV line's
-- field count when it differs from the header's.
create function app.import_fields(rows jsonb, csv text, columns text[], header_width integer, positions integer[])
returns table (line integer, item jsonb, f text[])
language sql stable
set search_path = pg_catalog, app
as $$
    with csv_lines as materialized (
        select ordinality::int as line, app.csv_fields(rtrim(text_line, E'\r')) as fields
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> '')
    select line, case when cardinality(fields) <> header_width then jsonb_build_object('_columns', cardinality(fields)) end,
           array(select nullif(btrim(fields[p]), '') from unnest(positions) with ordinality as x (p, n) order by n)
      from csv_lines
    union all
    select ordinality::int, case when jsonb_typeof(value) <> 'object' then value end,
           array(select nullif(btrim(value ->> k), '') from unnest(columns) with ordinality as x (k, n) order by n)
      from jsonb_array_elements(case when jsonb_typeof(rows) = 'array' then rows end) with ordinality
$$;
comment on function app.import_fields(jsonb, text, text[], integer, integer[]) is
    'The rows of an import payload (JSON objects or CSV lines) as text fields in the order of the columns.';
-- An import with rejected rows in mode all_or_nothing writes nothing: its answer is 422 with the
-- report. Null when the import goes on.
create function app.import_refusal(mode app.import_mode, received integer, rejected jsonb) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
begin
    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
    end if;
    return null;
end
$$;
comment on function app.import_refusal(app.import_mode, integer, jsonb) is
    'The 422 answer of an all_or_nothing import with rejected rows (setting the response status), or null.';

-- 4. The careful path: the rejected rows reported, the rest upserted (or, all or nothing, nothing
--    written when any row is rejected).
create or replace function app.production_import_careful(organization uuid, rows jsonb, csv text, header_width integer,
                                              positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
    rejected jsonb;
    refusal jsonb;
    inserted integer := 0;
    updated integer := 0;
    valid integer;
begin
    -- plpgsql_check cannot see import_rows, which production_import_check creates; the pragma describes it.
    perform 'PRAGMA:TABLE: import_rows (line integer, well_id uuid, well_label text, production_date date, '
            'oil_bbl numeric, gas_mcf numeric, water_bbl numeric, hours_on numeric, choke_64ths integer, '
            'tubing_pressure_psi numeric, casing_pressure_psi numeric, downtime_reason text, code text, '
            'field text, message text)';
    received := app.production_import_check(organization, rows, csv, header_width, positions);
    -- Statistics on the working set, so the steps below are planned for its real size.
    analyze import_rows;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'production_date', production_date,
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from import_rows;

    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- One probe of the primary key per row, whatever the payload's shape: the upsert itself tells
    -- a new day from a replaced one (a new row's two stamps are the same statement time; an update
    -- restamps updated_at), and an equal day is not written at all.
    with upserted as (
        insert into app.production as p (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                         choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
                                         created_at, updated_at)
        select organization, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
               choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
               statement_timestamp(), statement_timestamp()
          from import_rows where code is null
         order by well_id, production_date
        on conflict (organization_id, well_id, production_date) do update
           set oil_bbl = excluded.oil_bbl, gas_mcf = excluded.gas_mcf, water_bbl = excluded.water_bbl,
               hours_on = excluded.hours_on, choke_64ths = excluded.choke_64ths,
               tubing_pressure_psi = excluded.tubing_pressure_psi, casing_pressure_psi = excluded.casing_pressure_psi,
               downtime_reason = excluded.downtime_reason
         where (p.oil_bbl, p.gas_mcf, p.water_bbl, p.hours_on, p.choke_64ths, p.tubing_pressure_psi,
                p.casing_pressure_psi, p.downtime_reason)
               is distinct from
               (excluded.oil_bbl, excluded.gas_mcf, excluded.water_bbl, excluded.hours_on, excluded.choke_64ths,
                excluded.tubing_pressure_psi, excluded.casing_pressure_psi, excluded.downtime_reason)
        returning p.created_at = p.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.production_import_careful(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 4: the report of rejected rows, then the upsert of the valid ones with their counts.';

-- The import, run by api.import_sales_statements as its owner: every row of the payload into the
-- temporary table sales_import_rows with the first rule it breaks (code, field, message), then the
-- valid rows upserted on the statement's key. A sales month is YYYY-MM or the month's first day.
create or replace function app.sales_statements_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
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

-- The import, run by api.import_cost_transactions as its owner: every row of the payload into the
-- temporary table cost_import_rows with the first rule it breaks (code, field, message), then the
-- valid rows upserted on the invoice line's key (vendor, invoice number, line number).
create or replace function app.cost_transactions_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
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

-- The run ticket import, like the production import: every row checked and rejected with the first
-- rule it breaks, then the valid ones upserted by point and ticket number (re-sending a ticket
-- replaces it; an equal one is not written).
create or replace function app.run_tickets_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['measurement_point_id', 'measurement_point_name', 'ticket_number', 'ticket_date',
        'purchaser_company_id', 'purchaser_name', 'gross_volume', 'observed_temperature_f', 'api_gravity', 'bsw_percent',
        'net_standard_volume'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"measurement_point_name": "Mesa Battery 1", "ticket_number": "T-1001", "ticket_date": "2024-06-08", '
        '"gross_volume": 180.25, "observed_temperature_f": 78.5, "api_gravity": 40.2, "bsw_percent": 0.3}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: ticket_import_rows (line integer, point_label text, measurement_point_id uuid, '
            'ticket_number text, ticket_date date, purchaser_company_id uuid, gross_volume numeric, '
            'observed_temperature_f numeric, api_gravity numeric, bsw_percent numeric, net_standard_volume numeric, '
            'code text, field text, message text)';
    create temporary table if not exists ticket_import_rows (
        line integer, point_label text, measurement_point_id uuid, ticket_number text, ticket_date date,
        purchaser_company_id uuid, gross_volume numeric, observed_temperature_f numeric, api_gravity numeric,
        bsw_percent numeric, net_standard_volume numeric, code text, field text, message text) on commit drop;
    truncate ticket_import_rows;

    insert into ticket_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    parsed as materialized (
        select i.line, i.item, i.f[1] as point_id_text, i.f[2] as point_name, i.f[3] as ticket_number,
               i.f[4] as date_text, i.f[5] as purchaser_id_text, i.f[6] as purchaser_name,
               array[i.f[7], i.f[8], i.f[9], i.f[10], i.f[11]] as number_texts,
               array[app.parse_numeric(i.f[7]), app.parse_numeric(i.f[8]), app.parse_numeric(i.f[9]),
                     app.parse_numeric(i.f[10]), app.parse_numeric(i.f[11])] as numbers,
               app.parse_date(i.f[4]) as ticket_date,
               coalesce(point_by_id.id, point_by_name.id) as measurement_point_id,
               coalesce(i.f[2], i.f[1]) as point_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from input i
          left join app.measurement_points point_by_id
                 on i.f[1] ~* uuid_pattern and point_by_id.organization_id = organization
                and point_by_id.id = case when i.f[1] ~* uuid_pattern then i.f[1]::uuid end
          left join app.measurement_points point_by_name
                 on i.f[1] is null and point_by_name.organization_id = organization and point_by_name.name = i.f[2]
          left join app.companies purchaser_by_id
                 on i.f[5] ~* uuid_pattern and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when i.f[5] ~* uuid_pattern then i.f[5]::uuid end
          left join app.companies purchaser_by_name
                 on i.f[5] is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = i.f[6]),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.point_id_text is null and p.point_name is null
                        then 'WF_IMPORT_POINT_REQUIRED:measurement_point_name'
                   when p.measurement_point_id is null then 'WF_IMPORT_UNKNOWN_POINT:'
                        || case when p.point_id_text is null then 'measurement_point_name' else 'measurement_point_id' end
                   when p.ticket_number is null or p.ticket_number !~ '^\S{1,40}$' then 'WF_IMPORT_BAD_TICKET:ticket_number'
                   when p.ticket_date is null or not app.is_sane_date(p.ticket_date) then 'WF_IMPORT_BAD_DATE:ticket_date'
                   when p.ticket_date > current_date then 'WF_IMPORT_FUTURE_DATE:ticket_date'
                   when (p.purchaser_id_text is not null or p.purchaser_name is not null) and p.purchaser_company_id is null
                        then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
                   when p.number_texts[1] is null or p.numbers[1] is null then 'WF_IMPORT_NOT_A_NUMBER:gross_volume'
                   when not (p.numbers[1] > 0 and p.numbers[1] < 10000000 and p.numbers[1] = round(p.numbers[1], 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:gross_volume'
                   when p.number_texts[2] is null or p.numbers[2] is null then 'WF_IMPORT_NOT_A_NUMBER:observed_temperature_f'
                   when not (p.numbers[2] between -58 and 302 and p.numbers[2] = round(p.numbers[2], 1))
                        then 'WF_IMPORT_OUT_OF_RANGE:observed_temperature_f'
                   when p.number_texts[3] is null or p.numbers[3] is null then 'WF_IMPORT_NOT_A_NUMBER:api_gravity'
                   when not (p.numbers[3] > 0 and p.numbers[3] <= 100 and p.numbers[3] = round(p.numbers[3], 1))
                        then 'WF_IMPORT_OUT_OF_RANGE:api_gravity'
                   when p.number_texts[4] is not null and p.numbers[4] is null then 'WF_IMPORT_NOT_A_NUMBER:bsw_percent'
                   when not (coalesce(p.numbers[4], 0) >= 0 and coalesce(p.numbers[4], 0) < 100
                             and coalesce(p.numbers[4], 0) = round(coalesce(p.numbers[4], 0), 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:bsw_percent'
                   when p.number_texts[5] is not null and p.numbers[5] is null then 'WF_IMPORT_NOT_A_NUMBER:net_standard_volume'
                   when p.numbers[5] is not null and not (p.numbers[5] >= 0 and p.numbers[5] < 10000000
                                                          and p.numbers[5] = round(p.numbers[5], 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:net_standard_volume'
                   -- Below 60 °F the correction is above 1: a gross volume near the limit can derive a net one over it.
                   when p.numbers[5] is null
                        and round(round(p.numbers[1] * app.crude_oil_ctl(p.numbers[3], p.numbers[2]), 2)
                                  * (1 - coalesce(p.numbers[4], 0) / 100), 2) >= 10000000
                        then 'WF_IMPORT_NET_TOO_LARGE:gross_volume'
               end as reason
          from parsed p)
    select c.line, c.point_label, c.measurement_point_id, c.ticket_number, c.ticket_date, c.purchaser_company_id,
           c.numbers[1], c.numbers[2], c.numbers[3], coalesce(c.numbers[4], 0), c.numbers[5],
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_POINT_REQUIRED' then 'Give the measurement_point_name or the measurement_point_id'
               when 'WF_IMPORT_UNKNOWN_POINT' then format('No measurement point %s in this organization', c.point_label)
               when 'WF_IMPORT_BAD_TICKET' then 'ticket_number is 1-40 characters without spaces'
               when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)', coalesce(c.date_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s is after today', c.ticket_date)
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(
                   c.number_texts[array_position(array['gross_volume', 'observed_temperature_f', 'api_gravity', 'bsw_percent',
                                                       'net_standard_volume'], split_part(c.reason, ':', 2))], 'null'))
               when 'WF_IMPORT_NET_TOO_LARGE' then
                   'The net standard volume derived from gross_volume at this temperature is 10,000,000 barrels or more'
               when 'WF_IMPORT_OUT_OF_RANGE' then case split_part(c.reason, ':', 2)
                   when 'gross_volume' then 'gross_volume is above 0 and under 10,000,000 barrels, 2 decimals'
                   when 'observed_temperature_f' then 'observed_temperature_f is from -58 to 302 °F, 1 decimal'
                   when 'api_gravity' then 'api_gravity is above 0 and at most 100, 1 decimal'
                   when 'bsw_percent' then 'bsw_percent is from 0 to under 100, 2 decimals'
                   else 'net_standard_volume is from 0 to under 10,000,000 barrels, 2 decimals' end
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same ticket twice in one payload: the first valid occurrence wins.
    update ticket_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'ticket_number',
           message = format('Line %s already has this point and ticket number', d.first_line)
      from (select line, min(line) over (partition by measurement_point_id, ticket_number) as first_line
              from ticket_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'measurement_point', point_label,
                                                 'ticket_number', ticket_number, 'code', code, 'field', field,
                                                 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from ticket_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- A ticket sent without a net volume gets it derived, and keeps deriving it (null lets the
    -- trigger derive it again from the new figures).
    with upserted as (
        insert into app.run_tickets as t (organization_id, measurement_point_id, ticket_number, ticket_date,
                                          purchaser_company_id, gross_volume, observed_temperature_f, api_gravity,
                                          bsw_percent, net_standard_volume, created_at, updated_at)
        select organization, measurement_point_id, ticket_number, ticket_date, purchaser_company_id, gross_volume,
               observed_temperature_f, api_gravity, bsw_percent, net_standard_volume, statement_timestamp(),
               statement_timestamp()
          from ticket_import_rows where code is null
         order by measurement_point_id, ticket_number
        on conflict (organization_id, measurement_point_id, ticket_number) do update
           set ticket_date = excluded.ticket_date, purchaser_company_id = excluded.purchaser_company_id,
               gross_volume = excluded.gross_volume, observed_temperature_f = excluded.observed_temperature_f,
               api_gravity = excluded.api_gravity, bsw_percent = excluded.bsw_percent,
               net_standard_volume = case when excluded.net_volume_derived then null else excluded.net_standard_volume end
         where (t.ticket_date, t.purchaser_company_id, t.gross_volume, t.observed_temperature_f, t.api_gravity,
                t.bsw_percent, t.net_standard_volume, t.net_volume_derived)
               is distinct from
               (excluded.ticket_date, excluded.purchaser_company_id, excluded.gross_volume, excluded.observed_temperature_f,
                excluded.api_gravity, excluded.bsw_percent, excluded.net_standard_volume, excluded.net_volume_derived)
        returning t.created_at = t.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.run_tickets_import(uuid, jsonb, text, app.import_mode) is
    'The run ticket import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';

-- The meter statement import, like the production import: every row checked and rejected with the
-- first rule it breaks, then the valid ones upserted by point, month and product.
create or replace function app.meter_statements_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['measurement_point_id', 'measurement_point_name', 'month', 'product', 'volume',
        'heat_content_mmbtu', 'purchaser_company_id', 'purchaser_name'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"measurement_point_name": "Mesa Battery 1", "month": "2024-06", "product": "gas", "volume": 2500, '
        '"heat_content_mmbtu": 2875}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: statement_import_rows (line integer, point_label text, measurement_point_id uuid, '
            'month date, product app.metered_product, volume numeric, heat_content_mmbtu numeric, '
            'purchaser_company_id uuid, code text, field text, message text)';
    create temporary table if not exists statement_import_rows (
        line integer, point_label text, measurement_point_id uuid, month date, product app.metered_product,
        volume numeric, heat_content_mmbtu numeric, purchaser_company_id uuid, code text, field text, message text)
        on commit drop;
    truncate statement_import_rows;

    insert into statement_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    parsed as materialized (
        select i.line, i.item, i.f[1] as point_id_text, i.f[2] as point_name, i.f[3] as month_text,
               i.f[4] as product_text, i.f[5] as volume_text, i.f[6] as heat_text, i.f[7] as purchaser_id_text,
               i.f[8] as purchaser_name,
               -- A month is YYYY-MM or its first day.
               app.parse_date(case when i.f[3] ~ '^\d{4}-\d{2}$' then i.f[3] || '-01' else i.f[3] end) as month,
               (select e from unnest(enum_range(null::app.metered_product)) e where e::text = lower(i.f[4])) as product,
               app.parse_numeric(i.f[5]) as volume, app.parse_numeric(i.f[6]) as heat,
               coalesce(point_by_id.id, point_by_name.id) as measurement_point_id, coalesce(i.f[2], i.f[1]) as point_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from input i
          left join app.measurement_points point_by_id
                 on i.f[1] ~* uuid_pattern and point_by_id.organization_id = organization
                and point_by_id.id = case when i.f[1] ~* uuid_pattern then i.f[1]::uuid end
          left join app.measurement_points point_by_name
                 on i.f[1] is null and point_by_name.organization_id = organization and point_by_name.name = i.f[2]
          left join app.companies purchaser_by_id
                 on i.f[7] ~* uuid_pattern and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when i.f[7] ~* uuid_pattern then i.f[7]::uuid end
          left join app.companies purchaser_by_name
                 on i.f[7] is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = i.f[8]),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.point_id_text is null and p.point_name is null
                        then 'WF_IMPORT_POINT_REQUIRED:measurement_point_name'
                   when p.measurement_point_id is null then 'WF_IMPORT_UNKNOWN_POINT:'
                        || case when p.point_id_text is null then 'measurement_point_name' else 'measurement_point_id' end
                   when p.month is null or p.month <> date_trunc('month', p.month) or not app.is_sane_date(p.month)
                        then 'WF_IMPORT_BAD_MONTH:month'
                   when p.month > current_date then 'WF_IMPORT_FUTURE_DATE:month'
                   when p.product is null then 'WF_IMPORT_BAD_PRODUCT:product'
                   when p.volume is null then 'WF_IMPORT_NOT_A_NUMBER:volume'
                   when not (app.is_volume(p.volume) and p.volume < 100000000) then 'WF_IMPORT_OUT_OF_RANGE:volume'
                   when p.heat_text is not null and p.heat is null then 'WF_IMPORT_NOT_A_NUMBER:heat_content_mmbtu'
                   when p.heat is not null and p.product <> 'gas' then 'WF_IMPORT_HEAT_NOT_GAS:heat_content_mmbtu'
                   when p.heat is not null and not (app.is_volume(p.heat) and p.heat < 100000000)
                        then 'WF_IMPORT_OUT_OF_RANGE:heat_content_mmbtu'
                   when (p.purchaser_id_text is not null or p.purchaser_name is not null) and p.purchaser_company_id is null
                        then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
               end as reason
          from parsed p)
    select c.line, c.point_label, c.measurement_point_id, c.month, c.product, c.volume, c.heat, c.purchaser_company_id,
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_POINT_REQUIRED' then 'Give the measurement_point_name or the measurement_point_id'
               when 'WF_IMPORT_UNKNOWN_POINT' then format('No measurement point %s in this organization', c.point_label)
               when 'WF_IMPORT_BAD_MONTH' then format('%s is not a month (YYYY-MM, from 1900)', coalesce(c.month_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s has not begun', to_char(c.month, 'YYYY-MM'))
               when 'WF_IMPORT_BAD_PRODUCT' then format('%s is not a metered product (gas, water)', coalesce(c.product_text, 'null'))
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(
                   case split_part(c.reason, ':', 2) when 'volume' then c.volume_text else c.heat_text end, 'null'))
               when 'WF_IMPORT_OUT_OF_RANGE' then format('%s is from 0 to under 100,000,000, at most 3 decimals',
                                                         split_part(c.reason, ':', 2))
               when 'WF_IMPORT_HEAT_NOT_GAS' then 'Only a gas statement has a heat content'
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same point, month and product twice in one payload: the first valid occurrence wins.
    update statement_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'product',
           message = format('Line %s already has this point, month and product', d.first_line)
      from (select line, min(line) over (partition by measurement_point_id, month, product) as first_line
              from statement_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'measurement_point', point_label, 'month',
                                                 to_char(month, 'YYYY-MM'), 'code', code, 'field', field,
                                                 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from statement_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    with upserted as (
        insert into app.meter_statements as s (organization_id, measurement_point_id, month, product, volume,
                                               heat_content_mmbtu, purchaser_company_id, created_at, updated_at)
        select organization, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
               statement_timestamp(), statement_timestamp()
          from statement_import_rows where code is null
         order by measurement_point_id, month, product
        on conflict (organization_id, measurement_point_id, month, product) do update
           set volume = excluded.volume, heat_content_mmbtu = excluded.heat_content_mmbtu,
               purchaser_company_id = excluded.purchaser_company_id
         where (s.volume, s.heat_content_mmbtu, s.purchaser_company_id)
               is distinct from (excluded.volume, excluded.heat_content_mmbtu, excluded.purchaser_company_id)
        returning s.created_at = s.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.meter_statements_import(uuid, jsonb, text, app.import_mode) is
    'The meter statement import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';

commit;
