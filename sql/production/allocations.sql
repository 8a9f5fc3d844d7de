-- Allocation: each month, what a measurement point measured is spread back to the wells that flowed
-- to it, by their latest well tests. A well's share of a product is its test rate (the test's volume
-- per 24 hours, from its latest test on or before the month's last day) times its hours on in the
-- month at that point (the daily production's hours_on, 24 for a day reported without them), over the
-- same for every well of the point; each share is rounded to the hundredth and the rounding residue
-- goes to the well with the largest share (then the lowest well number), so the wells sum exactly to
-- the measurement. What is measured: the run tickets' net standard volumes (oil) or the meter
-- statements (gas, water), plus the other dispositions and the change in inventory
-- (app.point_month_volumes). Allocated volumes sit beside the daily production, which they do not
-- change; regulatory reports file them. Allocating a month again replaces it.
set local role wellflow_owner;

-- A point's month per product: what its tickets and statements delivered, its other dispositions,
-- inventory, and so what it produced.
create view app.point_month_volumes as
    with sources as (
        select t.organization_id, t.measurement_point_id, date_trunc('month', t.ticket_date)::date as month,
               'oil'::app.allocated_product as product, t.net_standard_volume as delivered, 0::numeric as other,
               0::numeric as opening, 0::numeric as closing
          from app.run_tickets t
        union all
        select s.organization_id, s.measurement_point_id, s.month, s.product::text::app.allocated_product, s.volume, 0, 0, 0
          from app.meter_statements s
        union all
        select d.organization_id, d.measurement_point_id, d.month, d.product, 0,
               case when d.disposition in ('opening_inventory', 'closing_inventory') then 0 else d.volume end,
               case when d.disposition = 'opening_inventory' then d.volume else 0 end,
               case when d.disposition = 'closing_inventory' then d.volume else 0 end
          from app.dispositions d)
    select s.organization_id, s.measurement_point_id, s.month, s.product, sum(s.delivered) as delivered,
           sum(s.other) as other_dispositions, sum(s.opening) as opening_inventory, sum(s.closing) as closing_inventory,
           sum(s.delivered) + sum(s.other) + sum(s.closing) - sum(s.opening) as produced
      from sources s
     group by s.organization_id, s.measurement_point_id, s.month, s.product;
comment on view app.point_month_volumes is
    'Per measurement point, month and product: delivered (tickets, statements), other dispositions, inventory, and produced = '
    'delivered + other dispositions + closing - opening inventory.';
grant select on app.point_month_volumes to wellflow_api, wellflow_worker;

create table app.allocations (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint allocations_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    well_id uuid not null,
    product app.allocated_product not null,
    -- How the share was found; well tests are the one method so far.
    method text not null default 'well_test' constraint allocations_method_check check (method = 'well_test'),
    well_test_id uuid not null,
    -- Written by app.allocate_month from its own figures.
    test_rate numeric not null,
    hours_on numeric not null,
    weight numeric not null,
    measured_volume numeric not null,
    allocated_volume numeric not null,
    residue_volume numeric not null default 0,
    allocated_by uuid references app.users (id),
    allocated_at timestamptz not null default clock_timestamp(),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint allocations_product_key unique (organization_id, measurement_point_id, month, well_id, product),
    constraint allocations_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id) on delete cascade,
    constraint allocations_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint allocations_well_test_id_fkey foreign key (organization_id, well_test_id)
        references app.well_tests (organization_id, id)
);
comment on table app.allocations is 'Each well''s share of what its measurement point measured in a month, by well test.';
create index allocations_well_month_idx on app.allocations (organization_id, well_id, month);
create index allocations_well_test_id_idx on app.allocations (organization_id, well_test_id);

-- Written only by app.allocate_month.
create function app.allocations_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if coalesce(current_setting('wellflow.allocating', true), '') <> 'on' then
        perform app.raise_error(400, 'WF_ALLOCATION_READ_ONLY', 'Allocations are written by /rpc/allocate_month', 'id',
            'Correct the tickets, statements, dispositions or well tests, then allocate the month again');
    end if;
    return null;
end
$$;
comment on function app.allocations_guard() is 'Statement trigger: allocations are written by app.allocate_month only.';

create trigger allocations_guard before insert or update or delete on app.allocations
    for each statement execute function app.allocations_guard();
create trigger allocations_set_updated_at before update on app.allocations
    for each row execute function app.set_updated_at();
-- app.allocate_month, the only writer the guard lets through, writes the signed-in user itself; the
-- stamp would cost more than the rest of the row (4 s of a 1,000-battery month), so it is skipped there.
create trigger allocations_stamp_actor before insert or update of allocated_by on app.allocations
    for each row when (current_setting('wellflow.allocating', true) is distinct from 'on')
    execute function app.stamp_actor('allocated_by');
create trigger allocations_audit_insert after insert on app.allocations
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('measurement_point_id');
create trigger allocations_audit_delete after delete on app.allocations
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('measurement_point_id');

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

-- Allocated volumes are the month's volumes for data quality too: a month allocated or allocated
-- again queues its wells' months and the organization's validation job, as imported production does.
create function app.allocations_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    organization uuid;
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select distinct c.organization_id, c.well_id, c.month from changed_rows c
    on conflict do nothing;
    for organization in select distinct c.organization_id from changed_rows c loop
        perform app.defer_validation(organization);
    end loop;
    return null;
end
$$;
comment on function app.allocations_queue_validation() is
    'Statement trigger: the allocated well-months are queued for validation and the organization''s job enqueued.';

create trigger allocations_queue_validation_insert after insert on app.allocations
    referencing new table as changed_rows
    for each statement execute function app.allocations_queue_validation();
create trigger allocations_queue_validation_delete after delete on app.allocations
    referencing old table as changed_rows
    for each statement execute function app.allocations_queue_validation();

alter table app.allocations enable row level security;
alter table app.allocations force row level security;
create policy allocations_tenant on app.allocations
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.allocations to wellflow_api, wellflow_worker;

-- One month for one point or (measurement_point_id null) every point of the organization, in a few
-- statements whatever their number. A point whose wells lack a well test, or that measured a
-- product none of its wells has a rate of, is not allocated and is listed with its reason; asked
-- for one point, that is its error.
create function app.allocate_month(measurement_point_id uuid, month date) returns jsonb
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
comment on function app.allocate_month(uuid, date) is
    'Allocates a month of one measurement point (or of every point) to its wells by well test; answers {month, '
    'allocated_points, allocated_wells, failed}.';
grant execute on function app.allocate_month(uuid, date) to wellflow_api;
set local role wellflow_api;

create view api.allocations as
    with readable as (
        select a.organization_id, a.id, a.measurement_point_id, a.month, a.well_id, a.product, a.method, a.well_test_id,
               a.test_rate, a.hours_on, a.weight, a.measured_volume, a.allocated_volume, a.residue_volume,
               coalesce(m.daily_volume, 0) as daily_volume, a.allocated_volume - coalesce(m.daily_volume, 0) as difference,
               a.allocated_by, a.allocated_at
          from app.allocations a
          left join lateral (select case a.product when 'oil' then sum(p.oil_bbl) when 'gas' then sum(p.gas_mcf)
                                                   else sum(p.water_bbl) end as daily_volume
                               from app.production p
                              where p.organization_id = a.organization_id and p.well_id = a.well_id
                                and p.production_date >= a.month and p.production_date < a.month + interval '1 month') m on true)
    select * from readable;
comment on view api.allocations is
    'Each well''s allocated share of its measurement point''s month, per product, beside the sum of its daily production '
    '(which allocation does not change) and the difference. Written by /rpc/allocate_month. Read-only.';
comment on column api.allocations.organization_id is 'The organization.';
comment on column api.allocations.id is 'Allocation id (UUID v7).';
comment on column api.allocations.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.allocations.month is 'First day of the month.';
comment on column api.allocations.well_id is 'The well (see /wells).';
comment on column api.allocations.product is 'oil, gas or water.';
comment on column api.allocations.method is 'well_test: the share is the test rate x hours on over the point''s total.';
comment on column api.allocations.well_test_id is 'The well''s latest test on or before the month''s end (see /well_tests).';
comment on column api.allocations.test_rate is 'The test''s volume per 24 hours, 3 decimals.';
comment on column api.allocations.hours_on is 'Hours on at the point in the month, from the daily production (24 for a day without hours).';
comment on column api.allocations.weight is 'test_rate x hours_on / 24: the well''s share before scaling.';
comment on column api.allocations.measured_volume is 'What the point produced: deliveries + other dispositions + inventory change.';
comment on column api.allocations.allocated_volume is
    'measured_volume x weight / the point''s total weight, to the hundredth, plus residue_volume.';
comment on column api.allocations.residue_volume is
    'The rounding residue, on the well with the largest weight (then the lowest well number), so the wells sum to measured_volume.';
comment on column api.allocations.daily_volume is 'The sum of the well''s daily production of the month.';
comment on column api.allocations.difference is 'allocated_volume - daily_volume.';
comment on column api.allocations.allocated_by is 'Who allocated the month.';
comment on column api.allocations.allocated_at is 'When.';

create view api.disposition_balances as
    with readable as (
        select v.organization_id, v.measurement_point_id, v.month, v.product, v.opening_inventory, a.allocated as produced,
               v.delivered, v.other_dispositions, v.closing_inventory,
               v.opening_inventory + coalesce(a.allocated, 0) - v.delivered - v.other_dispositions - v.closing_inventory as gap
          from app.point_month_volumes v
          left join lateral (select sum(a.allocated_volume) as allocated from app.allocations a
                              where a.organization_id = v.organization_id and a.measurement_point_id = v.measurement_point_id
                                and a.month = v.month and a.product = v.product) a on true)
    select * from readable;
comment on view api.disposition_balances is
    'Each measurement point''s month per product: opening inventory + produced (allocated to its wells) = delivered (run '
    'tickets, meter statements) + other dispositions + closing inventory; gap states by how much it does not hold (a month '
    'not allocated yet, or changed since). Read-only.';
comment on column api.disposition_balances.organization_id is 'The organization.';
comment on column api.disposition_balances.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.disposition_balances.month is 'First day of the month.';
comment on column api.disposition_balances.product is 'oil, gas or water.';
comment on column api.disposition_balances.opening_inventory is 'Oil in the tanks at the start of the month.';
comment on column api.disposition_balances.produced is 'Allocated to the wells; empty until the month is allocated.';
comment on column api.disposition_balances.delivered is 'Run tickets'' net standard volumes (oil) or meter statements (gas, water).';
comment on column api.disposition_balances.other_dispositions is 'Lease use, flared, vented, injected and transferred.';
comment on column api.disposition_balances.closing_inventory is 'Oil in the tanks at the end of the month.';
comment on column api.disposition_balances.gap is 'opening + produced - delivered - other dispositions - closing; 0 when it balances.';

create function api.allocate_month(month date, measurement_point_id uuid default null) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    return app.allocate_month(measurement_point_id, month);
end
$$;
comment on function api.allocate_month(date, uuid) is
    'Allocates a month''s measured oil, gas and water of one measurement point, or of every point when measurement_point_id is '
    'left out, to the wells that flowed there, by their latest well tests x hours on; the wells sum exactly to the measured '
    'volume (residue on the largest share). Allocating again replaces the month. Answers {"month", "allocated_points", '
    '"allocated_wells", "failed": [{measurement_point_id, name, code, field, message}]}; for one point a failure is its 422 '
    '(WF_ALLOCATION_NO_TEST, WF_ALLOCATION_NO_BASIS). Owners, admins, managers, engineers.';

grant select on api.allocations, api.disposition_balances to wellflow_user, wellflow_analyst;
grant execute on function api.allocate_month(date, uuid) to wellflow_user;
