-- Deploy wellflow:regulatory_identifiers to pg
-- The numbers agencies know leases, fields and wells by (lease type and ONRR lease number, RRC lease,
-- district and field numbers, OCD property and pool codes, NDIC file numbers), whether the
-- organization operates each well, and regulatory reports that list only the operated wells of the
-- leases their form covers.
begin;
set local role wellflow_owner;

-- Who owns the minerals: a private (fee) owner, a state, the United States, or a tribe or allottee
-- (Indian trust land). Federal and tribal leases report to ONRR (30 CFR 1210.102).
create type app.lease_type as enum ('fee', 'state', 'federal', 'tribal');

-- Constant default and nullable columns: no table rewrite.
alter table app.leases
    add column lease_type app.lease_type not null default 'fee',
    add column federal_lease_number text
        constraint leases_federal_lease_number_check check (federal_lease_number ~ '^[A-Z0-9][A-Z0-9-]{2,29}$'),
    add column rrc_lease_number text constraint leases_rrc_lease_number_check check (rrc_lease_number ~ '^[0-9]{1,6}$'),
    add column rrc_district text constraint leases_rrc_district_check check (
        rrc_district in ('01', '02', '03', '04', '05', '06', '6E', '7B', '7C', '08', '8A', '09', '10')),
    -- An agency's code of at most six digits, never a counter.
    -- squawk-ignore prefer-bigint-over-int
    add column ocd_property_code integer
        constraint leases_ocd_property_code_check check (ocd_property_code between 1 and 999999);
alter table app.leases
    add constraint leases_federal_lease_number_required_check check (
        lease_type not in ('federal', 'tribal') or federal_lease_number is not null) not valid,
    add constraint leases_rrc_lease_number_state_check check (
        rrc_lease_number is null and rrc_district is null or state_code = '42') not valid,
    add constraint leases_ocd_property_code_state_check check (ocd_property_code is null or state_code = '30') not valid;
-- Every existing lease is fee with no agency number, so the checks hold; validating takes a lock that
-- lets reads and writes through.
-- squawk-ignore constraint-missing-not-valid
alter table app.leases validate constraint leases_federal_lease_number_required_check;
-- squawk-ignore constraint-missing-not-valid
alter table app.leases validate constraint leases_rrc_lease_number_state_check;
-- squawk-ignore constraint-missing-not-valid
alter table app.leases validate constraint leases_ocd_property_code_state_check;
alter table app.fields
    add column rrc_field_number text constraint fields_rrc_field_number_check check (rrc_field_number ~ '^[0-9]{8}$');
-- Existing wells stay on their reports: operated by default.
alter table app.wells
    add column operated boolean not null default true,
    -- Agencies' codes of at most six digits, never counters.
    -- squawk-ignore prefer-bigint-over-int
    add column ndic_file_number integer
        constraint wells_ndic_file_number_check check (ndic_file_number between 1 and 999999),
    -- squawk-ignore prefer-bigint-over-int
    add column ocd_pool_code integer constraint wells_ocd_pool_code_check check (ocd_pool_code between 1 and 999999);
alter table app.wells
    add constraint wells_ndic_file_number_state_check check (ndic_file_number is null or well_number like '33%') not valid,
    add constraint wells_ocd_pool_code_state_check check (ocd_pool_code is null or well_number like '30%') not valid;
-- No well has these numbers yet, so the checks hold; validating lets reads and writes through.
-- squawk-ignore constraint-missing-not-valid
alter table app.wells validate constraint wells_ndic_file_number_state_check;
-- squawk-ignore constraint-missing-not-valid
alter table app.wells validate constraint wells_ocd_pool_code_state_check;
alter table ref.filing_rules
    add column lease_types text[]
        constraint filing_rules_lease_types_check check (lease_types <@ array['fee', 'state', 'federal', 'tribal']);

-- The OGOR covers federal and Indian leases and agreements only (30 CFR 1210.102).
update ref.filing_rules set lease_types = array['federal', 'tribal'] where agency = 'ONRR' and form = 'OGOR';

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

set local role wellflow_api;

create or replace view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at, boundary, royalty_cost_free, lease_type,
           federal_lease_number, rrc_lease_number, rrc_district, ocd_property_code
      from app.leases;
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
comment on column api.leases.lease_type is
    'fee (default), state, federal or tribal: who owns the minerals. Wells on federal and tribal leases are reported to ONRR '
    '(OGOR, 30 CFR 1210.102).';
comment on column api.leases.federal_lease_number is
    'The ONRR lease or agreement number, e.g. NMNM123456; required on federal and tribal leases (3-30 capitals, digits, -).';
comment on column api.leases.rrc_lease_number is 'Texas: the Railroad Commission oil lease number or gas well id, 1-6 digits.';
comment on column api.leases.rrc_district is 'Texas: the Railroad Commission district, 01-06, 6E, 7B, 7C, 08, 8A, 09 or 10.';
comment on column api.leases.ocd_property_code is 'New Mexico: the Oil Conservation Division property code.';
comment on column api.leases.updated_at is 'When the lease was last changed.';
comment on column api.leases.boundary is
    'The lease outline, a Polygon or MultiPolygon (SRID 4326), or null. Read-only here: set it with '
    '/rpc/set_lease_boundary (GeoJSON). Ask with Accept: application/geo+json for a FeatureCollection.';

create or replace view api.fields as
    select organization_id, id, name, basin, play, state_code, county_code, discovery_date, status,
           created_at, updated_at, rrc_field_number
      from app.fields;
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
comment on column api.fields.rrc_field_number is 'Texas: the Railroad Commission field number, 8 digits.';

create or replace view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location, operated, ndic_file_number, ocd_pool_code
      from app.wells;
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

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create or replace view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source, lease_types from ref.filing_rules)
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
comment on column api.filing_rules.lease_types is
    'The lease types (fee, state, federal, tribal) whose wells the form covers; empty for all. ONRR''s OGOR: federal and tribal.';

grant insert (lease_type, federal_lease_number, rrc_lease_number, rrc_district, ocd_property_code),
      update (lease_type, federal_lease_number, rrc_lease_number, rrc_district, ocd_property_code)
    on api.leases to wellflow_user;
commit;
