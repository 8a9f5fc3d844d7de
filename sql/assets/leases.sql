-- Mineral leases: the contracts that give the operator the right to produce, and its share.
set local role wellflow_owner;

create type app.lease_status as enum ('pending', 'active', 'held_by_production', 'expired', 'terminated', 'released');
-- Who owns the minerals: a private (fee) owner, a state, the United States, or a tribe or allottee
-- (Indian trust land). Federal and tribal leases report to ONRR (30 CFR 1210.102).
create type app.lease_type as enum ('fee', 'state', 'federal', 'tribal');

-- Decimal interests and acreage are plain numeric with a scale check, not numeric(p,s):
-- a typmod would round 0.123456789 to 0.12345679 silently; the check refuses it instead.
create table app.leases (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    lease_number text not null
        constraint leases_lease_number_check check (lease_number ~ '^\S(.{0,62}\S)?$'),
    name text not null constraint leases_name_check check (char_length(btrim(name)) between 1 and 200),
    lessor text constraint leases_lessor_check check (char_length(lessor) <= 200),
    field_id uuid,
    state_code text not null references ref.well_number_states (state_code),
    county_code text not null,
    legal_description text constraint leases_legal_description_check check (char_length(legal_description) <= 2000),
    gross_acres numeric not null
        constraint leases_gross_acres_check check (gross_acres > 0 and gross_acres = round(gross_acres, 4)
                                                   and gross_acres < 10000000),
    net_acres numeric not null
        constraint leases_net_acres_check check (net_acres > 0 and net_acres = round(net_acres, 4)
                                                 and net_acres <= gross_acres),
    royalty_rate numeric
        constraint leases_royalty_rate_check check (royalty_rate between 0 and 1 and royalty_rate = round(royalty_rate, 8)),
    working_interest numeric
        constraint leases_working_interest_check check (working_interest between 0 and 1
                                                        and working_interest = round(working_interest, 8)),
    net_revenue_interest numeric
        constraint leases_net_revenue_interest_check check (net_revenue_interest between 0 and 1
                                                            and net_revenue_interest = round(net_revenue_interest, 8)
                                                            and net_revenue_interest <= working_interest),
    effective_date date constraint leases_effective_date_check check (app.is_sane_date(effective_date)),
    expiration_date date constraint leases_expiration_date_check check (app.is_sane_date(expiration_date)
                                                                     and expiration_date >= effective_date),
    status app.lease_status not null default 'active',
    -- The royalty clause forbids charging royalty owners post-production costs (transportation,
    -- compression, treating...): the working interests bear the royalty's share.
    royalty_cost_free boolean not null default false,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    -- The lease's outline as drawn on the plat (WGS 84); set with api.set_lease_boundary.
    boundary geometry(Geometry, 4326)
        constraint leases_boundary_check check (ST_GeometryType(boundary) in ('ST_Polygon', 'ST_MultiPolygon')
                                                and ST_IsValid(boundary)),
    lease_type app.lease_type not null default 'fee',
    -- The number ONRR knows the lease, or the unit or communitization agreement, by.
    federal_lease_number text
        constraint leases_federal_lease_number_check check (federal_lease_number ~ '^[A-Z0-9][A-Z0-9-]{2,29}$'),
    -- Texas Railroad Commission: the oil lease number or gas well identifier, and the RRC district.
    rrc_lease_number text constraint leases_rrc_lease_number_check check (rrc_lease_number ~ '^[0-9]{1,6}$'),
    rrc_district text constraint leases_rrc_district_check check (
        rrc_district in ('01', '02', '03', '04', '05', '06', '6E', '7B', '7C', '08', '8A', '09', '10')),
    -- New Mexico Oil Conservation Division property code.
    ocd_property_code integer
        constraint leases_ocd_property_code_check check (ocd_property_code between 1 and 999999),
    primary key (organization_id, id),
    constraint leases_lease_number_key unique (organization_id, lease_number),
    constraint leases_field_id_fkey foreign key (organization_id, field_id) references app.fields (organization_id, id),
    constraint leases_county_code_fkey foreign key (state_code, county_code)
        references ref.well_number_counties (state_code, county_code),
    constraint leases_federal_lease_number_required_check check (
        lease_type not in ('federal', 'tribal') or federal_lease_number is not null),
    constraint leases_rrc_lease_number_state_check check (rrc_lease_number is null and rrc_district is null or state_code = '42'),
    constraint leases_ocd_property_code_state_check check (ocd_property_code is null or state_code = '30')
);
comment on table app.leases is 'Mineral leases: lessor, acreage, the operator''s working and net revenue interest, term and status.';
create index leases_name_idx on app.leases (organization_id, name);
create index leases_field_id_idx on app.leases (organization_id, field_id);
create index leases_boundary_idx on app.leases using gist (organization_id, boundary);

create trigger leases_set_updated_at before update on app.leases
    for each row execute function app.set_updated_at();
create trigger leases_audit after insert or update or delete on app.leases
    for each row execute function app.audit_change();
create trigger leases_require_asset_writer before insert or update or delete on app.leases
    for each statement execute function app.require_org_role('asset_writers');

alter table app.leases enable row level security;
alter table app.leases force row level security;

create policy leases_tenant_read on app.leases
    for select
    using (organization_id = (select app.current_organization_id()));
create policy leases_asset_writer_insert on app.leases
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy leases_asset_writer_update on app.leases
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy leases_asset_writer_delete on app.leases
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.leases to wellflow_api;
grant select on app.leases to wellflow_worker;
set local role wellflow_api;

create view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at, boundary, royalty_cost_free, lease_type,
           federal_lease_number, rrc_lease_number, rrc_district, ocd_property_code
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
grant select on api.leases
    to wellflow_user, wellflow_analyst;
-- Writes name their columns: the boundary is set through api.set_lease_boundary, which reads
-- GeoJSON and answers a clear error for a bad shape.
grant insert (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, royalty_cost_free, created_at, updated_at, lease_type, federal_lease_number,
              rrc_lease_number, rrc_district, ocd_property_code),
      update (organization_id, id, lease_number, name, lessor, field_id, state_code, county_code, legal_description,
              gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest, effective_date,
              expiration_date, status, royalty_cost_free, created_at, updated_at, lease_type, federal_lease_number,
              rrc_lease_number, rrc_district, ocd_property_code),
      delete on api.leases
    to wellflow_user;
set local role wellflow_owner;

-- PostGIS answers bad GeoJSON with an internal error (XX000); caught here, it is the caller's 400.
-- A function of its own: a block with an exception handler is a subtransaction, and the rest of
-- set_lease_boundary need not be one.
create function app.lease_boundary_from_geojson(boundary jsonb) returns geometry
language plpgsql immutable
set search_path = pg_catalog, public, app
as $$
begin
    return ST_SetSRID(ST_GeomFromGeoJSON(boundary), 4326);
exception when others then
    perform app.raise_error(400, 'WF_LEASE_BOUNDARY', format('boundary is not valid GeoJSON: %s', sqlerrm),
        'boundary', 'Coordinates are [longitude, latitude] pairs in WGS 84; each ring closes on its first point');
    return null;
end
$$;
comment on function app.lease_boundary_from_geojson(jsonb) is
    'The GeoJSON geometry as a PostGIS geometry (SRID 4326), or 400 WF_LEASE_BOUNDARY when PostGIS cannot read it.';

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
