-- Revert wellflow:data_quality_limits from pg
-- Fixed limits of 50,000 scf/bbl and 0.99 again, and no reclassification finding.
begin;
set local role wellflow_api;
drop view api.data_quality_settings, api.data_quality_issues;
set local role wellflow_owner;
drop function app.data_quality_limits(uuid, uuid);
drop table app.data_quality_settings;
delete from app.data_quality_issues where kind = 'gas_well_reclassification';
alter type app.data_quality_kind rename to data_quality_kind_with_reclassification;
create type app.data_quality_kind as enum (
    'missing_days', 'spike', 'production_on_inactive_well', 'production_before_spud',
    'gas_oil_ratio_out_of_range', 'water_cut_out_of_range');
alter table app.data_quality_issues alter column kind type app.data_quality_kind using kind::text::app.data_quality_kind;
drop type app.data_quality_kind_with_reclassification;

-- The checks, over the queued well-months of the current organization. Thresholds: a spike is
-- a day over 3x the trailing 7-day average (with at least 3 days and 10 units of difference);
-- an oil well's monthly GOR over 50,000 scf/bbl or water cut over 0.99 is out of range.
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
            'well_type app.well_type, spud_date date, first_production_date date)';
    perform 'PRAGMA:TABLE: validation_findings (well_id uuid, issue_date date, kind app.data_quality_kind, '
            'field text, observed numeric, expected numeric, message text)';
    create temporary table validation_scope on commit drop as
    with claimed as (
        delete from app.production_validation_queue q where q.organization_id = org
        returning q.well_id, q.month)
    select c.well_id, c.month, w.status, w.status_date, w.well_type, w.spud_date, w.first_production_date
      from claimed c join app.wells w on w.organization_id = org and w.id = c.well_id;

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
               m.oil_bbl, m.gas_mcf, m.water_bbl, m.reported_days,
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
                                                   and m.month = s.month)
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
    select m.well_id, m.month, 'gas_oil_ratio_out_of_range', 'gas_mcf', round(m.gas_mcf * 1000 / m.oil_bbl, 1), 50000,
           format('Monthly GOR %s scf/bbl is above 50,000 for an oil well', round(m.gas_mcf * 1000 / m.oil_bbl, 1))
      from months m where m.well_type = 'oil' and m.oil_bbl > 0 and m.gas_mcf * 1000 / m.oil_bbl > 50000
    union all
    select m.well_id, m.month, 'water_cut_out_of_range', 'water_bbl', round(m.water_bbl / (m.oil_bbl + m.water_bbl), 4), 0.99,
           format('Monthly water cut %s is above 0.99 for an oil well', round(m.water_bbl / (m.oil_bbl + m.water_bbl), 4))
      from months m where m.well_type = 'oil' and m.oil_bbl + m.water_bbl > 0
                      and m.water_bbl / (m.oil_bbl + m.water_bbl) > 0.99;

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
    'missing_days, spike, production_on_inactive_well, production_before_spud, gas_oil_ratio_out_of_range or water_cut_out_of_range.';
comment on column api.data_quality_issues.field is 'The column the finding is about.';
comment on column api.data_quality_issues.observed is 'The value found.';
comment on column api.data_quality_issues.expected is 'The reference it was compared with (trailing average, limit).';
comment on column api.data_quality_issues.message is 'What was found, in words.';
comment on column api.data_quality_issues.status is 'open or resolved.';
comment on column api.data_quality_issues.detected_at is 'When it was first found.';
comment on column api.data_quality_issues.resolved_at is 'When a revalidation no longer found it.';
grant select on api.data_quality_issues
    to wellflow_user, wellflow_analyst;

commit;
