-- Deploy wellflow:revenue_from_sales_statements to pg
-- Revenue an operator can pay from: owners carry their type, tax id (EIN or SSN, masked outside
-- finance), W-9 status and remittance address; sales statements (volume, heat, price, deductions by
-- type, bulk import) are the distribution's input; severance components carry their exempt owner
-- types and deductible deduction types; leases can make royalty cost-free; the engine distributes a
-- whole month set-based and records where its volume came from.
begin;
set local role wellflow_owner;

-- Who the owner is, for taxes and year-end reporting: the severance exemptions of royalty paid to the
-- United States, a state or a tribe (ref.severance_tax_rates.exempt_owner_types) and 1099 reporting
-- depend on it.
create type app.owner_type as enum (
    'individual', 'business', 'partnership', 'trust', 'estate', 'nonprofit', 'federal', 'state', 'tribal', 'municipal');
-- Individuals report a social security number, entities an employer identification number (IRS Form W-9).
create type app.tax_id_type as enum ('ein', 'ssn');
create type app.w9_status as enum ('missing', 'requested', 'received');
create type app.payment_method as enum ('check', 'ach');

-- What purchasers buy. Condensate is paid on the oil deck and NGLs (plant products of the well's
-- gas) on the gas deck; each is taxed at the rates of that product (app.base_product).
create type app.sales_product as enum ('oil', 'gas', 'ngl', 'condensate');
-- Post-production costs a purchaser or the operator deducts from the sales value. Which of them
-- reduce a tax's taxable value is a dated rule per tax (ref.severance_tax_rates); who bears them
-- follows the lease (app.leases.royalty_cost_free) and the division order.
create type app.deduction_type as enum (
    'transportation', 'gathering', 'compression', 'dehydration', 'treating', 'marketing', 'other');
-- Gas is often priced per MMBtu of heat content rather than per mcf.
create type app.price_basis as enum ('volume', 'mmbtu');

-- Where a distribution's volume and price come from: the month's sales statements (owners are
-- paid on what was sold), or, chosen explicitly, the month's production at a given price, or a
-- volume and price entered by hand.
create type app.volume_source as enum ('sales_statements', 'production', 'entered');


-- Role triggers may name several role sets.
create or replace function app.require_org_role() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    roles text[] := array(select distinct r from unnest(tg_argv) a, unnest(app.role_set_roles(a::app.role_set)) r order by r);
begin
    -- Only requests that carry an organization role (PostgREST, the worker acting for a
    -- user) are checked; migrations and maintenance run without one.
    if app.current_org_role() is not null and not app.current_org_role() = any (roles) then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not %s %s', app.current_org_role(), lower(tg_op), tg_table_name), null,
            format('Roles that may: %s', array_to_string(roles, ', ')));
    end if;
    return null;
end
$$;
comment on function app.require_org_role() is
    'Statement trigger: refuses the write with 403 WF_ROLE_FORBIDDEN unless the organization role belongs to one of the '
    'role sets named by the trigger arguments.';

-- Sales: what one purchaser statement line can hold. A price per barrel, mcf or MMBtu has 4
-- decimals as purchasers print it; amounts are whole cents.
create function app.is_sold_volume(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 10000000000 and value = round(value, 3) $$;
comment on function app.is_sold_volume(numeric) is 'A sold volume (bbl, mcf or MMBtu): 0 to under 10 billion, at most 3 decimals.';

create function app.is_unit_price(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 1000000 and value = round(value, 4) $$;
comment on function app.is_unit_price(numeric) is 'A price per unit in US dollars: 0 to under 1,000,000, at most 4 decimals.';

create function app.is_money_amount(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value < 1000000000000 and value = round(value, 2) $$;
comment on function app.is_money_amount(numeric) is 'An amount in US dollars: 0 to under 1,000,000,000,000, whole cents.';

grant execute on function app.is_sold_volume(numeric), app.is_unit_price(numeric), app.is_money_amount(numeric)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

create function app.base_product(product app.sales_product) returns app.product
language sql immutable parallel safe
set search_path = pg_catalog
as $$
    select case product when 'oil' then 'oil' when 'condensate' then 'oil' else 'gas' end::app.product
$$;
comment on function app.base_product(app.sales_product) is
    'The deck and the tax rates a sold product follows: condensate those of oil, NGLs those of gas.';
grant execute on function app.base_product(app.sales_product) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- Owners: type, tax id of either kind, W-9, backup withholding, owner number, remittance address.
-- Every tax id stored so far is an EIN (the only form the old check took).
alter table app.companies
    add column owner_type app.owner_type,
    add column tax_id_type app.tax_id_type,
    -- A constant default: no table rewrite.
    add column w9_status app.w9_status not null default 'missing',
    add column backup_withholding boolean not null default false,
    add column payment_method app.payment_method not null default 'check',
    add column owner_number text constraint companies_owner_number_check check (owner_number ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,19}$'),
    add column remittance_address text constraint companies_remittance_address_check check (char_length(btrim(remittance_address)) between 1 and 500);
-- As the superuser: row level security would hide every organization's rows from the owner.
reset role;
update app.companies set tax_id_type = 'ein' where tax_id is not null;
set local role wellflow_owner;
alter table app.companies drop constraint companies_tax_id_check;
-- Companies number in the thousands per organization: the validating scan takes milliseconds.
-- squawk-ignore constraint-missing-not-valid
alter table app.companies add constraint companies_tax_id_check check (
        case tax_id_type when 'ein' then tax_id ~ '^[0-9]{2}-[0-9]{7}$'
                         when 'ssn' then tax_id ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$'
                         else tax_id is null end);
-- The column is new and empty, and app.companies small: the index builds in milliseconds inside the
-- deploy's transaction (where it cannot be built concurrently).
-- squawk-ignore disallowed-unique-constraint, constraint-missing-not-valid
alter table app.companies add constraint companies_owner_number_key unique (organization_id, owner_number);
-- Accountants keep owners' payment and tax records; asset writers keep partners, vendors and contractors.
drop trigger companies_require_asset_writer on app.companies;
create trigger companies_require_asset_writer before insert or update or delete on app.companies
    for each statement execute function app.require_org_role('asset_writers', 'finance_writers');

drop policy companies_asset_writer_insert on app.companies;
create policy companies_asset_writer_insert on app.companies
    for insert
    with check (organization_id = (select app.current_organization_id())
                and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))));
drop policy companies_asset_writer_update on app.companies;
create policy companies_asset_writer_update on app.companies
    for update
    using (organization_id = (select app.current_organization_id())
           and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))))
    with check (organization_id = (select app.current_organization_id()));
drop policy companies_asset_writer_delete on app.companies;
create policy companies_asset_writer_delete on app.companies
    for delete
    using (organization_id = (select app.current_organization_id())
           and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))));

-- A tax id as the current role may see it: whole for the roles that pay owners, else the last four
-- digits, as on a 1099 recipient copy.
create function app.visible_tax_id(tax_id text, tax_id_type app.tax_id_type) returns text
language sql stable
set search_path = pg_catalog, app
as $$
    select case when tax_id is null or app.current_role_may('finance_writers') then tax_id
                when tax_id_type = 'ssn' then '***-**-' || right(tax_id, 4)
                else '**-***' || right(tax_id, 4) end
$$;
comment on function app.visible_tax_id(text, app.tax_id_type) is
    'The tax id whole for owners, admins and accountants, masked to its last four digits for everyone else.';
grant execute on function app.visible_tax_id(text, app.tax_id_type) to wellflow_api, wellflow_user, wellflow_analyst, wellflow_worker;

-- Dashes are optional on input; the stored form is the IRS's printed one.
create function app.company_tax_id_set(company_id uuid, tax_id_type app.tax_id_type, tax_id text) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    digits text := regexp_replace(coalesce(tax_id, ''), '[\s-]', '', 'g');
    formatted text;
    changed uuid;
begin
    perform app.assert_org_role('set tax ids', 'finance_writers');
    if tax_id is not null and tax_id_type is null then
        perform app.raise_error(400, 'WF_TAX_ID_INPUT', 'tax_id_type is ein or ssn', 'tax_id_type', null);
    end if;
    if tax_id is not null then
        if digits !~ '^[0-9]{9}$' then
            perform app.raise_error(400, 'WF_TAX_ID_INPUT',
                format('A tax id has 9 digits; got %s', length(digits)), 'tax_id', 'EIN NN-NNNNNNN, SSN NNN-NN-NNNN');
        end if;
        formatted := case tax_id_type when 'ein' then substr(digits, 1, 2) || '-' || substr(digits, 3)
                                      else substr(digits, 1, 3) || '-' || substr(digits, 4, 2) || '-' || substr(digits, 6) end;
    end if;
    update app.companies c
       set tax_id = formatted, tax_id_type = case when formatted is null then null else company_tax_id_set.tax_id_type end
     where c.organization_id = app.current_organization_id() and c.id = company_id
    returning c.id into changed;
    if changed is null then
        perform app.raise_error(404, 'WF_COMPANY_NOT_FOUND', format('No company %s in this organization', company_id),
            'company_id', null);
    end if;
    return changed;
end
$$;
comment on function app.company_tax_id_set(uuid, app.tax_id_type, text) is
    'Sets or clears a company''s tax id (finance roles); the audit log keeps the change.';
grant execute on function app.company_tax_id_set(uuid, app.tax_id_type, text) to wellflow_api;

-- Leases and division orders: who bears post-production deductions.
alter table app.leases add column royalty_cost_free boolean not null default false;
alter table app.division_orders add column bears_deductions boolean;

create function app.import_layout(rows jsonb, csv text, allowed text[], example text,
                                  out header_width integer, out positions integer[])
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    header text[];
    unknown text;
    received integer;
    long_line record;
begin
    if (rows is null) = (csv is null) then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'Send either rows (a JSON array of objects) or csv (text)',
            'rows', 'Example: {"rows": [' || example || ']}');
    end if;
    if rows is not null and jsonb_typeof(rows) <> 'array' then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'rows must be a JSON array of objects', 'rows', null);
    end if;

    -- Every field as text, one row per input row: from JSON objects, or from CSV fields by the
    -- header's positions. item keeps what the report needs to describe malformed rows.
    if rows is not null then
        select key into unknown
          from jsonb_array_elements(rows) element,
               jsonb_object_keys(case when jsonb_typeof(element) = 'object' then element else '{}' end) key
         where key <> all (allowed) limit 1;
    else
        -- Sizes first, each found without parsing: 50,000 rows of the known columns fit in a few
        -- megabytes and lines of a few hundred characters, so anything far beyond is refused.
        if octet_length(csv) > 16 * 1024 * 1024 then
            perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
                format('csv has %s bytes; one call takes at most 16 MiB', octet_length(csv)), 'csv',
                'Split the file by month or by wells');
        end if;
        received := length(csv) - length(replace(csv, E'\n', ''));
        if received > 100000 then
            perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
                format('csv has %s lines; one call takes at most 100000, blank ones included', received), 'csv',
                'Split the file by month or by wells');
        end if;
        select ordinality, octet_length(text_line) into long_line
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where octet_length(text_line) > 4000 limit 1;
        if found then
            perform app.raise_error(400, 'WF_IMPORT_LINE_TOO_LONG',
                format('Line %s has %s bytes; a line has at most 4000', long_line.ordinality, long_line.octet_length),
                'csv', null);
        end if;
        -- Line 1 is the header; blank lines are skipped but keep their number for the report.
        header := app.csv_fields(lower(replace(rtrim(split_part(csv, E'\n', 1), E'\r'), ' ', '')));
        if header is null or header = '{""}' then
            perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'csv needs a header line naming its columns', 'csv',
                array_to_string(allowed, ','));
        end if;
        select name into unknown from unnest(header) name where name <> all (allowed) limit 1;
        -- Where each allowed column sits in the header (NULL when absent), found once.
        header_width := cardinality(header);
        select array_agg(array_position(header, name) order by n) into positions
          from unnest(allowed) with ordinality as a (name, n);
    end if;
    if unknown is not null then
        perform app.raise_error(400, 'WF_IMPORT_UNKNOWN_COLUMN', format('Unknown column %s', unknown), unknown,
            'Columns: ' || array_to_string(allowed, ', '));
    end if;

    -- At most 50,000 rows a call, refused before any work. A CSV has at most as many rows as line
    -- breaks (one fewer when it ends with one); only a file over that bound has its rows counted.
    received := coalesce(jsonb_array_length(rows),
                         length(csv) - length(replace(csv, E'\n', '')) - (right(csv, 1) = E'\n')::integer);
    if received > 50000 and csv is not null then
        select count(*) into received
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> '';
    end if;
    if received > 50000 then
        perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
            format('%s rows received; one call takes at most 50000', received), 'rows', 'Split the file by month or by wells');
    end if;

end
$$;
comment on function app.import_layout(jsonb, text, text[], text) is
    'Checks an import payload''s shape, columns and size; the CSV header''s width and the position of each allowed column.';

create or replace function app.production_import_layout(rows jsonb, csv text, out header_width integer, out positions integer[])
language sql stable
set search_path = pg_catalog, app
as $$
    select l.header_width, l.positions
      from app.import_layout(rows, csv,
               array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl', 'hours_on',
                     'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'],
               '{"well_number": "42-501-20130", "production_date": "2026-01-01", "oil_bbl": 120}') l
$$;
comment on function app.production_import_layout(jsonb, text) is
    'Import step 1: checks the payload''s shape, columns and size; the CSV header''s width and column positions.';

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
    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
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

-- Severance components: their exempt owner types and deductible deduction types, with the statutes.
alter table ref.severance_tax_rates
    add column exempt_owner_types app.owner_type[] not null default '{}'
        constraint severance_tax_rates_exempt_owner_types_check check (array_position(exempt_owner_types, null) is null),
    add column deductible_deduction_types app.deduction_type[] not null default '{}'
        constraint severance_tax_rates_deductible_deduction_types_check check (array_position(deductible_deduction_types, null) is null);
delete from ref.severance_tax_rates;
insert into ref.severance_tax_rates (state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount,
                                     exempt_owner_types, deductible_deduction_types, source) values
    ('42', 'oil', 'Oil production tax', '1990-01-01', null, 0.046, 0, '{}', '{}',
     'Texas Tax Code §202.052: 4.6 percent of the market value of oil produced'),
    ('42', 'gas', 'Gas production tax', '1990-01-01', null, 0.075, 0, '{}',
     '{gathering,compression,dehydration,treating,transportation}',
     'Texas Tax Code §201.052: 7.5 percent of the market value of gas produced; §201.101: market value is '
     'after the marketing costs of compressing, dehydrating, sweetening (treating) and delivering (gathering, transportation) the gas'),
    ('30', 'oil', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value; §7-29-4.1 and §7-29-2: taxable value excludes royalties paid to the '
     'United States, the State of New Mexico and Indian tribes, less trucking and transportation expenses'),
    ('30', 'gas', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value; §7-29-4.1 and §7-29-2: taxable value excludes royalties paid to the '
     'United States, the State of New Mexico and Indian tribes, less transportation and processing expenses'),
    ('30', 'oil', 'Oil and gas emergency school tax', '1990-01-01', null, 0.0315, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-31-4(A)(1): 3.15 percent of taxable value of oil; §7-31-5: the same exclusions and deductions'),
    ('30', 'gas', 'Oil and gas emergency school tax', '1990-01-01', null, 0.04, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-31-4(A)(3): 4 percent of taxable value of natural gas; §7-31-5: the same exclusions and deductions'),
    ('30', 'oil', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-30-4(A): 0.19 percent (0.24 percent for oil in a quarter after WTI averaged over $70; add a dated row '
     'for such quarters); §7-30-5: the same exclusions and deductions'),
    ('30', 'gas', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-30-4(A): 0.19 percent of taxable value; §7-30-5: the same exclusions and deductions'),
    ('33', 'oil', 'Oil gross production tax', '1990-01-01', null, 0.05, 0, '{federal,state,tribal,municipal}',
     '{transportation}',
     'NDCC §57-51-02: 5 percent of the gross value at the well (§57-51-01: less transportation costs); royalty from '
     'federal, state, municipal and tribal holdings is exempt (chapter 57-51; Tax Department guidance)'),
    ('33', 'oil', 'Oil extraction tax', '2016-01-01', null, 0.05, 0, '{}', '{transportation}',
     'NDCC §57-51.1-02: 5 percent of the gross value at the point of extraction (6.5 percent before 2016; the price trigger '
     'was removed in 2023); well exemptions (stripper, secondary recovery) are per well, not per owner'),
    ('33', 'gas', 'Gas gross production tax', '2018-07-01', '2019-06-30', 0, 0.0705, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate, $0.04 x the gas fuels producer price index average of the '
     'previous calendar year / 75.7 (NDAC 81-09-02-18); Tax Commissioner notice for fiscal year 2019: $0.0705 per mcf. '
     'Each fiscal year''s published rate is a row of its own.');

-- Distributions: any sold product, where the volume came from, heat content; lines say who bore
-- deductions and whose royalty was tax exempt. The engine is rebuilt set-based.
set local role wellflow_api;
drop function api.approve_revenue_distribution(uuid);
drop view api.owner_statements;
drop view api.owner_suspense_balances;
drop view api.revenue_distribution_lines;
drop view api.revenue_distributions;
drop view api.severance_tax_rates;
drop view api.companies;
drop function api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric);
set local role wellflow_owner;
drop function app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric);
drop function app.write_distribution_lines(uuid, uuid, uuid, numeric, numeric, numeric, numeric, numeric);
drop function app.load_distribution_deck(uuid, app.wells, app.product, date);
drop function app.severance_tax_in_effect(text, app.product, date);
alter table app.revenue_distributions drop constraint revenue_distributions_product_check;
-- Distributions are a few per well and month; the rewrite runs inside the deploy's window.
-- squawk-ignore changing-column-type
alter table app.revenue_distributions alter column product type app.sales_product using product::text::app.sales_product;
-- Distributions calculated so far were given their volume and price on the call.
-- squawk-ignore adding-field-with-default
alter table app.revenue_distributions
    add column volume_source app.volume_source not null default 'entered',
    add column heat_content_mmbtu numeric(14,3),
    -- A month's corrections, 0-999.
    -- squawk-ignore prefer-bigint-over-int
    add column revision integer not null default 0
        constraint revenue_distributions_revision_check check (revision between 0 and 999);
-- The key gains the revision: distributions are a few rows per well and month, and the index is
-- rebuilt inside the deploy's transaction.
alter table app.revenue_distributions drop constraint revenue_distributions_well_id_key;
alter table app.revenue_distributions
    -- squawk-ignore disallowed-unique-constraint, constraint-missing-not-valid
    add constraint revenue_distributions_well_id_key unique (organization_id, well_id, sales_month, product, revision);
alter table app.revenue_distributions alter column volume_source set default 'sales_statements';
alter table app.revenue_distribution_lines
    add column bears_deductions boolean not null default true,
    add column tax_exempt boolean not null default false;

create or replace function app.refuse_approved_distribution(distribution_status app.distribution_status) returns void
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

-- The lines' guard and the audit of distributions and lines run once per statement.
drop trigger revenue_distribution_lines_guard on app.revenue_distribution_lines;
drop function app.revenue_distribution_lines_guard();
drop trigger revenue_distributions_audit on app.revenue_distributions;
drop trigger revenue_distribution_lines_audit on app.revenue_distribution_lines;
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
                                                tax_residue, deductions_residue, pay_status, suspense_reason)
    select org, l.distribution_id, l.division_order_id, l.owner_company_id, l.interest_type, l.decimal_interest,
           l.bears_deductions, l.tax_exempt, l.gross, l.tax, l.deductions, l.gross - l.tax - l.deductions,
           l.gross_residue, l.tax_residue, l.deductions_residue, l.pay_status, l.suspense_reason
      from distribution_lines l;

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
create or replace function app.require_amount(value numeric, field text, scale integer, required boolean default true,
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
            select case when app.base_product(distribute_revenue.product) = 'oil' then m.oil_bbl else m.gas_mcf end
              into volume
              from app.production_monthly_wells m
             where m.organization_id = org and m.well_id = well.id and m.month = first_day;
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

grant execute on function app.distribute_revenue(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric),
    app.distribute_revenue_month(date) to wellflow_api;

set local role wellflow_api;
create view api.companies as
    select organization_id, id, name, roles, owner_type, owner_number,
           app.visible_tax_id(tax_id, tax_id_type) as tax_id, tax_id_type, w9_status, backup_withholding,
           state_operator_numbers, address_line1, address_line2,
           city, state_province, postal_code, country_code, payment_method, remittance_address, contact_name, contact_email,
           contact_phone,
           created_at, updated_at
      from app.companies;
alter view api.companies alter column organization_id set default app.current_organization_id();
comment on view api.companies is
    'Partners, purchasers, vendors, contractors and royalty owners. Everyone reads; owners, admins, managers, engineers and accountants write.';
comment on column api.companies.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.companies.id is 'Company id (UUID v7).';
comment on column api.companies.name is 'Legal name, unique in the organization, 1-200 characters.';
comment on column api.companies.roles is
    'At least one of: operator, non_operating_partner, purchaser, vendor, drilling_contractor, service_company, royalty_owner, overriding_royalty_owner, transporter, regulator.';
comment on column api.companies.owner_type is
    'individual, business, partnership, trust, estate, nonprofit, federal, state, tribal or municipal: decides tax exemptions and 1099 reporting.';
comment on column api.companies.owner_number is 'The operator''s number for the owner, printed on statements: up to 20 letters, digits and dashes, unique.';
comment on column api.companies.tax_id is
    'EIN (NN-NNNNNNN) or SSN (NNN-NN-NNNN); owners, admins and accountants read it whole, other roles only its last four digits. '
    'Set with /rpc/set_company_tax_id.';
comment on column api.companies.tax_id_type is 'ein or ssn.';
comment on column api.companies.w9_status is 'missing, requested or received (IRS Form W-9).';
comment on column api.companies.backup_withholding is 'Payments to the owner are subject to backup withholding.';
comment on column api.companies.payment_method is 'How the owner is paid: check (default) or ach.';
comment on column api.companies.remittance_address is 'Where payments go, as the lines of an envelope, when not the address above.';
comment on column api.companies.state_operator_numbers is
    'Operator numbers issued by state agencies as a JSON object of strings, e.g. {"TX-RRC-P5": "123456"}.';
comment on column api.companies.address_line1 is 'Street address.';
comment on column api.companies.address_line2 is 'Suite, floor or PO box.';
comment on column api.companies.city is 'City.';
comment on column api.companies.state_province is 'State or province.';
comment on column api.companies.postal_code is 'ZIP or postal code.';
comment on column api.companies.country_code is 'ISO 3166-1 alpha-2 country code; defaults to US.';
comment on column api.companies.contact_name is 'Primary contact person.';
comment on column api.companies.contact_email is 'Primary contact e-mail.';
comment on column api.companies.contact_phone is 'Primary contact phone number.';
comment on column api.companies.created_at is 'When the company was created.';
comment on column api.companies.updated_at is 'When the company was last changed.';

grant select on api.companies
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.companies
    to wellflow_user;
create function api.set_company_tax_id(company_id uuid, tax_id_type app.tax_id_type default null, tax_id text default null)
returns setof api.companies
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    changed uuid := app.company_tax_id_set(company_id, tax_id_type, tax_id);
begin
    return query select * from api.companies c where c.id = changed;
end
$$;
comment on function api.set_company_tax_id(uuid, app.tax_id_type, text) is
    'Sets a company''s tax id: tax_id_type ein (NN-NNNNNNN) or ssn (NNN-NN-NNNN), dashes optional; no tax_id clears it. '
    'Owners, admins and accountants. An owner without a tax id is paid nothing: its revenue is held in suspense as missing_tax_id.';
grant execute on function api.set_company_tax_id(uuid, app.tax_id_type, text) to wellflow_user;

create or replace view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at, boundary, royalty_cost_free
      from app.leases;
alter view api.leases alter column organization_id set default app.current_organization_id();
comment on view api.leases is
    'Mineral leases with acreage, interests and term. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.leases.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.leases.id is 'Lease id (UUID v7).';
comment on column api.leases.lease_number is 'Lease number, unique in the organization, 1-64 characters.';
comment on column api.leases.name is 'Lease name, 1-200 characters.';
comment on column api.leases.lessor is 'Mineral owner who granted the lease.';
comment on column api.leases.field_id is 'The field (see /fields).';
comment on column api.leases.state_code is 'Well-number state code (see /well_number_states).';
comment on column api.leases.county_code is 'Well-number county code within state_code (see /well_number_counties).';
comment on column api.leases.legal_description is 'Section-township-range, or abstract/survey/block in Texas.';
comment on column api.leases.gross_acres is 'Gross acres, > 0, up to 4 decimals.';
comment on column api.leases.net_acres is 'Net acres, > 0 and at most gross_acres, up to 4 decimals.';
comment on column api.leases.royalty_rate is 'Lessor royalty as a decimal in [0, 1], up to 8 decimals (3/16 = 0.1875).';
comment on column api.leases.working_interest is 'Operator working interest, decimal in [0, 1], up to 8 decimals.';
comment on column api.leases.net_revenue_interest is 'Operator net revenue interest, decimal in [0, 1], up to 8 decimals, at most working_interest.';
comment on column api.leases.effective_date is 'First day of the lease term.';
comment on column api.leases.expiration_date is 'End of the primary term; not before effective_date.';
comment on column api.leases.status is 'pending, active, held_by_production, expired, terminated or released.';
comment on column api.leases.royalty_cost_free is
    'true when the royalty clause is cost-free: royalty owners (ri, orri, npri) bear no post-production deductions, the working '
    'interests bear their share. A division order''s bears_deductions overrides it for one owner.';
comment on column api.leases.created_at is 'When the lease was created.';
comment on column api.leases.updated_at is 'When the lease was last changed.';
comment on column api.leases.boundary is
    'The lease outline, a Polygon or MultiPolygon (SRID 4326), or null. Read-only here: set it with '
    '/rpc/set_lease_boundary (GeoJSON). Ask with Accept: application/geo+json for a FeatureCollection.';

-- Writes name their columns: the boundary is set through api.set_lease_boundary, which reads
-- GeoJSON and answers a clear error for a bad shape.
grant insert (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, royalty_cost_free, created_at, updated_at),
      update (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, royalty_cost_free, created_at, updated_at),
      delete on api.leases
    to wellflow_user;
create or replace view api.division_orders as
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

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.severance_tax_rates as
    with readable as (
        select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, exempt_owner_types,
               deductible_deduction_types, source
          from ref.severance_tax_rates)
    select * from readable;
comment on view api.severance_tax_rates is 'State severance and production tax components used by revenue distributions, with their sources.';
comment on column api.severance_tax_rates.state_code is 'Well-number state code (42 Texas, 30 New Mexico, 33 North Dakota).';
comment on column api.severance_tax_rates.product is 'oil or gas.';
comment on column api.severance_tax_rates.tax_name is 'The tax component.';
comment on column api.severance_tax_rates.effective_from is 'First day the rate applies.';
comment on column api.severance_tax_rates.effective_to is 'Last day the rate applies; empty while current.';
comment on column api.severance_tax_rates.value_rate is 'Share of the sales value (0.046 = 4.6 %).';
comment on column api.severance_tax_rates.unit_amount is 'Dollars per barrel or mcf.';
comment on column api.severance_tax_rates.exempt_owner_types is
    'Owner types whose royalty (ri, orri, npri) the component does not tax, e.g. {federal,state,tribal} in New Mexico.';
comment on column api.severance_tax_rates.deductible_deduction_types is
    'Deduction types that reduce the taxable value, e.g. {transportation} (see /sales_statements).';
comment on column api.severance_tax_rates.source is 'Statute or notice the rate comes from.';
grant select on api.severance_tax_rates
    to wellflow_user, wellflow_analyst;


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
comment on column api.revenue_distribution_lines.bears_deductions is
    'Whether the owner bore deductions (false for royalty on a cost-free lease unless the division order says otherwise).';
comment on column api.revenue_distribution_lines.tax_exempt is
    'Whether the owner''s royalty was exempt from every tax component (royalty of the United States, a state or a tribe where exempt).';
comment on column api.revenue_distribution_lines.gross_value is 'Sales value x decimal, to the cent (plus gross_residue on the operator''s line).';
comment on column api.revenue_distribution_lines.severance_tax is 'The owner''s severance tax on its taxable value.';
comment on column api.revenue_distribution_lines.other_deductions is
    'The owner''s share of the deductions: their total x its decimal / the decimals of the owners who bear them.';
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
    'takes the month''s produced volume at the given price; entered takes the given volume and price. Taxes per component on '
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
grant select on api.revenue_distributions, api.revenue_distribution_lines, api.owner_statements, api.owner_suspense_balances
    to wellflow_user, wellflow_analyst;
grant execute on function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric),
    api.distribute_revenue_month(date), api.approve_revenue_distribution(uuid)
    to wellflow_user;
commit;
