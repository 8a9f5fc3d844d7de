-- Revert wellflow:well_completions from pg
-- The pool code goes back to the well (the first completion's), and completions are dropped.
begin;
set local role wellflow_api;
drop view api.filing_rules;
set local role wellflow_owner;
alter table ref.filing_rules drop column per_completion;
set local role wellflow_api;
create view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source, lease_types from ref.filing_rules)
    select * from readable;
comment on view api.filing_rules is 'When each monthly report is due, with the rule''s source.';
comment on column api.filing_rules.agency is 'Agency: NM-OCD, ND-DMR, ONRR, TX-RRC.';
comment on column api.filing_rules.form is 'Form: C-115, FORM-5, FORM-5B, OGOR, PR.';
comment on column api.filing_rules.title is 'Form title.';
comment on column api.filing_rules.state_code is 'Well-number state whose wells the form covers; empty for federal forms.';
comment on column api.filing_rules.months_after is 'Months after the production month in which the report is due.';
comment on column api.filing_rules.due_day is
    'Day of that month; empty means its last day. Weekends and the agency''s holidays (/agency_holidays; federal ones for ONRR) '
    'move it to the next business day.';
comment on column api.filing_rules.source is 'Regulation or source of the rule.';
comment on column api.filing_rules.primary_source is 'True when the rule comes from the regulation itself.';
comment on column api.filing_rules.lease_types is
    'The lease types (fee, state, federal, tribal) whose wells the form covers; empty for all. ONRR''s OGOR: federal and tribal.';

grant select on api.filing_rules to wellflow_user, wellflow_analyst, wellflow_anon;

drop view api.wells;
set local role wellflow_owner;
alter table app.wells
    add column ocd_pool_code integer constraint wells_ocd_pool_code_check check (ocd_pool_code between 1 and 999999),
    add constraint wells_ocd_pool_code_state_check check (ocd_pool_code is null or well_number like '30%');
reset role;
set local session_replication_role = replica;
update app.wells w set ocd_pool_code = c.ocd_pool_code
  from (select distinct on (organization_id, well_id) organization_id, well_id, ocd_pool_code from app.well_completions
         where ocd_pool_code is not null order by organization_id, well_id, completion_code) c
 where w.organization_id = c.organization_id and w.id = c.well_id;
set local session_replication_role = origin;
set local role wellflow_api;
create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location, operated, ndic_file_number, ocd_pool_code
      from app.wells;
alter view api.wells alter column organization_id set default app.current_organization_id();
comment on view api.wells is
    'Wells by US well number. Everyone reads; owners, admins, managers and engineers write. Depths and lengths in feet.';
comment on column api.wells.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.wells.id is 'Well id (UUID v7).';
comment on column api.wells.well_number is
    'US well number, stored as 14 digits. Accepts 10, 12 or 14 digits with or without dashes; errors WF_WELL_NUMBER_NOT_DIGITS, _LENGTH, _STATE, _COUNTY.';
comment on column api.wells.well_number_formatted is 'The well number for display: 42-501-20130-03-00. Read-only.';
comment on column api.wells.name is 'Well name, 1-200 characters.';
comment on column api.wells.lease_id is 'The lease (see /leases).';
comment on column api.wells.field_id is 'The field (see /fields).';
comment on column api.wells.operator_company_id is 'The operating company; must hold the operator role (see /companies).';
comment on column api.wells.status is 'permitted, drilling, completing, producing, shut_in, temporarily_abandoned, plugged_and_abandoned or injecting.';
comment on column api.wells.well_type is 'oil, gas, oil_and_gas, water_injection, gas_injection, salt_water_disposal, water_supply or observation.';
comment on column api.wells.horizontal is 'True for horizontal wells, which require lateral_length.';
comment on column api.wells.offshore is 'Derived from the well number when omitted; must match it when given (WF_OFFSHORE_MISMATCH).';
comment on column api.wells.drilling_contractor_id is 'The drilling contractor; must hold the drilling_contractor role.';
comment on column api.wells.rig_name is 'Rig name or number.';
comment on column api.wells.surface_latitude is 'Surface latitude, WGS 84 decimal degrees in [-90, 90].';
comment on column api.wells.surface_longitude is 'Surface longitude, WGS 84 decimal degrees in [-180, 180].';
comment on column api.wells.spud_date is 'Date drilling started.';
comment on column api.wells.completion_date is 'Completion date; not before spud_date.';
comment on column api.wells.first_production_date is 'First production; not before spud_date or completion_date.';
comment on column api.wells.measured_depth is 'Measured depth along the wellbore (MD), feet.';
comment on column api.wells.true_vertical_depth is 'True vertical depth (TVD), feet; at most measured_depth.';
comment on column api.wells.lateral_length is 'Horizontal lateral length, feet, under 100,000; required when horizontal.';
comment on column api.wells.created_at is 'When the well was created.';
comment on column api.wells.updated_at is 'When the well was last changed.';
comment on column api.wells.status_date is
    'When the current status took effect; defaults to today when the status changes. Production after a shut-in or plugging date is flagged.';
comment on column api.wells.surface_location is
    'Surface location as a GeoJSON-ready point (SRID 4326), derived from surface_latitude and surface_longitude. '
    'Read-only. Ask with Accept: application/geo+json for a FeatureCollection.';
comment on column api.wells.operated is
    'true (default) when this organization operates the well and files its regulatory reports; false for a well a partner '
    'operates, which no report of this organization lists.';
comment on column api.wells.ndic_file_number is 'North Dakota: the Industrial Commission well file number.';
comment on column api.wells.ocd_pool_code is 'New Mexico: the Oil Conservation Division pool code of the completion.';
grant select on api.wells
    to wellflow_user, wellflow_analyst;
-- surface_location is derived: a value for it is refused (400, 428C9) before it is read.
grant insert, update, delete on api.wells
    to wellflow_user;

drop view api.well_completions;
set local role wellflow_owner;
drop function app.regulatory_report_rows(uuid);
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

grant execute on function app.regulatory_report_rows(uuid) to wellflow_worker;

drop trigger wells_keep_completion_pools on app.wells;
drop table app.well_completions;
drop function app.completion_pools_in_new_mexico(), app.well_completions_check_shares();
commit;
