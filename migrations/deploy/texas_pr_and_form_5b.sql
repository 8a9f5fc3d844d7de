-- Deploy wellflow:texas_pr_and_form_5b to pg
-- Flared and vented gas carry the authority Texas Form PR asks for, and a report's rows carry each well's
-- type, field and RRC field number, so Form PR is filed per lease and Form 5B has its own layout.
begin;
set local role wellflow_owner;

-- Nullable without a default, and every row passes the check while the column is empty: a catalog
-- change and one quick scan of the table.
alter table app.dispositions
    add column release_authority text constraint dispositions_release_authority_check check (
        release_authority is null or release_authority in ('AR', 'AE', 'EP', 'EX') and disposition in ('flared', 'vented'));

drop function app.regulatory_report_rows(uuid);
drop function app.regulatory_report_dispositions(uuid, uuid[]);
create function app.regulatory_report_rows(report_id uuid)
returns table (well_id uuid, well_number_formatted text, well_name text, lease_number text, lease_name text,
               county_name text, well_status text, operator_name text, operator_numbers jsonb,
               producing_days integer, oil_bbl numeric, gas_mcf numeric, water_bbl numeric, lease_type text,
               federal_lease_number text, rrc_lease_number text, rrc_district text, ocd_property_code integer,
               ocd_pool_code integer, ndic_file_number integer, measurement_point_id uuid, first_of_point boolean,
               well_type text, field_name text, rrc_field_number text, lease_id uuid)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select w.id, app.format_well_number(w.well_number), w.name, l.lease_number, l.name, c.name, w.status::text,
           operator.name, coalesce(operator.state_operator_numbers, '{}'), coalesce(m.producing_days, 0),
           case when allocated.wells > 0 then allocated.oil else coalesce(m.oil_bbl, 0) end,
           case when allocated.wells > 0 then allocated.gas else coalesce(m.gas_mcf, 0) end,
           case when allocated.wells > 0 then allocated.water else coalesce(m.water_bbl, 0) end,
           l.lease_type::text, l.federal_lease_number, l.rrc_lease_number, l.rrc_district, l.ocd_property_code,
           w.ocd_pool_code, w.ndic_file_number, allocated.measurement_point_id,
           -- Forms that report a battery's storage and runs once put them on its first well.
           allocated.measurement_point_id is not null
           and row_number() over (partition by allocated.measurement_point_id order by w.well_number) = 1,
           w.well_type::text, f.name, f.rrc_field_number, w.lease_id
      from app.regulatory_reports r
      join ref.filing_rules rule on rule.agency = r.agency and rule.form = r.form
      join app.wells w on w.organization_id = r.organization_id
                      and (r.scope = 'organization' or w.id = r.well_id or w.lease_id = r.lease_id)
                      and (rule.state_code is null or substr(w.well_number, 1, 2) = rule.state_code)
      left join app.leases l on l.organization_id = w.organization_id and l.id = w.lease_id
      left join app.fields f on f.organization_id = w.organization_id and f.id = w.field_id
      left join app.companies operator on operator.organization_id = w.organization_id and operator.id = w.operator_company_id
      join ref.well_number_counties c on c.state_code = substr(w.well_number, 1, 2)
                                     and c.county_code = substr(w.well_number, 3, 3)
      left join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                               and m.month = r.period
      left join lateral (select count(*) as wells, min(a.measurement_point_id::text)::uuid as measurement_point_id,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'oil'), 0) as oil,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'gas'), 0) as gas,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'water'), 0) as water
                           from app.allocations a
                          where a.organization_id = w.organization_id and a.well_id = w.id and a.month = r.period) allocated
             on true
     where r.organization_id = app.current_organization_id() and r.id = report_id
       and (m.well_id is not null or allocated.wells > 0
            or w.status in ('producing', 'shut_in', 'temporarily_abandoned', 'injecting'))
       and w.operated and (rule.lease_types is null or l.lease_type::text = any (rule.lease_types))
     -- A battery's wells together, each group by well number.
     order by allocated.measurement_point_id nulls first, w.well_number
$$;
comment on function app.regulatory_report_rows(uuid) is
    'One row per operated well in the report''s scope, state and lease types with the month''s volumes, allocated where '
    'the month is, and the measurement point it was allocated from.';

create function app.regulatory_report_dispositions(report_id uuid, measurement_point_ids uuid[])
returns table (measurement_point_id uuid, point_name text, meter_number text, product text, disposition text,
               company_name text, volume numeric, release_authority text)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    with report as (
        select r.organization_id, r.period from app.regulatory_reports r
         where r.organization_id = app.current_organization_id() and r.id = report_id)
    select p.id, p.name, p.meter_number, x.product, x.disposition, x.company_name, x.volume, x.release_authority
      from report
      join app.measurement_points p on p.organization_id = report.organization_id and p.id = any (measurement_point_ids)
     cross join lateral (
           select 'oil' as product, 'sold' as disposition, c.name as company_name, sum(t.net_standard_volume) as volume,
                  null as release_authority
             from app.run_tickets t
             left join app.companies c on c.organization_id = t.organization_id and c.id = t.purchaser_company_id
            where t.organization_id = p.organization_id and t.measurement_point_id = p.id
              and t.ticket_date >= report.period and t.ticket_date < report.period + interval '1 month'
            group by c.name
           union all
           select s.product::text, case s.product when 'gas' then 'sold' else 'disposed' end, c.name, s.volume, null
             from app.meter_statements s
             left join app.companies c on c.organization_id = s.organization_id and c.id = s.purchaser_company_id
            where s.organization_id = p.organization_id and s.measurement_point_id = p.id and s.month = report.period
           union all
           select d.product::text, d.disposition::text, c.name, d.volume, d.release_authority
             from app.dispositions d
             left join app.companies c on c.organization_id = d.organization_id and c.id = d.company_id
            where d.organization_id = p.organization_id and d.measurement_point_id = p.id and d.month = report.period) x
     order by p.name, x.product, x.disposition, x.company_name
$$;
comment on function app.regulatory_report_dispositions(uuid, uuid[]) is
    'The disposition section of a report: per measurement point of its wells, what was sold, used, flared, vented, injected '
    'or transferred in the month, and inventory.';

grant execute on function app.regulatory_report_rows(uuid), app.regulatory_report_dispositions(uuid, uuid[])
    to wellflow_worker;

set local role wellflow_api;
drop view api.dispositions;
create view api.dispositions as
    select organization_id, id, measurement_point_id, month, product, disposition, volume, company_id, created_at, updated_at,
           release_authority
      from app.dispositions;
alter view api.dispositions alter column organization_id set default app.current_organization_id();
comment on view api.dispositions is
    'Where a measurement point''s production went in a month besides its run tickets and meter statements: lease_use, '
    'flared, vented, injected, transferred, and (oil) opening_inventory and closing_inventory. Everyone reads; owners, '
    'admins, managers and engineers write.';
comment on column api.dispositions.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.dispositions.id is 'Disposition id (UUID v7).';
comment on column api.dispositions.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.dispositions.month is 'First day of the month.';
comment on column api.dispositions.product is 'oil (barrels), gas (mcf) or water (barrels).';
comment on column api.dispositions.disposition is
    'lease_use, flared, vented, injected, transferred, opening_inventory or closing_inventory (oil only).';
comment on column api.dispositions.volume is 'Volume, at most 3 decimals.';
comment on column api.dispositions.company_id is 'Who took it (see /companies), where it matters.';
comment on column api.dispositions.created_at is 'When it was created.';
comment on column api.dispositions.updated_at is 'When it was last changed.';
comment on column api.dispositions.release_authority is
    'Flared or vented gas only: the authority for it, as Texas Form PR remarks take it: AR (authorized by rule), AE '
    '(authorized by exception), EP (exception pending) or EX (exempt).';
grant select on api.dispositions to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.dispositions to wellflow_user;

commit;
