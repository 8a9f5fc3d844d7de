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
create or replace function app.allocate_month(measurement_point_id uuid, month date) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
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
    create temporary table if not exists allocation_wells (
        measurement_point_id uuid, well_id uuid, well_number text, well_name text, hours_on numeric, well_test_id uuid,
        oil_rate numeric, gas_rate numeric, water_rate numeric) on commit drop;
    create temporary table if not exists allocation_points (
        measurement_point_id uuid, point_name text, code text, field text, message text) on commit drop;
    truncate allocation_wells, allocation_points;

    insert into allocation_points (measurement_point_id, point_name)
    select p.id, p.name from app.measurement_points p
     where p.organization_id = org
       and (allocate_month.measurement_point_id is null or p.id = allocate_month.measurement_point_id);

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
                    from app.point_month_volumes v
                   where v.organization_id = org and v.measurement_point_id = ap.measurement_point_id
                     and v.month = first_day and v.produced <> 0
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
          left join app.point_month_volumes v on v.organization_id = org and v.measurement_point_id = w.measurement_point_id
                                             and v.month = first_day and v.product = x.product),
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
           app.current_user_id()
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
create trigger allocations_stamp_actor before insert or update of allocated_by on app.allocations
    for each row execute function app.stamp_actor('allocated_by');
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
