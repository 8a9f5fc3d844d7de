-- The days a state agency's filing deadlines do not fall on, by the state's own rules: a deadline on
-- one of them, or on a weekend, moves to the next day that is neither. An agency without a calendar
-- here (ONRR) follows the federal one, ref.us_federal_holidays.
set local role wellflow_owner;

create table ref.agency_calendars (
    agency text primary key constraint agency_calendars_agency_check check (agency ~ '^[A-Z][A-Z0-9-]{1,15}$'),
    source text not null constraint agency_calendars_source_check check (char_length(source) between 1 and 1000)
);
comment on table ref.agency_calendars is 'Agencies whose deadlines follow a state calendar, with the law it comes from.';

insert into ref.agency_calendars (agency, source) values
    ('NM-OCD', 'NMSA 1978 §12-5-2 legal holidays (Presidents'' Day the third Monday of February, Indigenous Peoples'' Day '
               'the second Monday of October; Juneteenth is not one), a Sunday holiday kept the Monday after (§12-5-3(A)), '
               'none moved off a Saturday; a period ending on one runs to the next day (§12-2A-7(F))'),
    ('ND-DMR', 'NDCC §1-03-01: the ten holidays on which state offices close (Good Friday included; not Columbus Day or '
               'Juneteenth); January 1, July 4, November 11 and December 25 kept the Monday after a Sunday (§1-03-02) or '
               'the Friday before a Saturday (§1-03-02.1); an act due on one is done the next day (§1-03-05)'),
    ('TX-RRC', 'Texas Government Code §662.003(a) national holidays, and the state holidays on which agencies close '
               '(§662.004(b): the Friday after Thanksgiving, December 24 and December 26); a holiday on a weekend is not '
               'observed on another day (§662.005(a))');

create table ref.agency_holidays (
    agency text not null references ref.agency_calendars (agency),
    holiday date not null,
    name text not null,
    primary key (agency, holiday)
);
comment on table ref.agency_holidays is 'Each calendar''s holidays and observed days, 2000-2045.';

-- CSV written by scripts/generate_ref_agency_holidays.py from the rules of ref.agency_calendars.
\copy ref.agency_holidays (agency, holiday, name) from 'ref/agency_holidays.csv' with (format csv, header true)

grant select on ref.agency_calendars, ref.agency_holidays to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user,
    wellflow_analyst, wellflow_anon;

-- The holiday an agency's deadline cannot fall on, by name: from its calendar, or the federal one.
create function app.agency_holiday(agency text, day date) returns text
language sql stable
set search_path = pg_catalog, ref
as $$
    select case when exists (select from ref.agency_calendars c where c.agency = agency_holiday.agency)
                then (select h.name from ref.agency_holidays h where h.agency = agency_holiday.agency and h.holiday = day)
                else (select h.name from ref.us_federal_holidays h where h.holiday = day) end
$$;
comment on function app.agency_holiday(text, date) is
    'The holiday on that day in the agency''s calendar (the federal one for an agency without its own), or null.';
grant execute on function app.agency_holiday(text, date) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.agency_holidays as
    with readable as (
        select h.agency, h.holiday, h.name, c.source
          from ref.agency_holidays h join ref.agency_calendars c on c.agency = h.agency)
    select * from readable;
comment on view api.agency_holidays is
    'The days each state agency''s filing deadlines move off, by the state''s own law; an agency not listed (ONRR) follows the '
    'federal holidays.';
comment on column api.agency_holidays.agency is 'Agency: NM-OCD, ND-DMR or TX-RRC.';
comment on column api.agency_holidays.holiday is 'The day (an observed day where the law moves a holiday off a weekend).';
comment on column api.agency_holidays.name is 'Holiday name.';
comment on column api.agency_holidays.source is 'The law the calendar follows.';
grant select on api.agency_holidays to wellflow_user, wellflow_analyst, wellflow_anon;
