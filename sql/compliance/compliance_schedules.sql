-- What an organization must file, for which entity, from which production month, and how early
-- to be reminded. Obligations (one per schedule and production month) are derived: their due
-- date comes from ref.filing_rules and the holiday calendar, their status from the reports filed.
set local role wellflow_owner;

create type app.obligation_status as enum ('upcoming', 'due', 'overdue', 'done');

create function app.all_distinct(numbers integer[]) returns boolean
language sql immutable
set search_path = pg_catalog
as $$ select count(distinct n) = count(*) and count(n) = count(*) from unnest(numbers) n $$;
comment on function app.all_distinct(integer[]) is 'True when the array holds no NULL and no value twice.';

create table app.compliance_schedules (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    agency text not null,
    form text not null,
    scope app.report_scope not null default 'organization',
    lease_id uuid,
    well_id uuid,
    first_period date not null
        constraint compliance_schedules_first_period_check check (first_period = date_trunc('month', first_period)
                                                                   -- Due dates move over the holidays in ref.us_federal_holidays, from 2000.
                                                                   and app.is_sane_date(first_period) and first_period >= date '2000-01-01'),
    -- Days before the due date at which a reminder e-mail goes to the organization's owners and admins.
    reminder_days integer[] not null default '{14,3}'
        constraint compliance_schedules_reminder_days_check check (
            cardinality(reminder_days) between 1 and 5 and app.all_distinct(reminder_days)
            and 0 <= all (reminder_days) and 90 >= all (reminder_days)),
    active boolean not null default true,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint compliance_schedules_agency_fkey foreign key (agency, form) references ref.filing_rules (agency, form),
    constraint compliance_schedules_lease_id_fkey foreign key (organization_id, lease_id) references app.leases (organization_id, id),
    constraint compliance_schedules_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint compliance_schedules_scope_check check (
        scope = 'organization' and lease_id is null and well_id is null
        or scope = 'lease' and lease_id is not null and well_id is null
        or scope = 'well' and well_id is not null and lease_id is null),
    constraint compliance_schedules_form_key unique nulls not distinct (organization_id, agency, form, scope, lease_id, well_id)
);
comment on table app.compliance_schedules is 'Filing obligations per organization, lease or well, from a first production month.';

-- Reminders already sent, so the daily scan sends each one once.
create table app.compliance_reminders (
    organization_id uuid not null references app.organizations (id),
    schedule_id uuid not null,
    period date not null,
    lead_days integer not null,
    sent_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, schedule_id, period, lead_days),
    constraint compliance_reminders_schedule_id_fkey foreign key (organization_id, schedule_id)
        references app.compliance_schedules (organization_id, id) on delete cascade
);
comment on table app.compliance_reminders is 'Compliance reminders sent per schedule, production month and lead time.';

create trigger compliance_schedules_set_updated_at before update on app.compliance_schedules
    for each row execute function app.set_updated_at();
create trigger compliance_schedules_audit after insert or update or delete on app.compliance_schedules
    for each row execute function app.audit_change();
create trigger compliance_schedules_require_writer before insert or update or delete on app.compliance_schedules
    for each statement execute function app.require_org_role('asset_writers');

alter table app.compliance_schedules enable row level security;
alter table app.compliance_schedules force row level security;
alter table app.compliance_reminders enable row level security;
alter table app.compliance_reminders force row level security;

create policy compliance_schedules_tenant_read on app.compliance_schedules
    for select
    using (organization_id = (select app.current_organization_id()));
create policy compliance_schedules_writer_insert on app.compliance_schedules
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy compliance_schedules_writer_update on app.compliance_schedules
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy compliance_schedules_writer_delete on app.compliance_schedules
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));
create policy compliance_reminders_tenant_all on app.compliance_reminders
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select, insert, update, delete on app.compliance_schedules to wellflow_api;
grant select on app.compliance_schedules to wellflow_worker;
grant select, insert on app.compliance_reminders to wellflow_worker;

-- Why a due date moved: the weekend days and holidays between the deadline and the due date.
create function app.due_date_rolled_over(deadline date, due_date date, agency text default null) returns text
language sql stable
set search_path = pg_catalog, app
as $$
    select string_agg(coalesce(app.agency_holiday(agency, d::date), trim(to_char(d, 'Day'))) || ' ' || to_char(d, 'YYYY-MM-DD'),
                      ', ' order by d)
      from generate_series(deadline, due_date - 1, interval '1 day') d
$$;
comment on function app.due_date_rolled_over(date, date, text) is
    'The weekend days and holidays of the agency (federal by default) a due date was moved over, or null.';

-- Every obligation of the organization as of a day: one per active schedule and production month
-- from its first period through the month of as_of.
create function app.compliance_obligations(as_of date)
returns table (schedule_id uuid, agency text, form text, title text, scope app.report_scope, lease_id uuid,
               well_id uuid, period date, deadline date, due_date date, rolled_over text, report_id uuid,
               report_status app.report_status, status app.obligation_status, days_until_due integer,
               reminder_days integer[])
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select s.id, s.agency, s.form, rule.title, s.scope, s.lease_id, s.well_id, p.period::date,
           due.deadline, due.due_date, app.due_date_rolled_over(due.deadline, due.due_date, s.agency),
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
     cross join lateral (select rule_date.deadline, app.next_business_day(rule_date.deadline, s.agency) as due_date) due
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

grant execute on function app.all_distinct(integer[]) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
grant execute on function app.due_date_rolled_over(date, date, text), app.compliance_obligations(date)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.compliance_schedules as
    select organization_id, id, agency, form, scope, lease_id, well_id, first_period, reminder_days, active,
           created_at, updated_at
      from app.compliance_schedules;
alter view api.compliance_schedules alter column organization_id set default app.current_organization_id();
comment on view api.compliance_schedules is
    'What the organization files, for which entity, from which production month, and how many days ahead to remind owners and admins.';
comment on column api.compliance_schedules.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.compliance_schedules.id is 'Schedule id (UUID v7).';
comment on column api.compliance_schedules.agency is 'Agency (see /filing_rules).';
comment on column api.compliance_schedules.form is 'Form (see /filing_rules).';
comment on column api.compliance_schedules.scope is 'organization, lease or well.';
comment on column api.compliance_schedules.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_schedules.well_id is 'The well, for a well schedule.';
comment on column api.compliance_schedules.first_period is 'First production month to file (first day of the month, from 2000-01-01).';
comment on column api.compliance_schedules.reminder_days is 'Days before the due date to send reminders, e.g. {14,3}.';
comment on column api.compliance_schedules.active is 'Inactive schedules create no obligations.';
comment on column api.compliance_schedules.created_at is 'When it was created.';
comment on column api.compliance_schedules.updated_at is 'When it last changed.';

create view api.compliance_obligations as
    select app.current_organization_id() as organization_id, o.*
      from app.compliance_obligations(current_date) o;
comment on view api.compliance_obligations is
    'Every filing obligation through the current month: due date rolled over weekends and the agency''s holidays '
    '(/agency_holidays; federal ones for ONRR), and its status.';
comment on column api.compliance_obligations.organization_id is 'The organization.';
comment on column api.compliance_obligations.schedule_id is 'The schedule (see /compliance_schedules).';
comment on column api.compliance_obligations.agency is 'Agency.';
comment on column api.compliance_obligations.form is 'Form.';
comment on column api.compliance_obligations.title is 'Form title.';
comment on column api.compliance_obligations.scope is 'organization, lease or well.';
comment on column api.compliance_obligations.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_obligations.well_id is 'The well, for a well schedule.';
comment on column api.compliance_obligations.period is 'Production month (first day).';
comment on column api.compliance_obligations.deadline is 'The deadline the rule gives, before rolling.';
comment on column api.compliance_obligations.due_date is 'When it is due: the deadline moved to the next business day.';
comment on column api.compliance_obligations.rolled_over is 'The weekend days and holidays the due date was moved over, if any.';
comment on column api.compliance_obligations.report_id is 'The report filed or in progress for it.';
comment on column api.compliance_obligations.report_status is 'That report''s status.';
comment on column api.compliance_obligations.status is 'upcoming, due (inside the reminder window), overdue or done (submitted or accepted).';
comment on column api.compliance_obligations.days_until_due is 'Days from today to the due date (negative when overdue).';
comment on column api.compliance_obligations.reminder_days is 'Reminder lead times of the schedule.';

create view api.compliance_calendar as
    select distinct on (o.schedule_id) o.*
      from api.compliance_obligations o
     where o.status <> 'done'
     order by o.schedule_id, o.period;
comment on view api.compliance_calendar is 'The next open obligation of each schedule: what is due next and when.';
comment on column api.compliance_calendar.organization_id is 'The organization.';
comment on column api.compliance_calendar.schedule_id is 'The schedule (see /compliance_schedules).';
comment on column api.compliance_calendar.agency is 'Agency.';
comment on column api.compliance_calendar.form is 'Form.';
comment on column api.compliance_calendar.title is 'Form title.';
comment on column api.compliance_calendar.scope is 'organization, lease or well.';
comment on column api.compliance_calendar.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_calendar.well_id is 'The well, for a well schedule.';
comment on column api.compliance_calendar.period is 'Production month (first day).';
comment on column api.compliance_calendar.deadline is 'The deadline the rule gives, before rolling.';
comment on column api.compliance_calendar.due_date is 'Next due date, rolled over weekends and the agency''s holidays.';
comment on column api.compliance_calendar.rolled_over is 'The weekend days and holidays the due date was moved over, if any.';
comment on column api.compliance_calendar.report_id is 'The report in progress for it, if any.';
comment on column api.compliance_calendar.report_status is 'That report''s status.';
comment on column api.compliance_calendar.status is 'upcoming, due or overdue.';
comment on column api.compliance_calendar.days_until_due is 'Days from today to the due date.';
comment on column api.compliance_calendar.reminder_days is 'Reminder lead times of the schedule.';
grant select on api.compliance_schedules, api.compliance_obligations, api.compliance_calendar
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.compliance_schedules to wellflow_user;
