-- Meter statements: a month's gas (with its heat content) or water measured at a measurement point,
-- from the meter's chart or electronic flow measurement, or the gatherer's statement.
set local role wellflow_owner;

create type app.metered_product as enum ('gas', 'water');

create table app.meter_statements (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint meter_statements_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    product app.metered_product not null,
    -- mcf of gas, or barrels of water.
    volume numeric not null constraint meter_statements_volume_check check (app.is_volume(volume) and volume < 100000000),
    -- Gas only: the heat content of the volume, MMBtu.
    heat_content_mmbtu numeric constraint meter_statements_heat_content_mmbtu_check check (
        app.is_volume(heat_content_mmbtu) and heat_content_mmbtu < 100000000),
    purchaser_company_id uuid,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint meter_statements_product_key unique (organization_id, measurement_point_id, month, product),
    constraint meter_statements_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint meter_statements_purchaser_company_id_fkey foreign key (organization_id, purchaser_company_id)
        references app.companies (organization_id, id),
    constraint meter_statements_heat_content_mmbtu_product_check check (heat_content_mmbtu is null or product = 'gas')
);
comment on table app.meter_statements is 'A month''s metered gas (with heat content) or water at a measurement point.';

create trigger meter_statements_set_updated_at before update on app.meter_statements
    for each row execute function app.set_updated_at();
create trigger meter_statements_audit after insert or update or delete on app.meter_statements
    for each row execute function app.audit_change();
create trigger meter_statements_require_asset_writer before insert or update or delete on app.meter_statements
    for each statement execute function app.require_org_role('asset_writers');

alter table app.meter_statements enable row level security;
alter table app.meter_statements force row level security;
create policy meter_statements_tenant_read on app.meter_statements
    for select
    using (organization_id = (select app.current_organization_id()));
create policy meter_statements_asset_writer_write on app.meter_statements
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.meter_statements to wellflow_api;
grant select on app.meter_statements to wellflow_worker;
set local role wellflow_api;

create view api.meter_statements as
    select organization_id, id, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
           created_at, updated_at
      from app.meter_statements;
alter view api.meter_statements alter column organization_id set default app.current_organization_id();
comment on view api.meter_statements is
    'A month''s metered gas or water at a measurement point, one per point, month and product. POST one or a JSON array (or '
    'CSV). Everyone reads; owners, admins, managers and engineers write.';
comment on column api.meter_statements.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.meter_statements.id is 'Statement id (UUID v7).';
comment on column api.meter_statements.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.meter_statements.month is 'First day of the month measured.';
comment on column api.meter_statements.product is 'gas or water.';
comment on column api.meter_statements.volume is 'mcf of gas or barrels of water, at most 3 decimals.';
comment on column api.meter_statements.heat_content_mmbtu is 'Gas only: the volume''s heat content, MMBtu.';
comment on column api.meter_statements.purchaser_company_id is 'Who bought or took it (see /companies).';
comment on column api.meter_statements.created_at is 'When it was created.';
comment on column api.meter_statements.updated_at is 'When it was last changed.';
grant select on api.meter_statements to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.meter_statements to wellflow_user;
