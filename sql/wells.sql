-- Wells, identified by their US well number (DESIGN §5).
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
    spud_date date,
    completion_date date constraint wells_completion_date_check check (completion_date >= spud_date),
    first_production_date date
        constraint wells_first_production_date_check check (first_production_date >= completion_date
                                                            and first_production_date >= spud_date),
    measured_depth numeric
        constraint wells_measured_depth_check check (measured_depth > 0 and measured_depth < 100000
                                                     and measured_depth = round(measured_depth, 2)),
    true_vertical_depth numeric
        constraint wells_true_vertical_depth_check check (true_vertical_depth > 0
                                                          and true_vertical_depth = round(true_vertical_depth, 2)
                                                          and true_vertical_depth <= measured_depth),
    lateral_length numeric
        constraint wells_lateral_length_check check (lateral_length > 0 and lateral_length = round(lateral_length, 2)
                                                     and (not horizontal or lateral_length is not null)),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint wells_well_number_key unique (organization_id, well_number),
    constraint wells_lease_id_fkey foreign key (organization_id, lease_id) references app.leases (organization_id, id),
    constraint wells_field_id_fkey foreign key (organization_id, field_id) references app.fields (organization_id, id),
    constraint wells_operator_company_id_fkey foreign key (organization_id, operator_company_id)
        references app.companies (organization_id, id),
    constraint wells_drilling_contractor_id_fkey foreign key (organization_id, drilling_contractor_id)
        references app.companies (organization_id, id)
);
comment on table app.wells is 'Wells by US well number: location, lease, field, operator, status, dates and depths (feet).';
create index wells_name_idx on app.wells (organization_id, name);
create index wells_lease_id_idx on app.wells (organization_id, lease_id);
create index wells_field_id_idx on app.wells (organization_id, field_id);
create index wells_operator_company_id_idx on app.wells (organization_id, operator_company_id);
create index wells_drilling_contractor_id_idx on app.wells (organization_id, drilling_contractor_id);

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
    for each statement execute function app.require_org_role('owner', 'admin', 'manager', 'engineer');

alter table app.wells enable row level security;
alter table app.wells force row level security;

create policy wells_tenant_read on app.wells
    for select
    using (organization_id = (select app.current_organization_id()));
create policy wells_asset_writer_insert on app.wells
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'manager', 'engineer')));
create policy wells_asset_writer_update on app.wells
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'manager', 'engineer')))
    with check (organization_id = (select app.current_organization_id()));
create policy wells_asset_writer_delete on app.wells
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'manager', 'engineer')));

grant select, insert, update, delete on app.wells to wellflow_api;
grant select on app.wells to wellflow_worker;
