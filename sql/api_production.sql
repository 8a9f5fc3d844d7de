-- REST resources for production: daily rows, well tests and the monthly rollups.
set local role wellflow_api;

create view api.production as
    select organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on, choke_64ths,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason, created_at, updated_at
      from app.production;
alter view api.production alter column organization_id set default app.current_organization_id();
comment on view api.production is
    'Daily production per well. Everyone reads; owners, admins, managers and engineers write. '
    'Bulk loads go through /rpc/import_production; single days through POST/PATCH/DELETE here.';
comment on column api.production.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.production.well_id is 'The well (see /wells).';
comment on column api.production.production_date is 'The production day; not in the future.';
comment on column api.production.oil_bbl is 'Oil, barrels (42 US gallons), >= 0, up to 3 decimals.';
comment on column api.production.gas_mcf is 'Gas, thousand cubic feet, >= 0, up to 3 decimals.';
comment on column api.production.water_bbl is 'Water, barrels, >= 0, up to 3 decimals.';
comment on column api.production.hours_on is 'Hours the well produced that day, 0-24.';
comment on column api.production.choke_64ths is 'Choke size in 64ths of an inch, 0-256.';
comment on column api.production.tubing_pressure_psi is 'Tubing pressure, psi.';
comment on column api.production.casing_pressure_psi is 'Casing pressure, psi.';
comment on column api.production.downtime_reason is 'Why the well was down, if it was (1-200 characters).';
comment on column api.production.created_at is 'When the day was first recorded.';
comment on column api.production.updated_at is 'When the day was last changed.';

create view api.well_tests as
    select organization_id, id, well_id, test_date, test_type, duration_hours, oil_bbl, gas_mcf, water_bbl,
           gas_oil_ratio, water_cut, choke_64ths, tubing_pressure_psi, casing_pressure_psi, separator_pressure_psi,
           separator_temperature_f, notes, created_at, updated_at
      from app.well_tests;
alter view api.well_tests alter column organization_id set default app.current_organization_id();
comment on view api.well_tests is 'Timed well tests. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.well_tests.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.well_tests.id is 'Well test id (UUID v7).';
comment on column api.well_tests.well_id is 'The tested well (see /wells).';
comment on column api.well_tests.test_date is 'Day of the test; not in the future.';
comment on column api.well_tests.test_type is 'initial_potential, periodic, allocation, regulatory or retest.';
comment on column api.well_tests.duration_hours is 'Test duration in hours, > 0 (Texas requires 24-hour tests, 16 TAC §3.53).';
comment on column api.well_tests.oil_bbl is 'Oil produced during the test, barrels.';
comment on column api.well_tests.gas_mcf is 'Gas produced during the test, mcf.';
comment on column api.well_tests.water_bbl is 'Water produced during the test, barrels.';
comment on column api.well_tests.gas_oil_ratio is 'Derived: gas-oil ratio, scf/bbl (gas * 1000 / oil); null without oil. Read-only.';
comment on column api.well_tests.water_cut is 'Derived: water / (oil + water), 0-1; null without liquids. Read-only.';
comment on column api.well_tests.choke_64ths is 'Choke size, 64ths of an inch.';
comment on column api.well_tests.tubing_pressure_psi is 'Tubing pressure, psi.';
comment on column api.well_tests.casing_pressure_psi is 'Casing pressure, psi.';
comment on column api.well_tests.separator_pressure_psi is 'Separator pressure, psi.';
comment on column api.well_tests.separator_temperature_f is 'Separator temperature, degrees Fahrenheit.';
comment on column api.well_tests.notes is 'Free text, up to 2000 characters.';
comment on column api.well_tests.created_at is 'When the test was recorded.';
comment on column api.well_tests.updated_at is 'When the test was last changed.';

create view api.production_monthly_wells as
    select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_wells;
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
    select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_leases;
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
    select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_fields;
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
    select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_organizations;
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

grant select on api.production, api.well_tests, api.production_monthly_wells, api.production_monthly_leases,
    api.production_monthly_fields, api.production_monthly_organizations to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.production, api.well_tests to wellflow_user;
