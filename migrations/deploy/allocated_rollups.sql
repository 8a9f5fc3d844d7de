-- Deploy wellflow:allocated_rollups to pg
-- The monthly rollups of wells, leases, fields and the organization show the volumes allocated from the
-- measurement points beside the daily sums, kept by statement triggers on the allocations; allocation
-- reads each point's measured month and the signed-in user once instead of per row.
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

-- Allocation reads each point's measured month and the signed-in user once, not per row.
create or replace function app.allocate_month(measurement_point_id uuid, month date) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    -- Read once: per row, the claim lookup costs more than the row.
    actor constant uuid := app.current_user_id();
    first_day date;
    last_day date;
    failure record;
    failed jsonb;
    counts record;
begin
    perform app.assert_org_role('allocate production', 'asset_writers');
    if month is null or not app.is_sane_date(month) or date_trunc('month', month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_ALLOCATION_INPUT',
            format('month must be a month that has begun; got %s', coalesce(month::text, 'nothing')), 'month', null);
    end if;
    first_day := date_trunc('month', month)::date;
    last_day := (first_day + interval '1 month - 1 day')::date;
    if allocate_month.measurement_point_id is not null
       and not exists (select from app.measurement_points p
                        where p.organization_id = org and p.id = allocate_month.measurement_point_id) then
        perform app.raise_error(404, 'WF_MEASUREMENT_POINT_NOT_FOUND',
            format('No measurement point %s in this organization', allocate_month.measurement_point_id),
            'measurement_point_id', null);
    end if;
    perform pg_advisory_xact_lock(hashtextextended('allocations:' || org || ':' || first_day, 0));

    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: allocation_wells (measurement_point_id uuid, well_id uuid, well_number text, well_name text, '
            'hours_on numeric, well_test_id uuid, oil_rate numeric, gas_rate numeric, water_rate numeric)';
    perform 'PRAGMA:TABLE: allocation_points (measurement_point_id uuid, point_name text, code text, field text, '
            'message text)';
    perform 'PRAGMA:TABLE: allocation_volumes (measurement_point_id uuid, product app.allocated_product, produced numeric)';
    create temporary table if not exists allocation_wells (
        measurement_point_id uuid, well_id uuid, well_number text, well_name text, hours_on numeric, well_test_id uuid,
        oil_rate numeric, gas_rate numeric, water_rate numeric) on commit drop;
    create temporary table if not exists allocation_points (
        measurement_point_id uuid, point_name text, code text, field text, message text) on commit drop;
    create temporary table if not exists allocation_volumes (
        measurement_point_id uuid, product app.allocated_product, produced numeric) on commit drop;
    truncate allocation_wells, allocation_points, allocation_volumes;

    insert into allocation_points (measurement_point_id, point_name)
    select p.id, p.name from app.measurement_points p
     where p.organization_id = org
       and (allocate_month.measurement_point_id is null or p.id = allocate_month.measurement_point_id);

    -- What each point measured in the month, read once: the view sums tickets by their month, which
    -- no index serves, so reading it per well and product would scan the tickets thousands of times.
    insert into allocation_volumes
    select v.measurement_point_id, v.product, v.produced
      from app.point_month_volumes v
     where v.organization_id = org and v.month = first_day
       and v.measurement_point_id in (select ap.measurement_point_id from allocation_points ap);
    analyze allocation_points, allocation_volumes;

    -- The wells of each point in the month, their hours on there (over every period a well flowed to
    -- it in the month), and their latest test.
    insert into allocation_wells
    select p.measurement_point_id, w.id, w.well_number, w.name, p.hours_on,
           t.id, t.oil_bbl * 24 / t.duration_hours, t.gas_mcf * 24 / t.duration_hours, t.water_bbl * 24 / t.duration_hours
      from (select pw.measurement_point_id, pw.well_id,
                   sum(coalesce((select sum(coalesce(d.hours_on, 24)) from app.production d
                                  where d.organization_id = org and d.well_id = pw.well_id
                                    and d.production_date between greatest(first_day, pw.effective_from)
                                                              and least(last_day, coalesce(pw.effective_to, last_day))), 0))
                       as hours_on
              from app.measurement_point_wells pw
              join allocation_points ap on ap.measurement_point_id = pw.measurement_point_id
             where pw.organization_id = org and pw.effective && daterange(first_day, last_day, '[]')
             group by pw.measurement_point_id, pw.well_id) p
      join app.wells w on w.organization_id = org and w.id = p.well_id
      left join lateral (select t.id, t.oil_bbl, t.gas_mcf, t.water_bbl, t.duration_hours from app.well_tests t
                          where t.organization_id = org and t.well_id = w.id and t.test_date <= last_day
                          order by t.test_date desc, t.id desc limit 1) t on true;
    analyze allocation_wells;

    -- Why a point cannot be allocated, the first reason only: a well without a test, or a product it
    -- measured that none of its wells has a test rate and hours on for.
    update allocation_points ap
       set code = p.problem[1], field = p.problem[2], message = p.problem[3]
      from (select ap.measurement_point_id,
                   case when untested.well_name is not null
                        then array['WF_ALLOCATION_NO_TEST', 'well_id',
                                   format('%s has no well test on or before %s to allocate %s by', untested.well_name,
                                          last_day, ap.point_name)]
                        when unbased.products is not null
                        then array['WF_ALLOCATION_NO_BASIS', 'measurement_point_id',
                                   format('%s measured %s in %s, and none of its wells has a test rate and hours on for it',
                                          ap.point_name, unbased.products, to_char(first_day, 'YYYY-MM'))]
                   end as problem
              from allocation_points ap
              left join lateral (select w.well_name from allocation_wells w
                                  where w.measurement_point_id = ap.measurement_point_id and w.well_test_id is null
                                  order by w.well_number limit 1) untested on true
              cross join lateral (
                  select string_agg(v.product::text, ', ' order by v.product) as products
                    from allocation_volumes v
                   where v.measurement_point_id = ap.measurement_point_id and v.produced <> 0
                     and coalesce((select sum(case v.product when 'oil' then w.oil_rate when 'gas' then w.gas_rate
                                                             else w.water_rate end * w.hours_on)
                                     from allocation_wells w
                                    where w.measurement_point_id = ap.measurement_point_id), 0) = 0) unbased) p
     where p.measurement_point_id = ap.measurement_point_id and p.problem is not null;

    select * into failure from allocation_points ap where ap.code is not null order by ap.point_name limit 1;
    if found and allocate_month.measurement_point_id is not null then
        perform app.raise_error(422, failure.code, failure.message, failure.field,
            'Add the well test at /well_tests or correct the wells at /measurement_point_wells');
    end if;

    perform set_config('wellflow.allocating', 'on', true);
    delete from app.allocations a
     where a.organization_id = org and a.month = first_day
       and a.measurement_point_id in (select ap.measurement_point_id from allocation_points ap where ap.code is null);
    insert into app.allocations (organization_id, measurement_point_id, month, well_id, product, well_test_id, test_rate,
                                 hours_on, weight, measured_volume, allocated_volume, residue_volume, allocated_by)
    with shares as (
        select w.measurement_point_id, w.well_id, w.well_number, w.well_test_id, x.product, x.rate, w.hours_on,
               x.rate * w.hours_on / 24 as weight, coalesce(v.produced, 0) as measured
          from allocation_wells w
          join allocation_points ap on ap.measurement_point_id = w.measurement_point_id and ap.code is null
         cross join lateral (values ('oil'::app.allocated_product, w.oil_rate), ('gas', w.gas_rate),
                                    ('water', w.water_rate)) x (product, rate)
          left join allocation_volumes v on v.measurement_point_id = w.measurement_point_id and v.product = x.product),
    rounded as (
        select s.*, case when sum(s.weight) over point_product > 0
                         then round(s.measured * s.weight / sum(s.weight) over point_product, 2) else 0 end as share,
               row_number() over (partition by s.measurement_point_id, s.product
                                  order by s.weight desc, s.well_number) as rank
          from shares s
        window point_product as (partition by s.measurement_point_id, s.product))
    select org, r.measurement_point_id, first_day, r.well_id, r.product, r.well_test_id, round(r.rate, 3), r.hours_on,
           round(r.weight, 3), r.measured,
           r.share + case when r.rank = 1 then r.measured - sum(r.share) over point_product else 0 end,
           case when r.rank = 1 then r.measured - sum(r.share) over point_product else 0 end,
           actor
      from rounded r
    window point_product as (partition by r.measurement_point_id, r.product);
    perform set_config('wellflow.allocating', '', true);

    select count(distinct a.measurement_point_id) as points, count(distinct a.well_id) as wells into counts
      from app.allocations a
     where a.organization_id = org and a.month = first_day
       and a.measurement_point_id in (select ap.measurement_point_id from allocation_points ap where ap.code is null);
    select coalesce(jsonb_agg(jsonb_build_object('measurement_point_id', ap.measurement_point_id, 'name', ap.point_name,
                                                 'code', ap.code, 'field', ap.field, 'message', ap.message)
                              order by ap.point_name), '[]')
      into failed
      from allocation_points ap where ap.code is not null;
    return jsonb_build_object('month', to_char(first_day, 'YYYY-MM'), 'allocated_points', counts.points,
                              'allocated_wells', counts.wells, 'failed', failed);
end
$$;

drop trigger allocations_stamp_actor on app.allocations;
-- app.allocate_month, the only writer the guard lets through, writes the signed-in user itself; the
-- stamp would cost more than the rest of the row (4 s of a 1,000-battery month), so it is skipped there.
create trigger allocations_stamp_actor before insert or update of allocated_by on app.allocations
    for each row when (current_setting('wellflow.allocating', true) is distinct from 'on')
    execute function app.stamp_actor('allocated_by');

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
