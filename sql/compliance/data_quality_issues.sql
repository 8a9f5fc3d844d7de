-- Data-quality issues found in production by the validation job, which runs after every import
-- or edit (the production triggers enqueue it in the same transaction). Revalidating a well-month
-- resolves the issues that no longer hold, so re-running is harmless.
set local role wellflow_owner;

create type app.data_quality_kind as enum (
    'missing_days', 'spike', 'production_on_inactive_well', 'production_before_spud',
    'gas_oil_ratio_out_of_range', 'water_cut_out_of_range', 'gas_well_reclassification');
create type app.data_quality_status as enum ('open', 'resolved');

create table app.data_quality_issues (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    -- The day of a spike; the first day of the month for monthly findings.
    issue_date date not null,
    kind app.data_quality_kind not null,
    field text not null,
    observed numeric,
    expected numeric,
    message text not null,
    status app.data_quality_status not null default 'open',
    detected_at timestamptz not null default clock_timestamp(),
    resolved_at timestamptz,
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint data_quality_issues_kind_key unique (organization_id, well_id, issue_date, kind, field),
    constraint data_quality_issues_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade
);
comment on table app.data_quality_issues is 'Anomalies in production found by the validation job, open until a revalidation no longer finds them.';
create index data_quality_issues_status_idx on app.data_quality_issues (organization_id, status, issue_date);

create trigger data_quality_issues_set_updated_at before update on app.data_quality_issues
    for each row execute function app.set_updated_at();

alter table app.data_quality_issues enable row level security;
alter table app.data_quality_issues force row level security;

create policy data_quality_issues_tenant_all on app.data_quality_issues
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.data_quality_issues to wellflow_api, wellflow_worker;

-- The checks, over the queued well-months of the current organization. Thresholds: a spike is
-- a day over 3x the trailing 7-day average (with at least 3 days and 10 units of difference);
-- an oil well's monthly GOR or water cut over its field's or organization's limits
-- (app.data_quality_limits) is out of range, from the allocated volumes once the month is allocated
-- (those are the volumes filed), from the daily sums before. A Texas oil well whose GOR passes 100,000 cf/bbl is by
-- law a gas well (Natural Resources Code §86.002): a reclassification to file, not a data error.
create function app.validate_production() returns integer
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

grant execute on function app.validate_production() to wellflow_worker;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.data_quality_issues as
    with readable as (
        select organization_id, id, well_id, issue_date, kind, field, observed, expected, message, status, detected_at,
               resolved_at
          from app.data_quality_issues)
    select * from readable;
comment on view api.data_quality_issues is
    'Anomalies the validation job found after production imports and edits; resolved when a revalidation no longer finds them.';
comment on column api.data_quality_issues.organization_id is 'The organization.';
comment on column api.data_quality_issues.id is 'Issue id (UUID v7).';
comment on column api.data_quality_issues.well_id is 'The well (see /wells).';
comment on column api.data_quality_issues.issue_date is 'The day (spikes) or the first day of the month (monthly findings).';
comment on column api.data_quality_issues.kind is
    'missing_days, spike, production_on_inactive_well, production_before_spud, gas_oil_ratio_out_of_range, '
    'water_cut_out_of_range (limits at /data_quality_settings) or gas_well_reclassification (a Texas oil well whose monthly '
    'GOR passed 100,000 cf/bbl, a gas well under Natural Resources Code §86.002).';
comment on column api.data_quality_issues.field is 'The column the finding is about.';
comment on column api.data_quality_issues.observed is 'The value found.';
comment on column api.data_quality_issues.expected is 'The reference it was compared with (trailing average, limit).';
comment on column api.data_quality_issues.message is 'What was found, in words.';
comment on column api.data_quality_issues.status is 'open or resolved.';
comment on column api.data_quality_issues.detected_at is 'When it was first found.';
comment on column api.data_quality_issues.resolved_at is 'When a revalidation no longer found it.';
grant select on api.data_quality_issues
    to wellflow_user, wellflow_analyst;
