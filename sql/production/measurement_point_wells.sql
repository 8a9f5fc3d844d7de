-- Which wells flow to which measurement point, over effective-dated periods: a well flows to one
-- point at a time, so a month's allocation knows its wells.
set local role wellflow_owner;

create table app.measurement_point_wells (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    well_id uuid not null,
    effective_from date not null
        constraint measurement_point_wells_effective_from_check check (app.is_sane_date(effective_from)),
    -- Last day (inclusive); empty while it still flows there.
    effective_to date,
    -- An end before the start is clamped here so that the named check, not a range error, refuses it.
    effective daterange generated always as (daterange(
        effective_from, case when effective_to < effective_from then effective_from else effective_to end, '[]')) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint measurement_point_wells_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id) on delete cascade,
    constraint measurement_point_wells_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id),
    constraint measurement_point_wells_effective_to_check check (
        app.is_sane_date(effective_to) and effective_to >= effective_from),
    constraint measurement_point_wells_effective_excl exclude using gist (
        organization_id with =, well_id with =, effective with &&)
);
comment on table app.measurement_point_wells is 'The wells flowing to each measurement point, with the dates they did.';
create index measurement_point_wells_point_idx on app.measurement_point_wells (organization_id, measurement_point_id);

create trigger measurement_point_wells_set_updated_at before update on app.measurement_point_wells
    for each row execute function app.set_updated_at();
create trigger measurement_point_wells_audit after insert or update or delete on app.measurement_point_wells
    for each row execute function app.audit_change();
create trigger measurement_point_wells_require_asset_writer before insert or update or delete on app.measurement_point_wells
    for each statement execute function app.require_org_role('asset_writers');

alter table app.measurement_point_wells enable row level security;
alter table app.measurement_point_wells force row level security;
create policy measurement_point_wells_tenant_read on app.measurement_point_wells
    for select
    using (organization_id = (select app.current_organization_id()));
create policy measurement_point_wells_asset_writer_write on app.measurement_point_wells
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.measurement_point_wells to wellflow_api;
grant select on app.measurement_point_wells to wellflow_worker;
set local role wellflow_api;

create view api.measurement_point_wells as
    select organization_id, id, measurement_point_id, well_id, effective_from, effective_to, created_at, updated_at
      from app.measurement_point_wells;
alter view api.measurement_point_wells alter column organization_id set default app.current_organization_id();
comment on view api.measurement_point_wells is
    'Which wells flow to which measurement point, and when; a well flows to one point at a time (overlapping periods are '
    'refused). Everyone reads; owners, admins, managers and engineers write.';
comment on column api.measurement_point_wells.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.measurement_point_wells.id is 'Id (UUID v7).';
comment on column api.measurement_point_wells.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.measurement_point_wells.well_id is 'The well (see /wells).';
comment on column api.measurement_point_wells.effective_from is 'First day the well flowed there.';
comment on column api.measurement_point_wells.effective_to is 'Last day (inclusive); empty while it still does.';
comment on column api.measurement_point_wells.created_at is 'When it was created.';
comment on column api.measurement_point_wells.updated_at is 'When it was last changed.';
grant select on api.measurement_point_wells to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.measurement_point_wells to wellflow_user;
