-- Oil and gas fields: the named accumulations an operator's leases and wells belong to.
set local role wellflow_owner;

create type app.field_status as enum ('active', 'inactive', 'abandoned');

create table app.fields (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    name text not null constraint fields_name_check check (char_length(btrim(name)) between 1 and 200),
    basin text constraint fields_basin_check check (char_length(basin) <= 200),
    play text constraint fields_play_check check (char_length(play) <= 200),
    state_code text references ref.well_number_states (state_code),
    county_code text,
    discovery_date date constraint fields_discovery_date_check check (app.is_sane_date(discovery_date) and discovery_date <= current_date),
    status app.field_status not null default 'active',
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    -- Texas Railroad Commission field number, on its production reports.
    rrc_field_number text constraint fields_rrc_field_number_check check (rrc_field_number ~ '^[0-9]{8}$'),
    primary key (organization_id, id),
    constraint fields_name_key unique (organization_id, name),
    constraint fields_county_code_fkey foreign key (state_code, county_code)
        references ref.well_number_counties (state_code, county_code),
    constraint fields_county_code_check check (county_code is null or state_code is not null)
);
comment on table app.fields is 'Oil and gas fields (named accumulations) the organization operates in.';

create trigger fields_set_updated_at before update on app.fields
    for each row execute function app.set_updated_at();
create trigger fields_audit after insert or update or delete on app.fields
    for each row execute function app.audit_change();
create trigger fields_require_asset_writer before insert or update or delete on app.fields
    for each statement execute function app.require_org_role('asset_writers');

alter table app.fields enable row level security;
alter table app.fields force row level security;

create policy fields_tenant_read on app.fields
    for select
    using (organization_id = (select app.current_organization_id()));
create policy fields_asset_writer_insert on app.fields
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy fields_asset_writer_update on app.fields
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy fields_asset_writer_delete on app.fields
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.fields to wellflow_api;
grant select on app.fields to wellflow_worker;
set local role wellflow_api;

create view api.fields as
    select organization_id, id, name, basin, play, state_code, county_code, discovery_date, status,
           created_at, updated_at, rrc_field_number
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
comment on column api.fields.rrc_field_number is 'Texas: the Railroad Commission field number, 8 digits.';
grant select on api.fields
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.fields
    to wellflow_user;
