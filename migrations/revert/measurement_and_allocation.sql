-- Revert wellflow:measurement_and_allocation from pg
-- No measurement points, tickets, statements, dispositions or allocations; reports file daily sums.
begin;
set local role wellflow_api;
drop function api.allocate_month(date, uuid), api.import_run_tickets(jsonb, text, app.import_mode);
drop view api.allocations, api.disposition_balances, api.dispositions, api.meter_statements, api.run_tickets,
    api.measurement_point_wells, api.measurement_points;
set local role wellflow_owner;
drop function app.allocate_month(uuid, date);
drop table app.allocations;
drop function app.allocations_guard();
drop view app.point_month_volumes;
drop table app.dispositions, app.meter_statements, app.run_tickets, app.measurement_point_wells, app.measurement_points;
drop function app.run_tickets_import(uuid, jsonb, text, app.import_mode), app.run_tickets_correct_volume(),
    app.crude_oil_ctl(numeric, numeric);
drop type app.allocated_product, app.disposition_code, app.metered_product, app.measurement_point_kind;

-- The rows of a report: one per well the organization operates in scope (in the rule's state, and on a
-- lease of a type the rule covers) with its month. A well a partner operates is the partner's to report.
create or replace function app.regulatory_report_rows(report_id uuid)
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

commit;
