-- Monthly production rollups per well, lease, field and organization, kept current by
-- statement triggers on app.production in the same transaction as the change
-- (TimescaleDB's continuous aggregates refuse tables with row level security, so these are
-- ordinary RLS tables).
set local role wellflow_owner;

create table app.production_monthly_wells (
    organization_id uuid not null,
    well_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    -- What allocation from the measurement points gave the month (app.allocations), beside the daily sums;
    -- empty while the month is not allocated. Kept by the allocation triggers.
    allocated_oil_bbl numeric,
    allocated_gas_mcf numeric,
    allocated_water_bbl numeric,
    primary key (organization_id, well_id, month),
    constraint production_monthly_wells_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id)
);
comment on table app.production_monthly_wells is 'Monthly production per well, maintained from app.production.';

create table app.production_monthly_leases (
    organization_id uuid not null,
    lease_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    -- What allocation from the measurement points gave the month (app.allocations), beside the daily sums;
    -- empty while the month is not allocated. Kept by the allocation triggers.
    allocated_oil_bbl numeric,
    allocated_gas_mcf numeric,
    allocated_water_bbl numeric,
    primary key (organization_id, lease_id, month),
    constraint production_monthly_leases_lease_id_fkey foreign key (organization_id, lease_id)
        references app.leases (organization_id, id)
);
comment on table app.production_monthly_leases is
    'Monthly production per lease (sum of its wells; producing_days and reported_days are well-days).';

create table app.production_monthly_fields (
    organization_id uuid not null,
    field_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    -- What allocation from the measurement points gave the month (app.allocations), beside the daily sums;
    -- empty while the month is not allocated. Kept by the allocation triggers.
    allocated_oil_bbl numeric,
    allocated_gas_mcf numeric,
    allocated_water_bbl numeric,
    primary key (organization_id, field_id, month),
    constraint production_monthly_fields_field_id_fkey foreign key (organization_id, field_id)
        references app.fields (organization_id, id)
);
comment on table app.production_monthly_fields is 'Monthly production per field (sum of its wells; days are well-days).';

create table app.production_monthly_organizations (
    organization_id uuid not null references app.organizations (id),
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    -- What allocation from the measurement points gave the month (app.allocations), beside the daily sums;
    -- empty while the month is not allocated. Kept by the allocation triggers.
    allocated_oil_bbl numeric,
    allocated_gas_mcf numeric,
    allocated_water_bbl numeric,
    primary key (organization_id, month)
);
comment on table app.production_monthly_organizations is 'Monthly production of the whole organization (days are well-days).';

-- Rows whose last daily row went away are deleted; these partial indexes find them cheaply.
create index production_monthly_wells_empty_idx on app.production_monthly_wells (organization_id) where reported_days = 0;
create index production_monthly_leases_empty_idx on app.production_monthly_leases (organization_id) where reported_days = 0;
create index production_monthly_fields_empty_idx on app.production_monthly_fields (organization_id) where reported_days = 0;
create index production_monthly_organizations_empty_idx on app.production_monthly_organizations (organization_id)
    where reported_days = 0;
create index production_monthly_wells_month_idx on app.production_monthly_wells (organization_id, month);

-- Adds signed amounts to one rollup: `source` yields (organization_id, [key,] month, oil_bbl,
-- gas_mcf, water_bbl, producing_days, reported_days); existing rows add them, new rows start
-- from them. Subtracting is adding negative amounts. key_column is NULL for the organization
-- rollup. Rows are written in key order so concurrent writers lock them in the same order.
create function app.production_rollup_add_sql(rollup text, key_column text, source text) returns text
language sql immutable
set search_path = pg_catalog
as $fn$
    select format($sql$
        insert into app.%1$I as t (organization_id, %2$s month, oil_bbl, gas_mcf, water_bbl, producing_days,
                                   reported_days)
        select * from (%3$s) s (organization_id, %2$s month, oil_bbl, gas_mcf, water_bbl, producing_days,
                                reported_days)
         order by organization_id, %2$s month
        on conflict (organization_id, %2$s month) do update
           set oil_bbl = t.oil_bbl + excluded.oil_bbl, gas_mcf = t.gas_mcf + excluded.gas_mcf,
               water_bbl = t.water_bbl + excluded.water_bbl,
               producing_days = t.producing_days + excluded.producing_days,
               reported_days = t.reported_days + excluded.reported_days$sql$,
        'production_monthly_' || rollup, case when key_column is not null then quote_ident(key_column) || ',' end,
        source)
$fn$;
comment on function app.production_rollup_add_sql(text, text, text) is
    'The statement adding signed amounts to one monthly rollup (wells, leases, fields or organizations).';

-- The statement that adds signed daily rows to every rollup: inserted rows count +1, deleted
-- rows -1, an update is its old row subtracted and its new row added. signed_rows is a query
-- over the statement's transition tables (new_rows, old_rows), which only the trigger
-- function itself can read, so the trigger executes the returned text.
create function app.production_rollups_sql(signed_rows text) returns text
language sql immutable
set search_path = pg_catalog, app
as $fn$
    select format($sql$
        with changes as (%s),
        well_deltas as (
            select organization_id, well_id, date_trunc('month', production_date)::date as month,
                   sum(sign * oil_bbl) as oil_bbl, sum(sign * gas_mcf) as gas_mcf, sum(sign * water_bbl) as water_bbl,
                   sum(sign * (oil_bbl > 0 or gas_mcf > 0)::int)::int as producing_days, sum(sign)::int as reported_days
              from changes group by 1, 2, 3),
        attributed as (
            select d.*, w.lease_id, w.field_id
              from well_deltas d join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id),
        wells as (%s),
        leases as (%s),
        fields as (%s)
        %s
        $sql$, signed_rows,
        app.production_rollup_add_sql('wells', 'well_id',
            'select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days'
            ' from well_deltas'),
        app.production_rollup_add_sql('leases', 'lease_id',
            'select organization_id, lease_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl),'
            ' sum(producing_days), sum(reported_days) from attributed where lease_id is not null group by 1, 2, 3'),
        app.production_rollup_add_sql('fields', 'field_id',
            'select organization_id, field_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl),'
            ' sum(producing_days), sum(reported_days) from attributed where field_id is not null group by 1, 2, 3'),
        app.production_rollup_add_sql('organizations', null,
            'select organization_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl), sum(producing_days),'
            ' sum(reported_days) from well_deltas group by 1, 2'))
$fn$;
comment on function app.production_rollups_sql(text) is
    'The statement adding a set of signed daily production rows to the four monthly rollups.';

create function app.production_rollups_prune() returns void
language sql
set search_path = pg_catalog, app
as $$
    delete from app.production_monthly_wells where reported_days = 0;
    delete from app.production_monthly_leases where reported_days = 0;
    delete from app.production_monthly_fields where reported_days = 0;
    delete from app.production_monthly_organizations where reported_days = 0;
$$;
comment on function app.production_rollups_prune() is 'Deletes rollup rows whose last daily row went away.';

alter table app.production_monthly_wells enable row level security;
alter table app.production_monthly_wells force row level security;
alter table app.production_monthly_leases enable row level security;
alter table app.production_monthly_leases force row level security;
alter table app.production_monthly_fields enable row level security;
alter table app.production_monthly_fields force row level security;
alter table app.production_monthly_organizations enable row level security;
alter table app.production_monthly_organizations force row level security;

-- Written only by the security-definer triggers above (as wellflow_owner, inside the tenant's
-- context); readers hold select through the api views.
create policy production_monthly_wells_tenant_all on app.production_monthly_wells
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_leases_tenant_all on app.production_monthly_leases
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_fields_tenant_all on app.production_monthly_fields
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_organizations_tenant_all on app.production_monthly_organizations
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.production_monthly_wells, app.production_monthly_leases, app.production_monthly_fields,
    app.production_monthly_organizations to wellflow_api, wellflow_worker;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.production_monthly_wells as
    with readable as (
        select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
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
comment on column api.production_monthly_wells.allocated_oil_bbl is
    'Oil allocated to the well for the month from its measurement point (/allocations); empty until allocated.';
comment on column api.production_monthly_wells.allocated_gas_mcf is
    'Gas allocated to the well for the month; empty until allocated.';
comment on column api.production_monthly_wells.allocated_water_bbl is
    'Water allocated to the well for the month; empty until allocated.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.production_monthly_leases as
    with readable as (
        select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
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
comment on column api.production_monthly_leases.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_leases.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_leases.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.production_monthly_fields as
    with readable as (
        select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
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
comment on column api.production_monthly_fields.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_fields.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_fields.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.production_monthly_organizations as
    with readable as (
        select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
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
comment on column api.production_monthly_organizations.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_organizations.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_organizations.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';
grant select on api.production_monthly_wells, api.production_monthly_leases, api.production_monthly_fields, api.production_monthly_organizations
    to wellflow_user, wellflow_analyst;
