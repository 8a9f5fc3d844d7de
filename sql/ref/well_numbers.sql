-- US Well Number state/area and county/area codes (PPDM 2013, formerly API D12A).
set local role wellflow_owner;

create table ref.well_number_states (
    state_code text primary key constraint well_number_states_state_code_check check (state_code ~ '^[0-9]{2}$'),
    name text not null,
    postal_code text unique,
    offshore boolean not null
);
comment on table ref.well_number_states is
    'State and offshore-area codes of the US Well Number (digits 1-2). Not FIPS: 42 is Texas, 30 New Mexico, 33 North Dakota.';

create table ref.well_number_counties (
    state_code text not null references ref.well_number_states (state_code),
    county_code text not null constraint well_number_counties_county_code_check check (county_code ~ '^[0-9]{3}$'),
    name text not null,
    offshore boolean not null,
    primary key (state_code, county_code)
);
comment on table ref.well_number_counties is
    'County and offshore-area codes of the US Well Number (digits 3-5) per state; offshore marks state waters, Great Lakes and federal areas.';

grant select on ref.well_number_states, ref.well_number_counties to wellflow_api, wellflow_auth,
    wellflow_worker, wellflow_user, wellflow_analyst, wellflow_anon;

-- The codes themselves: CSV written by scripts/generate_ref_well_numbers.py from apinum 0.1.8 (MIT).
\copy ref.well_number_states (state_code, name, postal_code, offshore) from 'ref/well_number_states.csv' with (format csv, header true)
\copy ref.well_number_counties (state_code, county_code, name, offshore) from 'ref/well_number_counties.csv' with (format csv, header true)

-- US Well Number input rules: stored as 14 digits, shown dashed.

-- The digits of a well number as typed: bare, or grouped by dashes/spaces where a group may
-- drop leading zeros ("30-15-12345" is New Mexico 30-015-12345). NULL when it holds anything
-- but digits, dashes and spaces; the length is not checked here.
create function app.well_number_digits(raw text) returns text
language sql immutable strict
as $$
    select case
        when btrim(raw) ~ '[^0-9 -]' then null
        when array_length(parts, 1) between 3 and 5
             and length(parts[1]) <= 2 and length(parts[2]) <= 3 and length(parts[3]) <= 5
             and coalesce(length(parts[4]), 2) = 2 and coalesce(length(parts[5]), 2) = 2
        then lpad(parts[1], 2, '0') || lpad(parts[2], 3, '0') || lpad(parts[3], 5, '0')
             || coalesce(parts[4], '') || coalesce(parts[5], '')
        else array_to_string(parts, '')
    end
    from (select regexp_split_to_array(btrim(raw), '[ -]+') as parts) p
$$;
comment on function app.well_number_digits(text) is 'The digits of a typed well number, with grouped input zero-padded; NULL for other characters.';

-- Accepts 10, 12 or 14 digits, bare or grouped by dashes/spaces; grouped input may drop
-- leading zeros inside a group ("30-15-12345" is New Mexico, Eddy County). Each failure
-- raises its own code with the field, so a client can tell the user exactly what is wrong.
create function app.normalize_well_number(raw text, field text default 'well_number') returns text
language plpgsql stable
set search_path = pg_catalog, app, ref
as $$
declare
    trimmed text := btrim(raw);
    digits text := app.well_number_digits(raw);
begin
    if trimmed is null or trimmed = '' then
        perform app.raise_error(400, 'WF_WELL_NUMBER_REQUIRED', 'A well number is required', field, null);
    end if;
    if digits is null then
        perform app.raise_error(400, 'WF_WELL_NUMBER_NOT_DIGITS',
            format('Well number %s may contain only digits, dashes and spaces', trimmed), field,
            'Example: 42-501-20130-03-00');
    end if;
    if length(digits) not in (10, 12, 14) then
        perform app.raise_error(400, 'WF_WELL_NUMBER_LENGTH',
            format('Well number %s has %s digits; it needs 10, 12 or 14', trimmed, length(digits)), field,
            'state (2) county (3) unique id (5), then optionally wellbore (2) and event (2)');
    end if;
    digits := rpad(digits, 14, '0');
    if not exists (select from ref.well_number_states s where s.state_code = substr(digits, 1, 2)) then
        perform app.raise_error(400, 'WF_WELL_NUMBER_STATE',
            format('Well number %s: state code %s does not exist', trimmed, substr(digits, 1, 2)), field,
            'State codes are listed at /well_number_states (42 Texas, 30 New Mexico, 33 North Dakota)');
    end if;
    if not exists (select from ref.well_number_counties c
                   where c.state_code = substr(digits, 1, 2) and c.county_code = substr(digits, 3, 3)) then
        perform app.raise_error(400, 'WF_WELL_NUMBER_COUNTY',
            format('Well number %s: county code %s does not exist in state %s (%s)', trimmed,
                   substr(digits, 3, 3), substr(digits, 1, 2),
                   (select s.name from ref.well_number_states s where s.state_code = substr(digits, 1, 2))),
            field, format('County codes are listed at /well_number_counties?state_code=eq.%s', substr(digits, 1, 2)));
    end if;
    return digits;
end
$$;
comment on function app.normalize_well_number(text, text) is
    'Validates a US well number (10, 12 or 14 digits, dashes or spaces allowed) and returns its 14-digit form; raises WF_WELL_NUMBER_* errors.';

-- No SET clause and only immutable operators, so the planner inlines it into api.wells
-- (a function call per row costs list throughput).
create function app.format_well_number(well_number text) returns text
language sql immutable strict
as $$
    select substr(well_number, 1, 2) || '-' || substr(well_number, 3, 3) || '-' || substr(well_number, 6, 5)
           || '-' || substr(well_number, 11, 2) || '-' || substr(well_number, 13, 2)
$$;
comment on function app.format_well_number(text) is 'The display form of a 14-digit well number: 42-501-20130-03-00.';

grant execute on function app.well_number_digits(text), app.normalize_well_number(text, text),
    app.format_well_number(text)
    to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.well_number_states as
    with readable as (
        select state_code, name, postal_code, offshore from ref.well_number_states)
    select * from readable;
comment on view api.well_number_states is 'State and offshore-area codes of the US Well Number standard (digits 1-2 of a well number).';
comment on column api.well_number_states.state_code is 'Two-digit code: 42 Texas, 30 New Mexico, 33 North Dakota, 60 northern Gulf of Mexico.';
comment on column api.well_number_states.name is 'Name as published in the standard.';
comment on column api.well_number_states.postal_code is 'USPS abbreviation; null for offshore areas.';
comment on column api.well_number_states.offshore is 'True for the offshore pseudo-states 55, 56, 60 and 61.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.well_number_counties as
    with readable as (
        select state_code, county_code, name, offshore from ref.well_number_counties)
    select * from readable;
comment on view api.well_number_counties is 'County and offshore-area codes per state (digits 3-5 of a well number).';
comment on column api.well_number_counties.state_code is 'The state code (see /well_number_states).';
comment on column api.well_number_counties.county_code is 'Three-digit county or area code, unique within the state.';
comment on column api.well_number_counties.name is 'County or area name as published in the standard.';
comment on column api.well_number_counties.offshore is 'True for state waters, Great Lakes and federal offshore areas; wells there must be offshore.';

grant select on api.well_number_states, api.well_number_counties to wellflow_user, wellflow_analyst, wellflow_anon;
