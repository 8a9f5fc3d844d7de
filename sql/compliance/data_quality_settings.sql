-- The limits the validation job holds monthly ratios to: an organization's own, and a field's where a
-- field's wells behave otherwise (a gas-condensate field, a waterflood). Without a row the defaults of
-- app.data_quality_limits apply.
set local role wellflow_owner;

create table app.data_quality_settings (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    -- Empty: the organization's limits; else the field's, which override them for its wells.
    field_id uuid,
    -- An oil well's monthly gas-oil ratio above this (scf/bbl) is out of range.
    gas_oil_ratio_limit numeric not null
        constraint data_quality_settings_gas_oil_ratio_limit_check check (
            gas_oil_ratio_limit > 0 and gas_oil_ratio_limit < 10000000 and gas_oil_ratio_limit = round(gas_oil_ratio_limit, 1)),
    -- An oil well's monthly water cut (water / liquids) above this is out of range.
    water_cut_limit numeric not null
        constraint data_quality_settings_water_cut_limit_check check (
            water_cut_limit > 0 and water_cut_limit <= 1 and water_cut_limit = round(water_cut_limit, 4)),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint data_quality_settings_field_id_key unique nulls not distinct (organization_id, field_id),
    constraint data_quality_settings_field_id_fkey foreign key (organization_id, field_id)
        references app.fields (organization_id, id) on delete cascade
);
comment on table app.data_quality_settings is
    'Gas-oil ratio and water-cut limits of the validation job, for the organization or one field.';

create trigger data_quality_settings_set_updated_at before update on app.data_quality_settings
    for each row execute function app.set_updated_at();
create trigger data_quality_settings_audit after insert or update or delete on app.data_quality_settings
    for each row execute function app.audit_change();
create trigger data_quality_settings_require_asset_writer before insert or update or delete on app.data_quality_settings
    for each statement execute function app.require_org_role('asset_writers');

alter table app.data_quality_settings enable row level security;
alter table app.data_quality_settings force row level security;

create policy data_quality_settings_tenant_read on app.data_quality_settings
    for select
    using (organization_id = (select app.current_organization_id()));
create policy data_quality_settings_asset_writer_write on app.data_quality_settings
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.data_quality_settings to wellflow_api;
grant select on app.data_quality_settings to wellflow_worker;

-- A well's limits: its field's, else its organization's, else 50,000 scf/bbl and 0.99, limits past
-- which an oil well's month is unusual enough to look at (Texas counts an oil well above 100,000
-- cf/bbl as a gas well; the validation job reports that apart).
create function app.data_quality_limits(organization uuid, field uuid)
returns table (gas_oil_ratio_limit numeric, water_cut_limit numeric)
language sql stable
set search_path = pg_catalog, app
as $$
    select coalesce(f.gas_oil_ratio_limit, o.gas_oil_ratio_limit, 50000), coalesce(f.water_cut_limit, o.water_cut_limit, 0.99)
      from (select) nothing
      left join app.data_quality_settings o on o.organization_id = organization and o.field_id is null
      left join app.data_quality_settings f on f.organization_id = organization and f.field_id = field
$$;
comment on function app.data_quality_limits(uuid, uuid) is
    'The gas-oil ratio and water-cut limits for a field''s wells: the field''s, the organization''s, or 50,000 and 0.99.';
grant execute on function app.data_quality_limits(uuid, uuid) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.data_quality_settings as
    select organization_id, id, field_id, gas_oil_ratio_limit, water_cut_limit, created_at, updated_at
      from app.data_quality_settings;
alter view api.data_quality_settings alter column organization_id set default app.current_organization_id();
comment on view api.data_quality_settings is
    'The limits the validation job holds an oil well''s monthly gas-oil ratio and water cut to: one row for the organization '
    '(field_id empty) and one per field that differs. Without a row: 50,000 scf/bbl and 0.99. Everyone reads; owners, admins, '
    'managers and engineers write; a change applies from the next validation of a month.';
comment on column api.data_quality_settings.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.data_quality_settings.id is 'Settings id (UUID v7).';
comment on column api.data_quality_settings.field_id is 'The field (see /fields) whose wells these limits are for; empty for the organization''s.';
comment on column api.data_quality_settings.gas_oil_ratio_limit is 'Monthly gas-oil ratio limit, scf/bbl, above 0, 1 decimal.';
comment on column api.data_quality_settings.water_cut_limit is 'Monthly water-cut limit, in (0, 1], 4 decimals.';
comment on column api.data_quality_settings.created_at is 'When the row was created.';
comment on column api.data_quality_settings.updated_at is 'When the row was last changed.';
grant select on api.data_quality_settings to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.data_quality_settings to wellflow_user;
