-- Revert wellflow:measurement_and_allocation from pg
-- No measurement points, tickets, statements, dispositions or allocations; reports file daily sums.
begin;
set local role wellflow_api;
drop function api.allocate_month(date, uuid), api.import_run_tickets(jsonb, text, app.import_mode),
    api.import_meter_statements(jsonb, text, app.import_mode);
drop view api.allocations, api.disposition_balances, api.dispositions, api.meter_statements, api.run_tickets,
    api.measurement_point_wells, api.measurement_points;
set local role wellflow_owner;
drop function app.allocate_month(uuid, date);
drop table app.allocations;
drop function app.allocations_guard();
drop view app.point_month_volumes;
drop table app.dispositions, app.meter_statements, app.run_tickets, app.measurement_point_wells, app.measurement_points;
drop function app.run_tickets_import(uuid, jsonb, text, app.import_mode),
    app.meter_statements_import(uuid, jsonb, text, app.import_mode), app.run_tickets_correct_volume(),
    app.crude_oil_ctl(numeric, numeric);
drop type app.allocated_product, app.disposition_code, app.metered_product, app.measurement_point_kind;

drop function app.regulatory_report_dispositions(uuid, uuid[]), app.regulatory_report_rows(uuid);

-- The rows of a report: one per well the organization operates in scope (in the rule's state, and on a
-- lease of a type the rule covers) with its month. A well a partner operates is the partner's to report.
create function app.regulatory_report_rows(report_id uuid)
returns table (well_id uuid, well_number_formatted text, well_name text, lease_number text, lease_name text,
               county_name text, well_status text, operator_name text, operator_numbers jsonb,
               producing_days integer, oil_bbl numeric, gas_mcf numeric, water_bbl numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select w.id, app.format_well_number(w.well_number), w.name, l.lease_number, l.name, c.name, w.status::text,
           operator.name, coalesce(operator.state_operator_numbers, '{}'), coalesce(m.producing_days, 0), coalesce(m.oil_bbl, 0), coalesce(m.gas_mcf, 0), coalesce(m.water_bbl, 0)
      from app.regulatory_reports r
      join ref.filing_rules rule on rule.agency = r.agency and rule.form = r.form
      join app.wells w on w.organization_id = r.organization_id
                      and (r.scope = 'organization' or w.id = r.well_id or w.lease_id = r.lease_id)
                      and (rule.state_code is null or substr(w.well_number, 1, 2) = rule.state_code)
      left join app.leases l on l.organization_id = w.organization_id and l.id = w.lease_id
      left join app.companies operator on operator.organization_id = w.organization_id and operator.id = w.operator_company_id
      join ref.well_number_counties c on c.state_code = substr(w.well_number, 1, 2)
                                     and c.county_code = substr(w.well_number, 3, 3)
      left join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                               and m.month = r.period
     where r.organization_id = app.current_organization_id() and r.id = report_id
       and (m.well_id is not null or w.status in ('producing', 'shut_in', 'temporarily_abandoned', 'injecting'))
       and w.operated and (rule.lease_types is null or l.lease_type::text = any (rule.lease_types))
     order by w.well_number
$$;
comment on function app.regulatory_report_rows(uuid) is
    'One row per operated well in the report''s scope, state and lease types with the month''s volumes.';

grant execute on function app.regulatory_report_rows(uuid) to wellflow_worker;

-- One well, month and product. The volume and price come from the month's sales statements
-- unless the caller chooses otherwise: production (the month's produced volume at a given price)
-- or entered (a volume and price given here); the distribution records the choice.
create or replace function app.distribute_revenue(well_id uuid, sales_month date, product app.sales_product,
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

set local role wellflow_api;

comment on function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric) is
    'Calculates a well''s revenue for a month and product over the deck in effect on the first day. volume_source '
    'sales_statements (the default) reads the month''s /sales_statements: volume, price and deductions by type; production '
    'takes the month''s produced volume at the given price; entered takes the given volume and price. Taxes per component on '
    'each owner''s taxable value, deductions among the owners who bear them, cents residue to the operator. Re-running a draft '
    'replaces it; re-running an approved month writes an adjustment (the next revision) holding only the differences, '
    'owner by owner, and answers 409 WF_DISTRIBUTION_APPROVED when nothing changed. Accountants, admins, owners.';

commit;
