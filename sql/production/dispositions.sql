-- Dispositions: where a measurement point's production went in a month besides what its run tickets
-- and meter statements deliver (those are its sales and deliveries): used on the lease, flared,
-- vented, injected or transferred, and the oil in its tanks at the start and end of the month. With
-- the deliveries they make the month's balance: opening + produced = deliveries + dispositions +
-- closing (api.disposition_balances).
set local role wellflow_owner;

create type app.allocated_product as enum ('oil', 'gas', 'water');
create type app.disposition_code as enum (
    'lease_use', 'flared', 'vented', 'injected', 'transferred', 'opening_inventory', 'closing_inventory');

create table app.dispositions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint dispositions_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    product app.allocated_product not null,
    disposition app.disposition_code not null,
    volume numeric not null constraint dispositions_volume_check check (app.is_volume(volume) and volume < 100000000),
    -- Who took it (a transporter, a gatherer, a disposal well's operator), where it matters.
    company_id uuid,
    -- Under what authority gas was flared or vented, as the Texas Railroad Commission's Form PR remarks
    -- give it from January 2022: AR authorized by rule, AE authorized by exception, EP exception pending,
    -- EX exempt.
    release_authority text constraint dispositions_release_authority_check check (
        release_authority is null or release_authority in ('AR', 'AE', 'EP', 'EX') and disposition in ('flared', 'vented')),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint dispositions_disposition_key unique nulls not distinct
        (organization_id, measurement_point_id, month, product, disposition, company_id),
    constraint dispositions_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint dispositions_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id),
    -- Inventory is oil in the tanks.
    constraint dispositions_inventory_check check (
        disposition not in ('opening_inventory', 'closing_inventory') or product = 'oil')
);
comment on table app.dispositions is 'A measurement point''s month: what was used, flared, vented, injected or transferred, and inventory.';

create trigger dispositions_set_updated_at before update on app.dispositions
    for each row execute function app.set_updated_at();
create trigger dispositions_audit after insert or update or delete on app.dispositions
    for each row execute function app.audit_change();
create trigger dispositions_require_asset_writer before insert or update or delete on app.dispositions
    for each statement execute function app.require_org_role('asset_writers');

alter table app.dispositions enable row level security;
alter table app.dispositions force row level security;
create policy dispositions_tenant_read on app.dispositions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy dispositions_asset_writer_write on app.dispositions
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.dispositions to wellflow_api;
grant select on app.dispositions to wellflow_worker;
set local role wellflow_api;

create view api.dispositions as
    select organization_id, id, measurement_point_id, month, product, disposition, volume, company_id, created_at, updated_at,
           release_authority
      from app.dispositions;
alter view api.dispositions alter column organization_id set default app.current_organization_id();
comment on view api.dispositions is
    'Where a measurement point''s production went in a month besides its run tickets and meter statements: lease_use, '
    'flared, vented, injected, transferred, and (oil) opening_inventory and closing_inventory. Everyone reads; owners, '
    'admins, managers and engineers write.';
comment on column api.dispositions.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.dispositions.id is 'Disposition id (UUID v7).';
comment on column api.dispositions.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.dispositions.month is 'First day of the month.';
comment on column api.dispositions.product is 'oil (barrels), gas (mcf) or water (barrels).';
comment on column api.dispositions.disposition is
    'lease_use, flared, vented, injected, transferred, opening_inventory or closing_inventory (oil only).';
comment on column api.dispositions.volume is 'Volume, at most 3 decimals.';
comment on column api.dispositions.company_id is 'Who took it (see /companies), where it matters.';
comment on column api.dispositions.created_at is 'When it was created.';
comment on column api.dispositions.updated_at is 'When it was last changed.';
comment on column api.dispositions.release_authority is
    'Flared or vented gas only: the authority for it, as Texas Form PR remarks take it: AR (authorized by rule), AE '
    '(authorized by exception), EP (exception pending) or EX (exempt).';
grant select on api.dispositions to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.dispositions to wellflow_user;
