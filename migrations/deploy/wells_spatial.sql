-- Deploy wellflow:wells_spatial to pg
-- PostGIS: wells get a surface location point derived from their latitude and longitude (spatially
-- indexed), leases an optional boundary set from GeoJSON; /wells and /leases answer GeoJSON, and
-- api.wells_near finds wells nearest first.
begin;
reset role;
create extension if not exists postgis with schema public;
grant execute on all functions in schema public to wellflow_owner, wellflow_api, wellflow_auth,
    wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst, wellflow_analyst_admin;

set local role wellflow_owner;
-- Rewrites app.wells once (a stored generated column): thousands of rows per organization, well
-- under a second at the benchmark's 30,000 wells, inside the deploy's window.
-- squawk-ignore adding-field-with-default
alter table app.wells add column surface_location geometry(Point, 4326) generated always as
    (ST_SetSRID(ST_MakePoint(surface_longitude::double precision, surface_latitude::double precision), 4326)) stored;
-- Sqitch deploys in a transaction, where an index cannot be built concurrently; app.wells is small.
-- squawk-ignore require-concurrent-index-creation
create index wells_surface_location_idx on app.wells using gist (organization_id, surface_location);
alter table app.leases add column boundary geometry(Geometry, 4326)
    constraint leases_boundary_check check (ST_GeometryType(boundary) in ('ST_Polygon', 'ST_MultiPolygon')
                                            and ST_IsValid(boundary));
-- The column is new and empty, and app.leases small; as above, no concurrent build in a transaction.
-- squawk-ignore require-concurrent-index-creation
create index leases_boundary_idx on app.leases using gist (organization_id, boundary);

set local role wellflow_api;
create or replace view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location
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
grant select on api.wells
    to wellflow_user, wellflow_analyst;


create or replace view api.leases as
    select organization_id, id, lease_number, name, lessor, field_id, state_code, county_code,
           legal_description, gross_acres, net_acres, royalty_rate, working_interest, net_revenue_interest,
           effective_date, expiration_date, status, created_at, updated_at, boundary
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
comment on column api.leases.created_at is 'When the lease was created.';
comment on column api.leases.updated_at is 'When the lease was last changed.';
comment on column api.leases.boundary is
    'The lease outline, a Polygon or MultiPolygon (SRID 4326), or null. Read-only here: set it with '
    '/rpc/set_lease_boundary (GeoJSON). Ask with Accept: application/geo+json for a FeatureCollection.';
grant select on api.leases
    to wellflow_user, wellflow_analyst;
revoke insert, update on api.leases from wellflow_user;
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

-- Nearest wells first. The box test (&&) lets the (organization_id, surface_location) index find the
-- candidates (68 miles to a degree: a little less than a degree of latitude anywhere, so the box holds
-- the circle); the distance itself is on the spheroid (geography), in statute miles.
create function api.wells_near(latitude numeric, longitude numeric, radius_miles numeric default 10)
returns table (id uuid, well_number_formatted text, name text, status app.well_status, well_type app.well_type,
               lease_id uuid, surface_latitude numeric, surface_longitude numeric, distance_miles numeric,
               surface_location geometry)
language plpgsql stable
set search_path = pg_catalog, public, app
as $$
#variable_conflict use_column
declare
    center geometry;
    meters_per_mile constant double precision := 1609.344;
begin
    if latitude is null or latitude not between -90 and 90 then
        perform app.raise_error(400, 'WF_COORDINATE', 'latitude must be decimal degrees in [-90, 90]', 'latitude', null);
    end if;
    if longitude is null or longitude not between -180 and 180 then
        perform app.raise_error(400, 'WF_COORDINATE', 'longitude must be decimal degrees in [-180, 180]', 'longitude',
            null);
    end if;
    if radius_miles is null or radius_miles <= 0 or radius_miles > 500 then
        perform app.raise_error(400, 'WF_RADIUS', 'radius_miles must be more than 0 and at most 500', 'radius_miles',
            null);
    end if;
    center := ST_SetSRID(ST_MakePoint(longitude::double precision, latitude::double precision), 4326);
    return query
    select w.id, w.well_number_formatted, w.name, w.status, w.well_type, w.lease_id, w.surface_latitude,
           w.surface_longitude,
           round((ST_Distance(w.surface_location::geography, center::geography) / meters_per_mile)::numeric, 3),
           w.surface_location
      from api.wells w
     where w.surface_location && ST_Expand(center, radius_miles::double precision / 68.0
                                                   / greatest(cos(radians(latitude::double precision)), 0.02))
       and ST_DWithin(w.surface_location::geography, center::geography, radius_miles::double precision * meters_per_mile)
     order by 9, w.name;
end
$$;
comment on function api.wells_near(numeric, numeric, numeric) is
    'Wells of this organization within radius_miles (default 10, at most 500) of a WGS 84 point, nearest first, '
    'with their distance in statute miles. Errors WF_COORDINATE and WF_RADIUS (400). Accept: application/geo+json '
    'answers a FeatureCollection.';
grant execute on function api.wells_near(numeric, numeric, numeric) to wellflow_user, wellflow_analyst;

commit;
