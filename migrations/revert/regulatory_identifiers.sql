-- Revert wellflow:regulatory_identifiers from pg
-- No agency numbers, every well reported, every form over every lease.
begin;
set local role wellflow_api;
drop function api.set_lease_boundary(uuid, jsonb);
drop view api.leases, api.fields, api.wells, api.filing_rules;
set local role wellflow_owner;

-- The rows of a report: one per well in scope (and in the rule's state) with its month.
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
     order by w.well_number
$$;
comment on function app.regulatory_report_rows(uuid) is 'One row per well in the report''s scope and state with the month''s volumes.';

alter table ref.filing_rules drop column lease_types;
alter table app.wells drop column operated, drop column ndic_file_number, drop column ocd_pool_code;
alter table app.fields drop column rrc_field_number;
alter table app.leases drop column lease_type, drop column federal_lease_number, drop column rrc_lease_number,
    drop column rrc_district, drop column ocd_property_code;
drop type app.lease_type;
set local role wellflow_api;

create view api.leases as
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
grant select on api.leases
    to wellflow_user, wellflow_analyst;
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

create view api.fields as
    select organization_id, id, name, basin, play, state_code, county_code, discovery_date, status,
           created_at, updated_at
      from app.fields;
alter view api.fields alter column organization_id set default app.current_organization_id();
comment on view api.fields is
    'Oil and gas fields. Everyone in the organization reads; owners, admins, managers and engineers write.';
comment on column api.fields.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.fields.id is 'Field id (UUID v7).';
comment on column api.fields.name is 'Field name, unique in the organization, 1-200 characters.';
comment on column api.fields.basin is 'Geological basin, e.g. Permian, Williston.';
comment on column api.fields.play is 'Play or formation targeted, e.g. Wolfcamp, Bakken.';
comment on column api.fields.state_code is 'Well-number state code (see /well_number_states).';
comment on column api.fields.county_code is 'Well-number county code within state_code (see /well_number_counties); requires state_code.';
comment on column api.fields.discovery_date is 'Date of discovery; not in the future.';
comment on column api.fields.status is 'active, inactive or abandoned.';
comment on column api.fields.created_at is 'When the field was created.';
comment on column api.fields.updated_at is 'When the field was last changed.';
grant select on api.fields
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.fields
    to wellflow_user;

create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location
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
grant select on api.wells
    to wellflow_user, wellflow_analyst;
-- surface_location is derived: a value for it is refused (400, 428C9) before it is read.
grant insert, update, delete on api.wells
    to wellflow_user;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source from ref.filing_rules)
    select * from readable;
comment on view api.filing_rules is 'When each monthly report is due, with the rule''s source.';
comment on column api.filing_rules.agency is 'Agency: NM-OCD, ND-DMR, ONRR, TX-RRC.';
comment on column api.filing_rules.form is 'Form: C-115, FORM-5, OGOR, PR.';
comment on column api.filing_rules.title is 'Form title.';
comment on column api.filing_rules.state_code is 'Well-number state whose wells the form covers; empty for federal forms.';
comment on column api.filing_rules.months_after is 'Months after the production month in which the report is due.';
comment on column api.filing_rules.due_day is 'Day of that month; empty means its last day. Weekends and federal holidays move it to the next business day.';
comment on column api.filing_rules.source is 'Regulation or source of the rule.';
comment on column api.filing_rules.primary_source is 'True when the rule comes from the regulation itself.';
grant select on api.filing_rules to wellflow_user, wellflow_analyst, wellflow_anon;

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

commit;
