-- Deploy wellflow:allocation_revalidates to pg
-- A month allocated or allocated again is validated again, and the gas-oil ratio and water cut of an
-- allocated month are checked on the allocated volumes, the ones the agencies are sent.
begin;
set local role wellflow_owner;

-- The organization's validation job, enqueued once however many changes queue its well-months
-- before it runs (its queueing lock): production, a well's status and an allocation all call it.
create function app.defer_validation(organization_id uuid) returns void
language sql volatile
set search_path = pg_catalog, app
as $$
    select app.defer_job_once('validation', 'production__validate', jsonb_build_object('organization_id', organization_id),
                              'production__validate:' || organization_id);
$$;
comment on function app.defer_validation(uuid) is
    'Enqueues the organization''s validation job unless one is already waiting.';

create or replace function app.production_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    organization uuid;
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select distinct c.organization_id, c.well_id, date_trunc('month', c.production_date)::date from changed_rows c
    on conflict do nothing;
    for organization in select distinct c.organization_id from changed_rows c loop
        perform app.defer_validation(organization);
    end loop;
    return null;
end
$$;
comment on function app.production_queue_validation() is
    'Statement trigger: queues the changed well-months and enqueues the organization''s validation job.';

create or replace function app.wells_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select m.organization_id, m.well_id, m.month
      from app.production_monthly_wells m
     where m.organization_id = new.organization_id and m.well_id = new.id
       and m.month >= date_trunc('month', least(old.status_date, new.status_date))
    on conflict do nothing;
    perform app.defer_validation(new.organization_id);
    return null;
end
$$;
comment on function app.wells_queue_validation() is
    'Trigger: a well''s new status or status date queues its months with production since then for validation.';

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

create or replace function app.validate_production() returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    found_count integer;
begin
    -- plpgsql_check cannot see the tables this function creates; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: validation_scope (well_id uuid, month date, status app.well_status, status_date date, '
            'well_type app.well_type, spud_date date, first_production_date date, texas boolean, '
            'gas_oil_ratio_limit numeric, water_cut_limit numeric)';
    perform 'PRAGMA:TABLE: validation_findings (well_id uuid, issue_date date, kind app.data_quality_kind, '
            'field text, observed numeric, expected numeric, message text)';
    create temporary table validation_scope on commit drop as
    with claimed as (
        delete from app.production_validation_queue q where q.organization_id = org
        returning q.well_id, q.month)
    select c.well_id, c.month, w.status, w.status_date, w.well_type, w.spud_date, w.first_production_date,
           w.well_number like '42%' as texas, limits.gas_oil_ratio_limit, limits.water_cut_limit
      from claimed c join app.wells w on w.organization_id = org and w.id = c.well_id
     cross join lateral app.data_quality_limits(org, w.field_id) limits;

    create temporary table validation_findings on commit drop as
    with days as (
        select p.well_id, p.production_date, p.oil_bbl, p.gas_mcf, p.water_bbl,
               avg(p.oil_bbl) over w7 as oil_avg, avg(p.gas_mcf) over w7 as gas_avg, count(*) over w7 as prior_days
          from app.production p
         where p.organization_id = org
           and exists (select from validation_scope s
                        where s.well_id = p.well_id and p.production_date >= s.month - 7
                          and p.production_date < s.month + interval '1 month')
        window w7 as (partition by p.well_id order by p.production_date
                      range between interval '7 days' preceding and interval '1 day' preceding)),
    months as (
        select s.well_id, s.month, s.status, s.status_date, s.well_type, s.spud_date, s.first_production_date,
               s.texas, s.gas_oil_ratio_limit, s.water_cut_limit, m.reported_days, a.gor_allocated, a.cut_allocated,
               case when a.gor_allocated then m.allocated_gas_mcf * 1000 / nullif(m.allocated_oil_bbl, 0)
                    else m.gas_mcf * 1000 / nullif(m.oil_bbl, 0) end as gas_oil_ratio,
               case when a.cut_allocated then m.allocated_water_bbl / nullif(m.allocated_oil_bbl + m.allocated_water_bbl, 0)
                    else m.water_bbl / nullif(m.oil_bbl + m.water_bbl, 0) end as water_cut,
               (select coalesce(sum(p.oil_bbl + p.gas_mcf + p.water_bbl), 0) from app.production p
                 where p.organization_id = org and p.well_id = s.well_id and p.production_date >= s.status_date
                   and p.production_date >= s.month and p.production_date < s.month + interval '1 month')
                   as volume_since_status,
               (select count(*) from app.production p where p.organization_id = org and p.well_id = s.well_id
                   and p.production_date < s.spud_date
                   and p.production_date >= s.month and p.production_date < s.month + interval '1 month'
                   and p.oil_bbl + p.gas_mcf + p.water_bbl > 0) as days_before_spud,
               (select count(*) from generate_series(greatest(s.month, s.first_production_date),
                                                     least((s.month + interval '1 month - 1 day')::date, current_date - 1),
                                                     interval '1 day') d
                 where not exists (select from app.production p where p.organization_id = org
                                      and p.well_id = s.well_id and p.production_date = d::date)) as missing_days
          from validation_scope s
          left join app.production_monthly_wells m on m.organization_id = org and m.well_id = s.well_id
                                                   and m.month = s.month
          -- A ratio compares allocated volumes when the month allocated both of its products, the daily
          -- sums otherwise: never one of each.
          cross join lateral (
              select m.allocated_oil_bbl is not null and m.allocated_gas_mcf is not null as gor_allocated,
                     m.allocated_oil_bbl is not null and m.allocated_water_bbl is not null as cut_allocated) a)
    select d.well_id, d.production_date as issue_date, 'spike'::app.data_quality_kind as kind, v.field,
           v.observed, round(v.expected, 3) as expected,
           format('%s of %s on %s is over 3 times the trailing 7-day average (%s)', v.field, v.observed,
                  d.production_date, round(v.expected, 1)) as message
      from days d
     cross join lateral (values ('oil_bbl', d.oil_bbl, d.oil_avg), ('gas_mcf', d.gas_mcf, d.gas_avg)) v (field, observed, expected)
     where (d.well_id, date_trunc('month', d.production_date)::date) in (select well_id, month from validation_scope)
       and d.prior_days >= 3 and v.expected > 0 and v.observed > 3 * v.expected and v.observed - v.expected >= 10
    union all
    select m.well_id, m.month, 'missing_days', 'production_date', m.missing_days, 0,
           format('%s day(s) of %s have no production row for a producing well', m.missing_days, to_char(m.month, 'YYYY-MM'))
      from months m where m.status = 'producing' and m.first_production_date is not null and m.missing_days > 0
    union all
    select m.well_id, m.month, 'production_on_inactive_well', 'oil_bbl', m.volume_since_status, 0,
           format('The well is %s since %s but reports production in %s', m.status, m.status_date,
                  to_char(m.month, 'YYYY-MM'))
      from months m
     where m.status in ('shut_in', 'temporarily_abandoned', 'plugged_and_abandoned') and m.volume_since_status > 0
    union all
    select m.well_id, m.month, 'production_before_spud', 'production_date', m.days_before_spud, 0,
           format('%s day(s) of production before the spud date %s', m.days_before_spud, m.spud_date)
      from months m where m.days_before_spud > 0
    union all
    select m.well_id, m.month, 'gas_oil_ratio_out_of_range', 'gas_mcf', round(m.gas_oil_ratio, 1), m.gas_oil_ratio_limit,
           format('Monthly %sGOR %s scf/bbl is above %s for an oil well', case when m.gor_allocated then 'allocated ' end,
                  round(m.gas_oil_ratio, 1), rtrim(to_char(m.gas_oil_ratio_limit, 'FM999,999,990.9'), '.'))
      from months m
     where m.well_type = 'oil' and m.gas_oil_ratio > m.gas_oil_ratio_limit and not (m.texas and m.gas_oil_ratio > 100000)
    union all
    select m.well_id, m.month, 'gas_well_reclassification', 'gas_mcf', round(m.gas_oil_ratio, 1), 100000,
           format('Monthly %sGOR %s cf/bbl is above 100,000: Texas Natural Resources Code §86.002 makes this oil well a '
                  'gas well; file its reclassification with the Railroad Commission',
                  case when m.gor_allocated then 'allocated ' end, round(m.gas_oil_ratio, 1))
      from months m where m.well_type = 'oil' and m.texas and m.gas_oil_ratio > 100000
    union all
    select m.well_id, m.month, 'water_cut_out_of_range', 'water_bbl', round(m.water_cut, 4), m.water_cut_limit,
           format('Monthly %swater cut %s is above %s for an oil well', case when m.cut_allocated then 'allocated ' end,
                  round(m.water_cut, 4), rtrim(to_char(m.water_cut_limit, 'FM0.9999'), '.'))
      from months m where m.well_type = 'oil' and m.water_cut > m.water_cut_limit;

    insert into app.data_quality_issues as i (organization_id, well_id, issue_date, kind, field, observed, expected, message)
    select org, f.well_id, f.issue_date, f.kind, f.field, f.observed, f.expected, f.message from validation_findings f
    on conflict (organization_id, well_id, issue_date, kind, field) do update
       set observed = excluded.observed, expected = excluded.expected, message = excluded.message,
           status = 'open', resolved_at = null
     where (i.observed, i.expected, i.message, i.status) is distinct from
           (excluded.observed, excluded.expected, excluded.message, 'open'::app.data_quality_status);
    get diagnostics found_count = row_count;

    update app.data_quality_issues i
       set status = 'resolved', resolved_at = clock_timestamp()
     where i.organization_id = org and i.status = 'open'
       and (i.well_id, date_trunc('month', i.issue_date)::date) in (select well_id, month from validation_scope)
       and not exists (select from validation_findings f where f.well_id = i.well_id and f.issue_date = i.issue_date
                                                          and f.kind = i.kind and f.field = i.field);
    drop table validation_scope;
    drop table validation_findings;
    return found_count;
end
$$;
comment on function app.validate_production() is
    'Validates the current organization''s queued well-months: upserts the issues found, resolves the ones gone.';

commit;
