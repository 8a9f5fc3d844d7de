-- Revert wellflow:revenue_from_sales_statements from pg
-- Back to distributions given their volume and price on the call, EIN-only tax ids and flat tax
-- rates. Sales statements, NGL and condensate distributions and SSNs are dropped with the tables
-- and columns that hold them; an approved NGL or condensate distribution stops the revert.
begin;
set local role wellflow_api;
drop function api.distribute_revenue_month(date);
drop function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric);
drop function api.approve_revenue_distribution(uuid);
drop view api.owner_statements;
drop view api.owner_suspense_balances;
drop view api.revenue_distribution_lines;
drop view api.revenue_distributions;
drop function api.import_sales_statements(jsonb, text, app.import_mode);
drop view api.sales_statements;
drop function api.set_company_tax_id(uuid, app.tax_id_type, text);
drop view api.companies;
drop view api.severance_tax_rates;
drop view api.division_orders;
drop function api.set_lease_boundary(uuid, jsonb);
drop view api.leases;

set local role wellflow_owner;
drop function app.distribute_revenue_month(date);
drop function app.distribute_revenue(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric);
drop function app.distribution_month(date);
drop function app.distribution_inputs_from_sales(uuid, date, uuid, app.sales_product);
drop function app.distribution_inputs_prepare();
drop function app.distribute_revenue_inputs(uuid, date, boolean);
-- Data changes as the superuser: row level security would hide every organization's rows from the owner.
reset role;
delete from app.revenue_distributions where product in ('ngl', 'condensate');
alter table app.revenue_distribution_lines drop column bears_deductions, drop column tax_exempt;
delete from app.revenue_distributions where revision > 0;
set local role wellflow_owner;
alter table app.revenue_distributions drop constraint revenue_distributions_well_id_key;
alter table app.revenue_distributions drop column volume_source, drop column heat_content_mmbtu, drop column revision;
alter table app.revenue_distributions
    add constraint revenue_distributions_well_id_key unique (organization_id, well_id, sales_month, product);
alter table app.revenue_distributions alter column product type app.product using product::text::app.product;
alter table app.revenue_distributions add constraint revenue_distributions_product_check check (product <> 'all');

drop function app.sales_statements_import(uuid, jsonb, text, app.import_mode);
drop table app.sales_statements;

delete from ref.severance_tax_rates;
alter table ref.severance_tax_rates drop column exempt_owner_types, drop column deductible_deduction_types;
insert into ref.severance_tax_rates (state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, source) values
    ('42', 'oil', 'Oil production tax', '1990-01-01', null, 0.046, 0,
     'Texas Tax Code §202.052: 4.6 percent of the market value of oil produced'),
    ('42', 'gas', 'Gas production tax', '1990-01-01', null, 0.075, 0,
     'Texas Tax Code §201.052: 7.5 percent of the market value of gas produced'),
    ('30', 'oil', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0,
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value'),
    ('30', 'gas', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0,
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value'),
    ('30', 'oil', 'Oil and gas emergency school tax', '1990-01-01', null, 0.0315, 0,
     'NMSA 1978 §7-31-4(A)(1): 3.15 percent of taxable value of oil'),
    ('30', 'gas', 'Oil and gas emergency school tax', '1990-01-01', null, 0.04, 0,
     'NMSA 1978 §7-31-4(A)(3): 4 percent of taxable value of natural gas'),
    ('30', 'oil', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0,
     'NMSA 1978 §7-30-4(A): 0.19 percent (0.24 percent for oil in a quarter after WTI averaged over $70; add a dated row for such quarters)'),
    ('30', 'gas', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0,
     'NMSA 1978 §7-30-4(A): 0.19 percent of taxable value'),
    ('33', 'oil', 'Oil gross production tax', '1990-01-01', null, 0.05, 0,
     'NDCC §57-51-02: 5 percent of the gross value at the well'),
    ('33', 'oil', 'Oil extraction tax', '2016-01-01', null, 0.05, 0,
     'NDCC §57-51.1-02: 5 percent of the gross value at the point of extraction (6.5 percent before 2016; the price trigger was removed in 2023)'),
    ('33', 'gas', 'Gas gross production tax', '2018-07-01', '2019-06-30', 0, 0.0705,
     'NDCC §57-51-02.2; Tax Commissioner notice for fiscal year 2019: $0.0705 per mcf. Add each fiscal year''s published rate as a row.');

-- Tax ids other than EINs have no place in the old check.
reset role;
update app.companies set tax_id = null where tax_id_type is distinct from 'ein' and tax_id is not null;
set local role wellflow_owner;
alter table app.companies drop constraint companies_tax_id_check;
alter table app.companies drop constraint companies_owner_number_key;
alter table app.companies drop column owner_type, drop column tax_id_type, drop column w9_status,
    drop column backup_withholding, drop column payment_method, drop column owner_number, drop column remittance_address;
alter table app.companies add constraint companies_tax_id_check check (tax_id ~ '^[0-9]{2}-[0-9]{7}$');
drop function app.company_tax_id_set(uuid, app.tax_id_type, text);
drop function app.visible_tax_id(text, app.tax_id_type);
drop trigger companies_require_asset_writer on app.companies;
create trigger companies_require_asset_writer before insert or update or delete on app.companies
    for each statement execute function app.require_org_role('asset_writers');

drop policy companies_asset_writer_insert on app.companies;
create policy companies_asset_writer_insert on app.companies
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
drop policy companies_asset_writer_update on app.companies;
create policy companies_asset_writer_update on app.companies
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
drop policy companies_asset_writer_delete on app.companies;
create policy companies_asset_writer_delete on app.companies
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

alter table app.leases drop column royalty_cost_free;
alter table app.division_orders drop column bears_deductions;
drop function app.base_product(app.sales_product);
drop function app.is_sold_volume(numeric);
drop function app.is_unit_price(numeric);
drop function app.is_money_amount(numeric);

create or replace function app.require_org_role() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    roles text[] := app.role_set_roles(tg_argv[0]::app.role_set);
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
    'Statement trigger: refuses the write with 403 WF_ROLE_FORBIDDEN unless the organization role belongs to the '
    'role set named by the trigger argument.';

create or replace function app.production_import_layout(rows jsonb, csv text, out header_width integer, out positions integer[])
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    allowed constant text[] := array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl',
        'hours_on', 'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'];
    header text[];
    unknown text;
    received integer;
    long_line record;
begin
    if (rows is null) = (csv is null) then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'Send either rows (a JSON array of objects) or csv (text)',
            'rows', 'Example: {"rows": [{"well_number": "42-501-20130", "production_date": "2026-01-01", "oil_bbl": 120}]}');
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
                'well_number,production_date,oil_bbl,gas_mcf,water_bbl,hours_on');
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
comment on function app.production_import_layout(jsonb, text) is
    'Import step 1: checks the payload''s shape, columns and size; the CSV header''s width and column positions.';
drop function app.import_layout(jsonb, text, text[], text);

create or replace function app.refuse_approved_distribution(distribution_status app.distribution_status) returns void
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

drop trigger revenue_distribution_lines_guard_insert on app.revenue_distribution_lines;
drop trigger revenue_distribution_lines_guard_update_new on app.revenue_distribution_lines;
drop trigger revenue_distribution_lines_guard_update_old on app.revenue_distribution_lines;
drop trigger revenue_distribution_lines_guard_delete on app.revenue_distribution_lines;
drop function app.revenue_distribution_lines_guard_new();
drop function app.revenue_distribution_lines_guard_old();
drop trigger revenue_distributions_audit_insert on app.revenue_distributions;
drop trigger revenue_distributions_audit_update on app.revenue_distributions;
drop trigger revenue_distributions_audit_delete on app.revenue_distributions;
drop trigger revenue_distribution_lines_audit_insert on app.revenue_distribution_lines;
drop trigger revenue_distribution_lines_audit_update on app.revenue_distribution_lines;
drop trigger revenue_distribution_lines_audit_delete on app.revenue_distribution_lines;
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
create trigger revenue_distribution_lines_guard before insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.revenue_distribution_lines_guard();
create trigger revenue_distributions_audit after insert or update or delete on app.revenue_distributions
    for each row execute function app.audit_change();
create trigger revenue_distribution_lines_audit after insert or update or delete on app.revenue_distribution_lines
    for each row execute function app.audit_change();
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

grant execute on function app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric) to wellflow_api;
drop type app.volume_source;
drop type app.price_basis;
drop type app.deduction_type;
drop type app.sales_product;
drop type app.w9_status;
drop type app.payment_method;
drop type app.tax_id_type;
drop type app.owner_type;

set local role wellflow_api;
create view api.companies as
    select organization_id, id, name, roles, tax_id, state_operator_numbers, address_line1, address_line2,
           city, state_province, postal_code, country_code, contact_name, contact_email, contact_phone,
           created_at, updated_at
      from app.companies;
alter view api.companies alter column organization_id set default app.current_organization_id();
comment on view api.companies is
    'Partners, purchasers, vendors, contractors and royalty owners. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.companies.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.companies.id is 'Company id (UUID v7).';
comment on column api.companies.name is 'Legal name, unique in the organization, 1-200 characters.';
comment on column api.companies.roles is
    'At least one of: operator, non_operating_partner, purchaser, vendor, drilling_contractor, service_company, royalty_owner, overriding_royalty_owner, transporter, regulator.';
comment on column api.companies.tax_id is 'US employer identification number, formatted NN-NNNNNNN.';
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

create view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at, boundary
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
comment on column api.leases.created_at is 'When the lease was created.';
comment on column api.leases.updated_at is 'When the lease was last changed.';
comment on column api.leases.boundary is
    'The lease outline, a Polygon or MultiPolygon (SRID 4326), or null. Read-only here: set it with '
    '/rpc/set_lease_boundary (GeoJSON). Ask with Accept: application/geo+json for a FeatureCollection.';

-- Writes name their columns: the boundary is set through api.set_lease_boundary, which reads
-- GeoJSON and answers a clear error for a bad shape.
grant insert (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, created_at, updated_at),
      update (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, created_at, updated_at),
      delete on api.leases
    to wellflow_user;
set local role wellflow_owner;
create function api.set_lease_boundary(lease_id uuid, boundary jsonb) returns setof api.leases
language plpgsql volatile security definer
set search_path = pg_catalog, public, app
as $$
declare
    shape geometry;
begin
    perform app.assert_org_role('set lease boundaries', 'asset_writers');
    if boundary is not null and jsonb_typeof(boundary) <> 'null' then
        if jsonb_typeof(boundary) <> 'object' or boundary ->> 'type' not in ('Polygon', 'MultiPolygon') then
            perform app.raise_error(400, 'WF_LEASE_BOUNDARY', 'boundary must be a GeoJSON Polygon or MultiPolygon',
                'boundary', 'Example: {"type": "Polygon", "coordinates": [[[-102.1, 31.9], [-102.0, 31.9], '
                            '[-102.0, 32.0], [-102.1, 31.9]]]}');
        end if;
        shape := app.lease_boundary_from_geojson(boundary);
        if not ST_IsValid(shape) then
            perform app.raise_error(400, 'WF_LEASE_BOUNDARY', format('boundary is not a valid shape: %s',
                ST_IsValidReason(shape)), 'boundary', 'Rings must not cross themselves or each other');
        end if;
        if not shape @ ST_MakeEnvelope(-180, -90, 180, 90, 4326) then
            perform app.raise_error(400, 'WF_LEASE_BOUNDARY',
                'boundary coordinates must be longitudes in [-180, 180] and latitudes in [-90, 90]', 'boundary', null);
        end if;
    end if;
    update app.leases l set boundary = shape
     where l.organization_id = app.current_organization_id() and l.id = set_lease_boundary.lease_id;
    if not found then
        perform app.raise_error(404, 'WF_LEASE_NOT_FOUND', 'No such lease in this organization', 'lease_id', null);
    end if;
    return query select * from api.leases v where v.id = set_lease_boundary.lease_id;
end
$$;
comment on function api.set_lease_boundary(uuid, jsonb) is
    'Owners, admins, managers and engineers: sets a lease''s outline from a GeoJSON Polygon or MultiPolygon '
    '([longitude, latitude] in WGS 84), or clears it with null. Errors WF_LEASE_BOUNDARY (400, bad shape) and '
    'WF_LEASE_NOT_FOUND (404).';
grant execute on function api.set_lease_boundary(uuid, jsonb) to wellflow_user;
set local role wellflow_api;
create view api.division_orders as
    select organization_id, id, well_id, owner_company_id, interest_type, product, decimal_interest, effective_from,
           effective_to, status, pay_status, suspense_reason, created_at, updated_at
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
comment on column api.division_orders.created_at is 'When the line was created.';
comment on column api.division_orders.updated_at is 'When the line was last changed.';

grant select on api.division_orders
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.division_orders
    to wellflow_user;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.severance_tax_rates as
    with readable as (
        select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, source
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
comment on column api.severance_tax_rates.source is 'Statute or notice the rate comes from.';
grant select on api.severance_tax_rates
    to wellflow_user, wellflow_analyst;

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
grant select on api.revenue_distributions, api.revenue_distribution_lines, api.owner_statements, api.owner_suspense_balances
    to wellflow_user, wellflow_analyst;
grant execute on function api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric),
    api.approve_revenue_distribution(uuid)
    to wellflow_user;
commit;
