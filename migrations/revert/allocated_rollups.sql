-- Revert wellflow:allocated_rollups from pg
-- The rollups show the daily sums only.
begin;
set local role wellflow_api;
drop view api.production_monthly_wells, api.production_monthly_leases, api.production_monthly_fields,
    api.production_monthly_organizations;

create view api.production_monthly_wells as
    with readable as (
        select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_wells)
    select * from readable;
comment on view api.production_monthly_wells is 'Monthly production per well, current with every change. Read-only.';
comment on column api.production_monthly_wells.organization_id is 'The organization.';
comment on column api.production_monthly_wells.well_id is 'The well (see /wells).';
comment on column api.production_monthly_wells.month is 'First day of the month.';
comment on column api.production_monthly_wells.oil_bbl is 'Oil in the month, barrels.';
comment on column api.production_monthly_wells.gas_mcf is 'Gas in the month, mcf.';
comment on column api.production_monthly_wells.water_bbl is 'Water in the month, barrels.';
comment on column api.production_monthly_wells.producing_days is 'Days with oil or gas.';
comment on column api.production_monthly_wells.reported_days is 'Days with a production row.';
comment on column api.production_monthly_wells.gas_oil_ratio is 'Gas-oil ratio, scf/bbl; null without oil.';
comment on column api.production_monthly_wells.water_cut is 'Water / (oil + water), 0-1; null without liquids.';

create view api.production_monthly_leases as
    with readable as (
        select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_leases)
    select * from readable;
comment on view api.production_monthly_leases is 'Monthly production per lease (its wells summed), current with every change. Read-only.';
comment on column api.production_monthly_leases.organization_id is 'The organization.';
comment on column api.production_monthly_leases.lease_id is 'The lease (see /leases).';
comment on column api.production_monthly_leases.month is 'First day of the month.';
comment on column api.production_monthly_leases.oil_bbl is 'Oil in the month, barrels.';
comment on column api.production_monthly_leases.gas_mcf is 'Gas in the month, mcf.';
comment on column api.production_monthly_leases.water_bbl is 'Water in the month, barrels.';
comment on column api.production_monthly_leases.producing_days is 'Well-days with oil or gas.';
comment on column api.production_monthly_leases.reported_days is 'Well-days with a production row.';
comment on column api.production_monthly_leases.gas_oil_ratio is 'Gas-oil ratio, scf/bbl; null without oil.';
comment on column api.production_monthly_leases.water_cut is 'Water / (oil + water), 0-1; null without liquids.';

create view api.production_monthly_fields as
    with readable as (
        select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_fields)
    select * from readable;
comment on view api.production_monthly_fields is 'Monthly production per field (its wells summed), current with every change. Read-only.';
comment on column api.production_monthly_fields.organization_id is 'The organization.';
comment on column api.production_monthly_fields.field_id is 'The field (see /fields).';
comment on column api.production_monthly_fields.month is 'First day of the month.';
comment on column api.production_monthly_fields.oil_bbl is 'Oil in the month, barrels.';
comment on column api.production_monthly_fields.gas_mcf is 'Gas in the month, mcf.';
comment on column api.production_monthly_fields.water_bbl is 'Water in the month, barrels.';
comment on column api.production_monthly_fields.producing_days is 'Well-days with oil or gas.';
comment on column api.production_monthly_fields.reported_days is 'Well-days with a production row.';
comment on column api.production_monthly_fields.gas_oil_ratio is 'Gas-oil ratio, scf/bbl; null without oil.';
comment on column api.production_monthly_fields.water_cut is 'Water / (oil + water), 0-1; null without liquids.';

create view api.production_monthly_organizations as
    with readable as (
        select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_organizations)
    select * from readable;
comment on view api.production_monthly_organizations is 'Monthly production of the whole organization, current with every change. Read-only.';
comment on column api.production_monthly_organizations.organization_id is 'The organization.';
comment on column api.production_monthly_organizations.month is 'First day of the month.';
comment on column api.production_monthly_organizations.oil_bbl is 'Oil in the month, barrels.';
comment on column api.production_monthly_organizations.gas_mcf is 'Gas in the month, mcf.';
comment on column api.production_monthly_organizations.water_bbl is 'Water in the month, barrels.';
comment on column api.production_monthly_organizations.producing_days is 'Well-days with oil or gas.';
comment on column api.production_monthly_organizations.reported_days is 'Well-days with a production row.';
comment on column api.production_monthly_organizations.gas_oil_ratio is 'Gas-oil ratio, scf/bbl; null without oil.';
comment on column api.production_monthly_organizations.water_cut is 'Water / (oil + water), 0-1; null without liquids.';
grant select on api.production_monthly_wells, api.production_monthly_leases, api.production_monthly_fields, api.production_monthly_organizations
    to wellflow_user, wellflow_analyst;

set local role wellflow_owner;
drop trigger allocations_maintain_rollups_insert on app.allocations;
drop trigger allocations_maintain_rollups_delete on app.allocations;
drop function app.allocations_maintain_rollups();
alter table app.production_monthly_wells drop column allocated_oil_bbl, drop column allocated_gas_mcf,
    drop column allocated_water_bbl;
alter table app.production_monthly_leases drop column allocated_oil_bbl, drop column allocated_gas_mcf,
    drop column allocated_water_bbl;
alter table app.production_monthly_fields drop column allocated_oil_bbl, drop column allocated_gas_mcf,
    drop column allocated_water_bbl;
alter table app.production_monthly_organizations drop column allocated_oil_bbl, drop column allocated_gas_mcf,
    drop column allocated_water_bbl;
commit;
