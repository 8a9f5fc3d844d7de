-- Measurement points: where production is measured, not at the well but where wells flow together.
-- Oil is gauged and sold from a tank battery (run tickets) or through a LACT unit; gas and water are
-- metered at the battery or at a gas meter (meter statements). The wells flowing to each point over
-- time are app.measurement_point_wells; app.allocations spreads what a point measured back to them.
set local role wellflow_owner;

create type app.measurement_point_kind as enum ('tank_battery', 'lact_unit', 'gas_meter');

create table app.measurement_points (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    name text not null constraint measurement_points_name_check check (char_length(btrim(name)) between 1 and 200),
    kind app.measurement_point_kind not null,
    lease_id uuid,
    -- The operator's or the purchaser's number of the meter or battery.
    meter_number text constraint measurement_points_meter_number_check check (meter_number ~ '^\S{1,40}$'),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint measurement_points_name_key unique (organization_id, name),
    constraint measurement_points_lease_id_fkey foreign key (organization_id, lease_id)
        references app.leases (organization_id, id)
);
comment on table app.measurement_points is 'Tank batteries, LACT units and gas meters where wells'' production is measured.';
create index measurement_points_lease_id_idx on app.measurement_points (organization_id, lease_id) where lease_id is not null;

create trigger measurement_points_set_updated_at before update on app.measurement_points
    for each row execute function app.set_updated_at();
create trigger measurement_points_audit after insert or update or delete on app.measurement_points
    for each row execute function app.audit_change();
create trigger measurement_points_require_asset_writer before insert or update or delete on app.measurement_points
    for each statement execute function app.require_org_role('asset_writers');

alter table app.measurement_points enable row level security;
alter table app.measurement_points force row level security;
create policy measurement_points_tenant_read on app.measurement_points
    for select
    using (organization_id = (select app.current_organization_id()));
create policy measurement_points_asset_writer_write on app.measurement_points
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.measurement_points to wellflow_api;
grant select on app.measurement_points to wellflow_worker;
set local role wellflow_api;

create view api.measurement_points as
    select organization_id, id, name, kind, lease_id, meter_number, created_at, updated_at
      from app.measurement_points;
alter view api.measurement_points alter column organization_id set default app.current_organization_id();
comment on view api.measurement_points is
    'Where production is measured: tank batteries and LACT units (oil, by run tickets) and gas meters (meter statements); a '
    'battery''s own gas and water meters report on it too. Wells flow to them over time (/measurement_point_wells). Everyone '
    'reads; owners, admins, managers and engineers write.';
comment on column api.measurement_points.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.measurement_points.id is 'Measurement point id (UUID v7).';
comment on column api.measurement_points.name is 'Name, unique in the organization, 1-200 characters.';
comment on column api.measurement_points.kind is 'tank_battery, lact_unit or gas_meter.';
comment on column api.measurement_points.lease_id is 'The lease it serves (see /leases), if one.';
comment on column api.measurement_points.meter_number is 'The meter''s or battery''s number, 1-40 characters without spaces.';
comment on column api.measurement_points.created_at is 'When it was created.';
comment on column api.measurement_points.updated_at is 'When it was last changed.';
grant select on api.measurement_points to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.measurement_points to wellflow_user;
