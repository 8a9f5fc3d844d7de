-- Revert wellflow:agency_holiday_calendars from pg
-- Every deadline rolls over the federal holidays again; no Form 5B.
begin;
set local role wellflow_api;
drop view api.agency_holidays;
set local role wellflow_owner;
drop function app.next_business_day(date, text), app.due_date_rolled_over(date, date, text);

-- The first day on or after the given one that is neither a weekend nor a federal holiday.
create function app.next_business_day(day date) returns date
language sql stable
set search_path = pg_catalog, ref
as $$
    select min(d)::date
      from generate_series(day, day + 14, interval '1 day') as candidates (d)
     where extract(isodow from d) < 6
       and not exists (select from ref.us_federal_holidays h where h.holiday = d::date)
$$;
comment on function app.next_business_day(date) is 'The day itself, or the next day that is not a weekend or a US federal holiday.';
grant execute on function app.next_business_day(date), app.filing_deadline(text, text, date),
    app.filing_due_date(text, text, date) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

create or replace function app.filing_due_date(agency text, form text, production_month date) returns date
language sql stable
set search_path = pg_catalog, app
as $$ select app.next_business_day(app.filing_deadline(agency, form, production_month)) $$;
comment on function app.filing_due_date(text, text, date) is 'When a report for the production month is due: the deadline, rolled over weekends and federal holidays.';

-- Why a due date moved: the weekend days and holidays between the deadline and the due date.
create function app.due_date_rolled_over(deadline date, due_date date) returns text
language sql stable
set search_path = pg_catalog, ref
as $$
    select string_agg(coalesce(h.name, trim(to_char(d, 'Day'))) || ' ' || to_char(d, 'YYYY-MM-DD'), ', ' order by d)
      from generate_series(deadline, due_date - 1, interval '1 day') d
      left join ref.us_federal_holidays h on h.holiday = d::date
$$;
comment on function app.due_date_rolled_over(date, date) is 'The weekend days and federal holidays a due date was moved over, or null.';

grant execute on function app.due_date_rolled_over(date, date) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- Every obligation of the organization as of a day: one per active schedule and production month
-- from its first period through the month of as_of.
create or replace function app.compliance_obligations(as_of date)
returns table (schedule_id uuid, agency text, form text, title text, scope app.report_scope, lease_id uuid,
               well_id uuid, period date, deadline date, due_date date, rolled_over text, report_id uuid,
               report_status app.report_status, status app.obligation_status, days_until_due integer,
               reminder_days integer[])
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select s.id, s.agency, s.form, rule.title, s.scope, s.lease_id, s.well_id, p.period::date,
           due.deadline, due.due_date, app.due_date_rolled_over(due.deadline, due.due_date),
           report.id, report.status,
           case when report.status in ('submitted', 'accepted') then 'done'
                when as_of > due.due_date then 'overdue'
                when as_of >= due.due_date - (select max(x) from unnest(s.reminder_days) x) then 'due'
                else 'upcoming' end::app.obligation_status,
           due.due_date - as_of,
           s.reminder_days
      from app.compliance_schedules s
      join ref.filing_rules rule on rule.agency = s.agency and rule.form = s.form
     cross join lateral generate_series(s.first_period, date_trunc('month', as_of), interval '1 month') p (period)
     cross join lateral (select app.filing_deadline(s.agency, s.form, p.period::date) as deadline) rule_date
     cross join lateral (select rule_date.deadline, app.next_business_day(rule_date.deadline) as due_date) due
      left join lateral (
            select r.id, r.status from app.regulatory_reports r
             where r.organization_id = s.organization_id and r.agency = s.agency and r.form = s.form
               and r.period = p.period and r.scope = s.scope
               and r.lease_id is not distinct from s.lease_id and r.well_id is not distinct from s.well_id
             order by (r.status in ('submitted', 'accepted')) desc, r.amendment desc
             limit 1) report on true
     where s.organization_id = app.current_organization_id() and s.active
$$;
comment on function app.compliance_obligations(date) is
    'Obligations of the current organization as of a day, with due dates rolled over weekends and holidays and their status.';

drop function app.agency_holiday(text, date);
drop table ref.agency_holidays, ref.agency_calendars;
delete from ref.filing_rules where agency = 'ND-DMR' and form = 'FORM-5B';
set local role wellflow_api;

comment on column api.filing_rules.form is 'Form: C-115, FORM-5, OGOR, PR.';
comment on column api.filing_rules.due_day is 'Day of that month; empty means its last day. Weekends and federal holidays move it to the next business day.';

comment on view api.compliance_obligations is
    'Every filing obligation through the current month: due date rolled over weekends and federal holidays, and its status.';
comment on column api.compliance_calendar.due_date is 'Next due date, rolled over weekends and federal holidays.';

comment on column api.regulatory_reports.due_date is 'When it is due, rolled over weekends and federal holidays.';

commit;
