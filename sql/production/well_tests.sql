-- Well tests: measured rates over a timed test, the basis of allocation and regulatory filings.
set local role wellflow_owner;

-- Gas-oil ratio in scf/bbl (gas mcf x 1000 / oil bbl) and water cut (water / (oil + water)),
-- NULL where the denominator is zero: one definition for well tests and the monthly rollups.
-- Plain immutable SQL without a SET clause, so the planner inlines them.
create function app.gas_oil_ratio(oil_bbl numeric, gas_mcf numeric) returns numeric
language sql immutable
as $$ select case when oil_bbl > 0 then round(gas_mcf * 1000 / oil_bbl, 1) end $$;
comment on function app.gas_oil_ratio(numeric, numeric) is 'Gas-oil ratio, scf/bbl, 1 decimal; NULL without oil.';

create function app.water_cut(oil_bbl numeric, water_bbl numeric) returns numeric
language sql immutable
as $$ select case when oil_bbl + water_bbl > 0 then round(water_bbl / (oil_bbl + water_bbl), 4) end $$;
comment on function app.water_cut(numeric, numeric) is 'Water / (oil + water), 4 decimals; NULL without liquids.';

grant execute on function app.gas_oil_ratio(numeric, numeric), app.water_cut(numeric, numeric)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

create type app.well_test_type as enum ('initial_potential', 'periodic', 'allocation', 'regulatory', 'retest');

create table app.well_tests (
    organization_id uuid not null,
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    test_date date not null constraint well_tests_test_date_check check (app.is_sane_date(test_date) and test_date <= current_date),
    test_type app.well_test_type not null default 'periodic',
    duration_hours numeric not null
        constraint well_tests_duration_hours_check check (duration_hours > 0 and duration_hours <= 720
                                                          and duration_hours = round(duration_hours, 2)),
    oil_bbl numeric not null default 0
        constraint well_tests_oil_bbl_check check (app.is_volume(oil_bbl)),
    gas_mcf numeric not null default 0
        constraint well_tests_gas_mcf_check check (app.is_volume(gas_mcf)),
    water_bbl numeric not null default 0
        constraint well_tests_water_bbl_check check (app.is_volume(water_bbl)),
    gas_oil_ratio numeric generated always as (app.gas_oil_ratio(oil_bbl, gas_mcf)) stored,
    water_cut numeric generated always as (app.water_cut(oil_bbl, water_bbl)) stored,
    choke_64ths integer constraint well_tests_choke_64ths_check check (choke_64ths between 0 and 256),
    tubing_pressure_psi numeric
        constraint well_tests_tubing_pressure_psi_check check (tubing_pressure_psi >= 0 and tubing_pressure_psi < 50000),
    casing_pressure_psi numeric
        constraint well_tests_casing_pressure_psi_check check (casing_pressure_psi >= 0 and casing_pressure_psi < 50000),
    separator_pressure_psi numeric
        constraint well_tests_separator_pressure_psi_check check (separator_pressure_psi >= 0
                                                                  and separator_pressure_psi < 10000),
    separator_temperature_f numeric
        constraint well_tests_separator_temperature_f_check check (separator_temperature_f between -60 and 400),
    notes text constraint well_tests_notes_check check (char_length(notes) <= 2000),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint well_tests_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id)
);
comment on table app.well_tests is 'Timed well tests: volumes, derived GOR and water cut, choke, pressures, separator conditions.';
create index well_tests_well_id_idx on app.well_tests (organization_id, well_id, test_date desc);

create trigger well_tests_set_updated_at before update on app.well_tests
    for each row execute function app.set_updated_at();
create trigger well_tests_audit after insert or update or delete on app.well_tests
    for each row execute function app.audit_change();
create trigger well_tests_require_production_writer before insert or update or delete on app.well_tests
    for each statement execute function app.require_org_role('asset_writers');

alter table app.well_tests enable row level security;
alter table app.well_tests force row level security;

create policy well_tests_tenant_read on app.well_tests
    for select
    using (organization_id = (select app.current_organization_id()));
create policy well_tests_writer_insert on app.well_tests
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy well_tests_writer_update on app.well_tests
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy well_tests_writer_delete on app.well_tests
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.well_tests to wellflow_api;
grant select on app.well_tests to wellflow_worker;
set local role wellflow_api;

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
grant select on api.well_tests
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.well_tests
    to wellflow_user;
