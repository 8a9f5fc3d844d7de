-- Deploy wellflow:api_assets to pg
-- Frozen copy of sql/api_assets.sql as first released; later changes alter, never edit this file.
begin;

-- REST resources for the asset registry: fields, companies, leases, wells, and the well-number codes.
set local role wellflow_api;

create view api.well_number_states as
    select state_code, name, postal_code, offshore from ref.well_number_states;
comment on view api.well_number_states is 'State and offshore-area codes of the US Well Number standard (digits 1-2 of a well number).';
comment on column api.well_number_states.state_code is 'Two-digit code: 42 Texas, 30 New Mexico, 33 North Dakota, 60 northern Gulf of Mexico.';
comment on column api.well_number_states.name is 'Name as published in the standard.';
comment on column api.well_number_states.postal_code is 'USPS abbreviation; null for offshore areas.';
comment on column api.well_number_states.offshore is 'True for the offshore pseudo-states 55, 56, 60 and 61.';

create view api.well_number_counties as
    select state_code, county_code, name, offshore from ref.well_number_counties;
comment on view api.well_number_counties is 'County and offshore-area codes per state (digits 3-5 of a well number).';
comment on column api.well_number_counties.state_code is 'The state code (see /well_number_states).';
comment on column api.well_number_counties.county_code is 'Three-digit county or area code, unique within the state.';
comment on column api.well_number_counties.name is 'County or area name as published in the standard.';
comment on column api.well_number_counties.offshore is 'True for state waters, Great Lakes and federal offshore areas; wells there must be offshore.';

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

create view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at
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

create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at
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
comment on column api.wells.lateral_length is 'Horizontal lateral length, feet; required when horizontal.';
comment on column api.wells.created_at is 'When the well was created.';
comment on column api.wells.updated_at is 'When the well was last changed.';

grant select on api.well_number_states, api.well_number_counties to wellflow_user, wellflow_analyst, wellflow_anon;
grant select on api.fields, api.companies, api.leases, api.wells to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.fields, api.companies, api.leases, api.wells to wellflow_user;

commit;
