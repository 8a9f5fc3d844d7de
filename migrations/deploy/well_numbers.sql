-- Deploy wellflow:well_numbers to pg
-- Frozen copy of sql/well_numbers.sql as first released; later changes alter, never edit this file.
begin;

-- US Well Number input rules (DESIGN §5, DOMAIN.md): stored as 14 digits, shown dashed.
set local role wellflow_owner;

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

commit;
