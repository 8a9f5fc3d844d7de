-- Deploy wellflow:allocated_rollups to pg
-- The monthly rollups of wells, leases, fields and the organization show the volumes allocated from the
-- measurement points beside the daily sums, kept by statement triggers on the allocations.
begin;
set local role wellflow_owner;

-- Nullable without a default: a catalog change, no table rewrite.
alter table app.production_monthly_wells
    add column allocated_oil_bbl numeric,
    add column allocated_gas_mcf numeric,
    add column allocated_water_bbl numeric;
-- Nullable without a default: a catalog change, no table rewrite.
alter table app.production_monthly_leases
    add column allocated_oil_bbl numeric,
    add column allocated_gas_mcf numeric,
    add column allocated_water_bbl numeric;
-- Nullable without a default: a catalog change, no table rewrite.
alter table app.production_monthly_fields
    add column allocated_oil_bbl numeric,
    add column allocated_gas_mcf numeric,
    add column allocated_water_bbl numeric;
-- Nullable without a default: a catalog change, no table rewrite.
alter table app.production_monthly_organizations
    add column allocated_oil_bbl numeric,
    add column allocated_gas_mcf numeric,
    add column allocated_water_bbl numeric;

-- The monthly rollups show the allocated volumes beside the daily sums: after each statement that
-- writes allocations (a month allocated or allocated again), the touched wells' months take the sum
-- of their allocations, and their leases', fields' and organization's months the sum of their wells'.
-- Rows are locked in key order first, as the production rollups write them.
create function app.allocations_maintain_rollups() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform 1 from app.production_monthly_wells m
     where (m.organization_id, m.well_id, m.month) in (select c.organization_id, c.well_id, c.month from changed_rows c)
     order by m.organization_id, m.well_id, m.month
       for update;
    update app.production_monthly_wells m
       set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
      from (select t.organization_id, t.well_id, t.month,
                   sum(a.allocated_volume) filter (where a.product = 'oil') as oil,
                   sum(a.allocated_volume) filter (where a.product = 'gas') as gas,
                   sum(a.allocated_volume) filter (where a.product = 'water') as water
              from (select distinct c.organization_id, c.well_id, c.month from changed_rows c) t
              left join app.allocations a on a.organization_id = t.organization_id and a.well_id = t.well_id
                                         and a.month = t.month
             group by t.organization_id, t.well_id, t.month) s
     where m.organization_id = s.organization_id and m.well_id = s.well_id and m.month = s.month;
    update app.production_monthly_leases r
       set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
      from (select t.organization_id, t.lease_id, t.month, sum(m.allocated_oil_bbl) as oil,
                   sum(m.allocated_gas_mcf) as gas, sum(m.allocated_water_bbl) as water
              from (select distinct w.organization_id, w.lease_id, c.month from changed_rows c
                      join app.wells w on w.organization_id = c.organization_id and w.id = c.well_id
                     where w.lease_id is not null) t
              join app.wells w on w.organization_id = t.organization_id and w.lease_id = t.lease_id
              join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                                 and m.month = t.month
             group by t.organization_id, t.lease_id, t.month) s
     where r.organization_id = s.organization_id and r.lease_id = s.lease_id and r.month = s.month;
    update app.production_monthly_fields r
       set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
      from (select t.organization_id, t.field_id, t.month, sum(m.allocated_oil_bbl) as oil,
                   sum(m.allocated_gas_mcf) as gas, sum(m.allocated_water_bbl) as water
              from (select distinct w.organization_id, w.field_id, c.month from changed_rows c
                      join app.wells w on w.organization_id = c.organization_id and w.id = c.well_id
                     where w.field_id is not null) t
              join app.wells w on w.organization_id = t.organization_id and w.field_id = t.field_id
              join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                                 and m.month = t.month
             group by t.organization_id, t.field_id, t.month) s
     where r.organization_id = s.organization_id and r.field_id = s.field_id and r.month = s.month;
    update app.production_monthly_organizations r
       set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
      from (select t.organization_id, t.month, sum(m.allocated_oil_bbl) as oil, sum(m.allocated_gas_mcf) as gas,
                   sum(m.allocated_water_bbl) as water
              from (select distinct c.organization_id, c.month from changed_rows c) t
              join app.production_monthly_wells m on m.organization_id = t.organization_id and m.month = t.month
             group by t.organization_id, t.month) s
     where r.organization_id = s.organization_id and r.month = s.month;
    return null;
end
$$;
comment on function app.allocations_maintain_rollups() is
    'Statement trigger: the monthly rollups of the touched wells, leases, fields and organization take their allocated sums.';

create trigger allocations_maintain_rollups_insert after insert on app.allocations
    referencing new table as changed_rows
    for each statement execute function app.allocations_maintain_rollups();
create trigger allocations_maintain_rollups_delete after delete on app.allocations
    referencing old table as changed_rows
    for each statement execute function app.allocations_maintain_rollups();

-- The months already allocated take their sums now.
update app.production_monthly_wells m
   set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
  from (select a.organization_id, a.well_id, a.month, sum(a.allocated_volume) filter (where a.product = 'oil') as oil,
               sum(a.allocated_volume) filter (where a.product = 'gas') as gas,
               sum(a.allocated_volume) filter (where a.product = 'water') as water
          from app.allocations a group by a.organization_id, a.well_id, a.month) s
 where m.organization_id = s.organization_id and m.well_id = s.well_id and m.month = s.month;
update app.production_monthly_leases r
   set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
  from (select w.organization_id, w.lease_id, m.month, sum(m.allocated_oil_bbl) as oil, sum(m.allocated_gas_mcf) as gas,
               sum(m.allocated_water_bbl) as water
          from app.production_monthly_wells m join app.wells w on w.organization_id = m.organization_id and w.id = m.well_id
         where m.allocated_oil_bbl is not null or m.allocated_gas_mcf is not null or m.allocated_water_bbl is not null
         group by w.organization_id, w.lease_id, m.month) s
 where r.organization_id = s.organization_id and r.lease_id = s.lease_id and r.month = s.month;
update app.production_monthly_fields r
   set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
  from (select w.organization_id, w.field_id, m.month, sum(m.allocated_oil_bbl) as oil, sum(m.allocated_gas_mcf) as gas,
               sum(m.allocated_water_bbl) as water
          from app.production_monthly_wells m join app.wells w on w.organization_id = m.organization_id and w.id = m.well_id
         where m.allocated_oil_bbl is not null or m.allocated_gas_mcf is not null or m.allocated_water_bbl is not null
         group by w.organization_id, w.field_id, m.month) s
 where r.organization_id = s.organization_id and r.field_id = s.field_id and r.month = s.month;
update app.production_monthly_organizations r
   set allocated_oil_bbl = s.oil, allocated_gas_mcf = s.gas, allocated_water_bbl = s.water
  from (select m.organization_id, m.month, sum(m.allocated_oil_bbl) as oil, sum(m.allocated_gas_mcf) as gas,
               sum(m.allocated_water_bbl) as water
          from app.production_monthly_wells m
         where m.allocated_oil_bbl is not null or m.allocated_gas_mcf is not null or m.allocated_water_bbl is not null
         group by m.organization_id, m.month) s
 where r.organization_id = s.organization_id and r.month = s.month;

set local role wellflow_api;

create or replace view api.production_monthly_wells as
    with readable as (
        select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
          from app.production_monthly_wells)
    select * from readable;
comment on column api.production_monthly_wells.allocated_oil_bbl is
    'Oil allocated to the well for the month from its measurement point (/allocations); empty until allocated.';
comment on column api.production_monthly_wells.allocated_gas_mcf is
    'Gas allocated to the well for the month; empty until allocated.';
comment on column api.production_monthly_wells.allocated_water_bbl is
    'Water allocated to the well for the month; empty until allocated.';

create or replace view api.production_monthly_leases as
    with readable as (
        select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
          from app.production_monthly_leases)
    select * from readable;
comment on column api.production_monthly_leases.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_leases.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_leases.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';

create or replace view api.production_monthly_fields as
    with readable as (
        select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
          from app.production_monthly_fields)
    select * from readable;
comment on column api.production_monthly_fields.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_fields.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_fields.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';

create or replace view api.production_monthly_organizations as
    with readable as (
        select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut,
               allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl
          from app.production_monthly_organizations)
    select * from readable;
comment on column api.production_monthly_organizations.allocated_oil_bbl is
    'Oil allocated to the wells for the month from their measurement points (/allocations), summed over the wells '
    'allocated; empty until one is.';
comment on column api.production_monthly_organizations.allocated_gas_mcf is
    'Gas allocated to the wells for the month, summed; empty until one is allocated.';
comment on column api.production_monthly_organizations.allocated_water_bbl is
    'Water allocated to the wells for the month, summed; empty until one is allocated.';

commit;
