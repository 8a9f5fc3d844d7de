-- Filing rules of the monthly production reports, as data with their sources, and the due date
-- they give for a production month: "production month + N months, on day D or month end", moved
-- forward over weekends and the agency's holidays (ref.agency_holidays, else the federal ones). Where sources disagree the earliest date is
-- used (filing early is never late) and the row says so.
set local role wellflow_owner;

create table ref.filing_rules (
    agency text not null constraint filing_rules_agency_check check (agency ~ '^[A-Z][A-Z0-9-]{1,15}$'),
    form text not null constraint filing_rules_form_check check (form ~ '^[A-Za-z0-9-]{1,16}$'),
    title text not null,
    state_code text references ref.well_number_states (state_code),
    months_after integer not null constraint filing_rules_months_after_check check (months_after between 0 and 12),
    -- Day of that month; null means its last day.
    due_day integer constraint filing_rules_due_day_check check (due_day between 1 and 28),
    source text not null,
    primary_source boolean not null,
    -- The lease types whose wells the form covers; null for every lease (and wells without one).
    lease_types text[] constraint filing_rules_lease_types_check check (lease_types <@ array['fee', 'state', 'federal', 'tribal']),
    -- Whether the form has a line per completion (app.well_completions) rather than per well.
    per_completion boolean not null default false,
    primary key (agency, form)
);
comment on table ref.filing_rules is
    'When each monthly report is due: months after the production month, on due_day or the month end, rolled to a business day.';

insert into ref.filing_rules (agency, form, title, state_code, months_after, due_day, source, primary_source) values
    ('NM-OCD', 'C-115', 'Operator''s Monthly Report', '30', 2, 15,
     'NMAC 19.15.7.24(B): due on or before the 15th day of the second month following the month of production', true),
    ('ND-DMR', 'FORM-5', 'Oil Well Production Report', '33', 1, null,
     'Secondary source: the last day of the month after production (confirm against NDAC 43-02-03)', false),
    ('ONRR', 'OGOR', 'Oil and Gas Operations Report (ONRR-4054)', null, 1, null,
     'Sources disagree: 15th (paper) or 25th (electronic) of the second month, or the end of the following month; the earliest, end of the following month, is used', false),
    ('ND-DMR', 'FORM-5B', 'Gas Production Report', '33', 2, 5,
     'NDAC 43-02-03-59: on or before the fifth day of the second month succeeding that in which production occurs', true),
    ('TX-RRC', 'PR', 'Monthly Production Report (Form PR)', '42', 1, 15,
     'Sources disagree: last day of the following month, 15th of the following month, or 15th of the second month; the earliest, 15th of the following month, is used until 16 TAC §3.58 is confirmed', false);

-- The OGOR covers federal and Indian leases and agreements only (30 CFR 1210.102).
update ref.filing_rules set lease_types = array['federal', 'tribal'] where agency = 'ONRR' and form = 'OGOR';
-- The C-115 is filed per completion (NMAC 19.15.7.24), identified by API number and pool; the OGOR
-- identifies a well by its API number and producing interval (ONRR Minerals Production Reporter
-- Handbook, OGOR-A).
update ref.filing_rules set per_completion = true where (agency, form) in (('NM-OCD', 'C-115'), ('ONRR', 'OGOR'));

grant select on ref.filing_rules to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_analyst,
    wellflow_anon;

-- The first day on or after the given one that is neither a weekend nor a holiday of the agency
-- (federal holidays for an agency without a calendar of its own, or for none).
create function app.next_business_day(day date, agency text default null) returns date
language sql stable
set search_path = pg_catalog, app
as $$
    select min(d)::date
      from generate_series(day, day + 14, interval '1 day') as candidates (d)
     where extract(isodow from d) < 6 and app.agency_holiday(agency, d::date) is null
$$;
comment on function app.next_business_day(date, text) is
    'The day itself, or the next day that is not a weekend or a holiday of the agency (federal holidays by default).';

-- The unrolled deadline of a rule for a production month (any day in it).
create function app.filing_deadline(agency text, form text, production_month date) returns date
language sql stable
set search_path = pg_catalog, ref
as $$
    select case when r.due_day is null
                then (date_trunc('month', production_month) + make_interval(months => r.months_after + 1) - interval '1 day')::date
                else (date_trunc('month', production_month) + make_interval(months => r.months_after)
                      + make_interval(days => r.due_day - 1))::date end
      from ref.filing_rules r where r.agency = filing_deadline.agency and r.form = filing_deadline.form
$$;
comment on function app.filing_deadline(text, text, date) is 'The deadline a filing rule sets for a production month, before rolling to a business day.';

create function app.filing_due_date(agency text, form text, production_month date) returns date
language sql stable
set search_path = pg_catalog, app
as $$ select app.next_business_day(app.filing_deadline(agency, form, production_month), agency) $$;
comment on function app.filing_due_date(text, text, date) is
    'When a report for the production month is due: the deadline, rolled over weekends and the agency''s holidays.';

grant execute on function app.next_business_day(date, text), app.filing_deadline(text, text, date),
    app.filing_due_date(text, text, date) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source, lease_types, per_completion
          from ref.filing_rules)
    select * from readable;
comment on view api.filing_rules is 'When each monthly report is due, with the rule''s source.';
comment on column api.filing_rules.agency is 'Agency: NM-OCD, ND-DMR, ONRR, TX-RRC.';
comment on column api.filing_rules.form is 'Form: C-115, FORM-5, FORM-5B, OGOR, PR.';
comment on column api.filing_rules.title is 'Form title.';
comment on column api.filing_rules.state_code is 'Well-number state whose wells the form covers; empty for federal forms.';
comment on column api.filing_rules.months_after is 'Months after the production month in which the report is due.';
comment on column api.filing_rules.due_day is
    'Day of that month; empty means its last day. Weekends and the agency''s holidays (/agency_holidays; federal ones for ONRR) '
    'move it to the next business day.';
comment on column api.filing_rules.source is 'Regulation or source of the rule.';
comment on column api.filing_rules.primary_source is 'True when the rule comes from the regulation itself.';
comment on column api.filing_rules.lease_types is
    'The lease types (fee, state, federal, tribal) whose wells the form covers; empty for all. ONRR''s OGOR: federal and tribal.';
comment on column api.filing_rules.per_completion is
    'True when the form has a line per completion (/well_completions, with its share of the well''s volumes) rather than '
    'per well: the C-115 and the OGOR.';

grant select on api.filing_rules to wellflow_user, wellflow_analyst, wellflow_anon;
