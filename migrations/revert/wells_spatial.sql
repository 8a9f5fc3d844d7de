-- Revert wellflow:wells_spatial from pg
-- The asset views without geometry, table-wide write grants, no spatial columns and no PostGIS.
begin;
set local role wellflow_owner;
drop function api.wells_near(numeric, numeric, numeric);
drop function api.set_lease_boundary(uuid, jsonb);
drop function app.lease_boundary_from_geojson(jsonb);
set local role wellflow_api;
drop view api.wells;
drop view api.leases;
create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date
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
grant select on api.wells
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.wells
    to wellflow_user;

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
grant select on api.leases
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.leases
    to wellflow_user;


set local role wellflow_owner;
alter table app.wells drop column surface_location;
alter table app.leases drop column boundary;
reset role;
drop extension postgis;
commit;
