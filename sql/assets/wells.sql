-- Wells, identified by their US well number (stored as 14 digits, shown dashed), with the
-- status history rules, the rollup and validation triggers that follow a well's changes, and
-- the /wells resource.
set local role wellflow_owner;

create type app.well_status as enum (
    'permitted', 'drilling', 'completing', 'producing', 'shut_in', 'temporarily_abandoned',
    'plugged_and_abandoned', 'injecting');
create type app.well_type as enum (
    'oil', 'gas', 'oil_and_gas', 'water_injection', 'gas_injection', 'salt_water_disposal',
    'water_supply', 'observation');

create table app.wells (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_number text not null constraint wells_well_number_check check (well_number ~ '^[0-9]{14}$'),
    name text not null constraint wells_name_check check (char_length(btrim(name)) between 1 and 200),
    lease_id uuid,
    field_id uuid,
    operator_company_id uuid,
    status app.well_status not null default 'permitted',
    well_type app.well_type not null default 'oil',
    horizontal boolean not null default false,
    offshore boolean not null,
    drilling_contractor_id uuid,
    rig_name text constraint wells_rig_name_check check (char_length(rig_name) <= 100),
    surface_latitude numeric
        constraint wells_surface_latitude_check check (surface_latitude between -90 and 90
                                                       and surface_latitude = round(surface_latitude, 8)),
    surface_longitude numeric
        constraint wells_surface_longitude_check check (surface_longitude between -180 and 180
                                                        and surface_longitude = round(surface_longitude, 8)),
    spud_date date constraint wells_spud_date_check check (app.is_sane_date(spud_date) and spud_date <= current_date),
    completion_date date constraint wells_completion_date_check check (app.is_sane_date(completion_date)
                                                                         and completion_date >= spud_date),
    first_production_date date
        constraint wells_first_production_date_check check (app.is_sane_date(first_production_date)
                                                            and first_production_date >= completion_date
                                                            and first_production_date >= spud_date),
    measured_depth numeric
        constraint wells_measured_depth_check check (measured_depth > 0 and measured_depth < 100000
                                                     and measured_depth = round(measured_depth, 2)),
    true_vertical_depth numeric
        constraint wells_true_vertical_depth_check check (true_vertical_depth > 0
                                                          and true_vertical_depth = round(true_vertical_depth, 2)
                                                          and true_vertical_depth <= measured_depth),
    lateral_length numeric
        constraint wells_lateral_length_check check (lateral_length > 0 and lateral_length < 100000
                                                     and lateral_length = round(lateral_length, 2)
                                                     and (not horizontal or lateral_length is not null)),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    -- When the current status took effect: production after a shut-in or plugging date is a
    -- data-quality finding, production before it is history. Set with the status or stamped today.
    status_date date not null default current_date
        constraint wells_status_date_check check (app.is_sane_date(status_date)),
    -- The surface location as a point (WGS 84, SRID 4326), derived from the latitude and longitude.
    surface_location geometry(Point, 4326) generated always as
        (ST_SetSRID(ST_MakePoint(surface_longitude::double precision, surface_latitude::double precision), 4326)) stored,
    -- Whether this organization operates the well, and so files its regulatory reports; a well a
    -- partner operates is kept for the organization's interest in it and reported by that partner.
    operated boolean not null default true,
    -- North Dakota Industrial Commission well file number, by which North Dakota identifies wells.
    ndic_file_number integer constraint wells_ndic_file_number_check check (ndic_file_number between 1 and 999999),
    primary key (organization_id, id),
    constraint wells_well_number_key unique (organization_id, well_number),
    constraint wells_lease_id_fkey foreign key (organization_id, lease_id) references app.leases (organization_id, id),
    constraint wells_field_id_fkey foreign key (organization_id, field_id) references app.fields (organization_id, id),
    constraint wells_operator_company_id_fkey foreign key (organization_id, operator_company_id)
        references app.companies (organization_id, id),
    constraint wells_drilling_contractor_id_fkey foreign key (organization_id, drilling_contractor_id)
        references app.companies (organization_id, id),
    constraint wells_ndic_file_number_state_check check (ndic_file_number is null or well_number like '33%')
);
comment on table app.wells is 'Wells by US well number: location, lease, field, operator, status, dates and depths (feet).';
create index wells_name_idx on app.wells (organization_id, name);
create index wells_lease_id_idx on app.wells (organization_id, lease_id);
create index wells_field_id_idx on app.wells (organization_id, field_id);
create index wells_operator_company_id_idx on app.wells (organization_id, operator_company_id);
create index wells_drilling_contractor_id_idx on app.wells (organization_id, drilling_contractor_id);
create index wells_surface_location_idx on app.wells using gist (organization_id, surface_location);

-- Rules that read other rows: the well number against ref, the offshore flag against the
-- well number's state or area, and the companies' roles. Security definer because triggers
-- run as the web role, which holds no grant on app tables; forced RLS still applies.
create function app.wells_validate() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app, ref
as $$
declare
    offshore_area boolean;
    reference record;
    company_roles app.company_role[];
begin
    if tg_op = 'INSERT' or new.well_number is distinct from old.well_number then
        new.well_number := app.normalize_well_number(new.well_number);
    end if;
    select s.offshore or c.offshore into offshore_area
      from ref.well_number_counties c join ref.well_number_states s using (state_code)
     where c.state_code = substr(new.well_number, 1, 2) and c.county_code = substr(new.well_number, 3, 3);
    -- Derived when omitted, and when the well number changes while offshore is left as it was.
    if new.offshore is null
       or (tg_op = 'UPDATE' and new.well_number is distinct from old.well_number
           and new.offshore is not distinct from old.offshore) then
        new.offshore := offshore_area;
    elsif new.offshore <> offshore_area then
        perform app.raise_error(400, 'WF_OFFSHORE_MISMATCH',
            format('offshore is %s but well number %s is in %s', new.offshore, app.format_well_number(new.well_number),
                   case when offshore_area then 'an offshore area' else 'an onshore county' end),
            'offshore', 'Leave offshore out and it is derived from the well number');
    end if;
    -- The operator and the drilling contractor must hold their company role; an unknown
    -- company is left to the foreign key to report.
    for reference in
        select * from (values ('operator_company_id', new.operator_company_id, 'operator', 'operator'),
                              ('drilling_contractor_id', new.drilling_contractor_id, 'drilling contractor',
                               'drilling_contractor')) v (field, company_id, label, role)
         where v.company_id is not null
    loop
        continue when tg_op = 'UPDATE'
                  and reference.company_id is not distinct from (to_jsonb(old) ->> reference.field)::uuid;
        select c.roles into company_roles
          from app.companies c where c.organization_id = new.organization_id and c.id = reference.company_id;
        if found and not reference.role::app.company_role = any (company_roles) then
            perform app.raise_error(400, 'WF_COMPANY_ROLE',
                format('The %s company does not hold the %s role', reference.label, reference.role),
                reference.field, format('Add %s to the company''s roles first', reference.role));
        end if;
    end loop;
    return new;
end
$$;
comment on function app.wells_validate() is
    'Trigger: normalises the well number, derives or checks the offshore flag and checks the companies'' roles.';

create trigger wells_validate before insert or update on app.wells
    for each row execute function app.wells_validate();
create trigger wells_set_updated_at before update on app.wells
    for each row execute function app.set_updated_at();
create trigger wells_audit after insert or update or delete on app.wells
    for each row execute function app.audit_change();
create trigger wells_require_asset_writer before insert or update or delete on app.wells
    for each statement execute function app.require_org_role('asset_writers');

alter table app.wells enable row level security;
alter table app.wells force row level security;

create policy wells_tenant_read on app.wells
    for select
    using (organization_id = (select app.current_organization_id()));
create policy wells_asset_writer_insert on app.wells
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy wells_asset_writer_update on app.wells
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy wells_asset_writer_delete on app.wells
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.wells to wellflow_api;
grant select on app.wells to wellflow_worker;
create function app.wells_stamp_status_date() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
    if new.status is distinct from old.status and new.status_date is not distinct from old.status_date then
        new.status_date := current_date;
    end if;
    return new;
end
$$;
comment on function app.wells_stamp_status_date() is 'Trigger: a new status takes effect today unless status_date says otherwise.';
create trigger wells_stamp_status_date before update on app.wells
    for each row execute function app.wells_stamp_status_date();

set local role wellflow_api;

create view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date, surface_location, operated, ndic_file_number
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
grant select on api.wells
    to wellflow_user, wellflow_analyst;
-- surface_location is derived: a value for it is refused (400, 428C9) before it is read.
grant insert, update, delete on api.wells
    to wellflow_user;
set local role wellflow_owner;

-- A well moved to another lease or field takes its monthly history along.
create function app.wells_move_production_rollups() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    -- The well's monthly rows, signed (%2$s is '-' or ''), attributed to a lease or field (%1$L).
    history constant text := 'select organization_id, %1$L::uuid, month, %2$s oil_bbl, %2$s gas_mcf, %2$s water_bbl,'
        ' %2$s producing_days, %2$s reported_days from app.production_monthly_wells'
        ' where organization_id = %3$L and well_id = %4$L';
    level record;
begin
    for level in select * from (values ('leases', 'lease_id', old.lease_id, new.lease_id),
                                       ('fields', 'field_id', old.field_id, new.field_id)) v (rollup, key_column, was, now)
                 where v.was is distinct from v.now
    loop
        if level.was is not null then  -- the well's history leaves its old lease or field ...
            execute app.production_rollup_add_sql(level.rollup, level.key_column,
                                                  format(history, level.was, '-', old.organization_id, old.id));
        end if;
        if level.now is not null then  -- ... and joins the new one
            execute app.production_rollup_add_sql(level.rollup, level.key_column,
                                                  format(history, level.now, '', old.organization_id, old.id));
        end if;
    end loop;
    perform app.production_rollups_prune();
    return null;
end
$$;
comment on function app.wells_move_production_rollups() is
    'Trigger on app.wells: moves a well''s monthly rollups to its new lease or field.';
create trigger wells_move_production_rollups after update of lease_id, field_id on app.wells
    for each row when (old.lease_id is distinct from new.lease_id or old.field_id is distinct from new.field_id)
    execute function app.wells_move_production_rollups();
set local role wellflow_owner;

-- A well's status or status date changed: its months with production from the earlier status
-- date on are revalidated (the status rules read that production; months without any have
-- nothing they could flag), so the work follows the well's data, not the dates typed.
create function app.wells_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select m.organization_id, m.well_id, m.month
      from app.production_monthly_wells m
     where m.organization_id = new.organization_id and m.well_id = new.id
       and m.month >= date_trunc('month', least(old.status_date, new.status_date))
    on conflict do nothing;
    perform app.defer_validation(new.organization_id);
    return null;
end
$$;
comment on function app.wells_queue_validation() is
    'Trigger: a well''s new status or status date queues its months with production since then for validation.';
create trigger wells_queue_validation after update of status, status_date on app.wells
    for each row when (old.status is distinct from new.status or old.status_date is distinct from new.status_date)
    execute function app.wells_queue_validation();

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
