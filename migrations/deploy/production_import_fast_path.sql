-- Deploy wellflow:production_import_fast_path to pg
-- Frozen copy of what this change released from sql/production_import.sql; later changes alter, never edit this file.
begin;
set local role wellflow_owner;

create or replace function app.parse_numeric(value text) returns numeric
language sql immutable
as $$
    -- What is left of the value once its digits are removed decides the usual cases (a regular
    -- expression on every value costs three times as much); the rest, such as surrounding
    -- whitespace or garbage, goes to the regular expression that states the rule.
    select case translate(value, '0123456789', '')
               when '' then case when value <> '' then value::numeric end
               when '.' then case when value <> '.' then value::numeric end
               when '-' then case when left(value, 1) = '-' and value <> '-' then value::numeric end
               when '-.' then case when left(value, 1) = '-' and length(value) > 2 then value::numeric end
               when '+' then case when left(value, 1) = '+' and value <> '+' then value::numeric end
               when '+.' then case when left(value, 1) = '+' and length(value) > 2 then value::numeric end
               else case when value ~ '^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$' then value::numeric end
           end
$$;

-- Every row of a payload parsed and its well and day resolved: the text of each field (for the
-- report), its value (NULL when it does not parse) and the well's id (NULL when unknown). Shared by
-- the import's fast path and its careful path. Not for web roles: it takes the organization as an
-- argument (api.import_production passes the caller's). Inlinable (no SET clause, names qualified),
-- so a caller computes only the columns it reads; one that reads a value several times materializes
-- the rows first.
create function app.production_import_rows(organization uuid, rows jsonb, csv text, header_width integer,
                                           positions integer[])
returns table (line integer, item jsonb, well_id_text text, well_number_text text, date_text text, oil_text text,
               gas_text text, water_text text, hours_text text, choke_text text, tubing_text text, casing_text text,
               downtime_reason text, oil_bbl numeric, gas_mcf numeric, water_bbl numeric, hours_on numeric,
               choke_64ths numeric, tubing_pressure_psi numeric, casing_pressure_psi numeric, production_date date,
               well_id uuid, well_label text)
language sql stable
as $$
    with csv_lines as materialized (
        select ordinality::int as line,
               case when strpos(text_line, '"') = 0 then string_to_array(rtrim(text_line, E'\r'), ',')
                    else app.csv_fields(rtrim(text_line, E'\r')) end as fields
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> ''),
    -- Every field as text, one row per input row, from CSV fields by the header's positions or
    -- from JSON objects (only one of csv and rows is given). item keeps what the report needs
    -- to describe malformed rows.
    input (line, item, well_id, well_number, production_date, oil_bbl, gas_mcf, water_bbl, hours_on, choke_64ths,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason) as (
        select line, case when cardinality(fields) <> header_width
                          then jsonb_build_object('_columns', cardinality(fields)) end,
               fields[positions[1]], fields[positions[2]], fields[positions[3]], fields[positions[4]],
               fields[positions[5]], fields[positions[6]], fields[positions[7]], fields[positions[8]],
               fields[positions[9]], fields[positions[10]], fields[positions[11]]
          from csv_lines
        union all
        select ordinality::int, case when jsonb_typeof(value) <> 'object' then value end,
               value ->> 'well_id', value ->> 'well_number', value ->> 'production_date', value ->> 'oil_bbl',
               value ->> 'gas_mcf', value ->> 'water_bbl', value ->> 'hours_on', value ->> 'choke_64ths',
               value ->> 'tubing_pressure_psi', value ->> 'casing_pressure_psi', value ->> 'downtime_reason'
          from jsonb_array_elements(rows) with ordinality),
    trimmed as (
        select i.line, i.item, nullif(btrim(i.well_id), '') as well_id_text,
               nullif(btrim(i.well_number), '') as well_number_text, btrim(i.production_date) as date_text,
               nullif(btrim(i.oil_bbl), '') as oil_text, nullif(btrim(i.gas_mcf), '') as gas_text,
               nullif(btrim(i.water_bbl), '') as water_text, nullif(btrim(i.hours_on), '') as hours_text,
               nullif(btrim(i.choke_64ths), '') as choke_text, nullif(btrim(i.tubing_pressure_psi), '') as tubing_text,
               nullif(btrim(i.casing_pressure_psi), '') as casing_text,
               nullif(btrim(i.downtime_reason), '') as downtime_reason
          from input i),
    extracted as not materialized (  -- the distinct wells and dates below read three of its columns
        select t.*,
               case when t.oil_text is null then 0 else app.parse_numeric(t.oil_text) end as oil_bbl,
               case when t.gas_text is null then 0 else app.parse_numeric(t.gas_text) end as gas_mcf,
               case when t.water_text is null then 0 else app.parse_numeric(t.water_text) end as water_bbl,
               app.parse_numeric(t.hours_text) as hours_on, app.parse_numeric(t.choke_text) as choke_64ths,
               app.parse_numeric(t.tubing_text) as tubing_pressure_psi,
               app.parse_numeric(t.casing_text) as casing_pressure_psi
          from trimmed t),
    -- Each distinct well reference and date is resolved once, not once per row.
    named_wells as materialized (
        select t.well_id_text, t.well_number_text, coalesce(by_id.id, by_number.id) as well_id
          from (select distinct well_id_text, well_number_text from extracted) t
          left join app.wells by_id
                 on t.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                and by_id.organization_id = organization
                and by_id.id = case when t.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                    then t.well_id_text::uuid end
          left join app.wells by_number
                 on t.well_id_text is null and by_number.organization_id = organization
                and by_number.well_number = rpad(app.well_number_digits(t.well_number_text), 14, '0')),
    dates as materialized (
        select t.date_text, app.parse_date(t.date_text) as production_date
          from (select distinct date_text from extracted where date_text is not null) t),
    resolved as (
        select e.*, dates.production_date, named_wells.well_id,
               coalesce(e.well_number_text, e.well_id_text) as well_label
          from extracted e
          left join dates on dates.date_text = e.date_text
          -- (One hashable key: a reference is an id, a number, or neither.)
          left join named_wells
                 on coalesce(named_wells.well_id_text, '') = coalesce(e.well_id_text, '')
                and coalesce(named_wells.well_number_text, '') = coalesce(e.well_number_text, ''))
    select line, item, well_id_text, well_number_text, date_text, oil_text, gas_text, water_text, hours_text,
           choke_text, tubing_text, casing_text, downtime_reason, oil_bbl, gas_mcf, water_bbl, hours_on, choke_64ths,
           tubing_pressure_psi, casing_pressure_psi, production_date, well_id, well_label
      from resolved
$$;
comment on function app.production_import_rows(uuid, jsonb, text, integer, integer[]) is
    'The rows of an import payload (JSON objects or CSV fields by header position), parsed, with well and day resolved.';

create or replace function api.import_production(rows jsonb default null, csv text default null,
                                      mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set work_mem = '64MB'
set jit = off
as $$
declare
    allowed constant text[] := array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl',
        'hours_on', 'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'];
    header text[];
    positions integer[];
    unknown text;
    received integer;
    rejected jsonb;
    first_month date;
    last_month date;
    inserted integer := 0;
    updated integer := 0;
    valid integer;
    organization uuid := app.current_organization_id();
    existing integer;
    changed integer;
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import production', null, null);
    end if;
    if not app.current_role_in('owner', 'admin', 'manager', 'engineer') then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not import production', app.current_org_role()), null,
            'Roles that may: owner, admin, manager, engineer');
    end if;
    if (rows is null) = (csv is null) then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'Send either rows (a JSON array of objects) or csv (text)',
            'rows', 'Example: {"rows": [{"well_number": "42-501-20130", "production_date": "2026-01-01", "oil_bbl": 120}]}');
    end if;
    if rows is not null and jsonb_typeof(rows) <> 'array' then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'rows must be a JSON array of objects', 'rows', null);
    end if;

    -- Every field as text, one row per input row: from JSON objects, or from CSV fields by the
    -- header's positions. item keeps what the report needs to describe malformed rows.
    if rows is not null then
        select key into unknown
          from jsonb_array_elements(rows) element,
               jsonb_object_keys(case when jsonb_typeof(element) = 'object' then element else '{}' end) key
         where key <> all (allowed) limit 1;
    else
        -- Line 1 is the header; blank lines are skipped but keep their number for the report.
        header := app.csv_fields(lower(replace(rtrim(split_part(csv, E'\n', 1), E'\r'), ' ', '')));
        if header is null or header = '{""}' then
            perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'csv needs a header line naming its columns', 'csv',
                'well_number,production_date,oil_bbl,gas_mcf,water_bbl,hours_on');
        end if;
        select name into unknown from unnest(header) name where name <> all (allowed) limit 1;
        -- Where each allowed column sits in the header (NULL when absent), found once.
        select array_agg(array_position(header, name) order by n) into positions
          from unnest(allowed) with ordinality as a (name, n);
    end if;
    if unknown is not null then
        perform app.raise_error(400, 'WF_IMPORT_UNKNOWN_COLUMN', format('Unknown column %s', unknown), unknown,
            'Columns: ' || array_to_string(allowed, ', '));
    end if;

    -- At most 50,000 rows a call, refused before any work. A CSV has at most as many rows as line
    -- breaks (one fewer when it ends with one); only a file over that bound has its rows counted.
    received := coalesce(jsonb_array_length(rows),
                         length(csv) - length(replace(csv, E'\n', '')) - (right(csv, 1) = E'\n')::integer);
    if received > 50000 and csv is not null then
        select count(*) into received
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> '';
    end if;
    if received > 50000 then
        perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
            format('%s rows received; one call takes at most 50000', received), 'rows', 'Split the file by month or by wells');
    end if;

    -- The usual bulk load, every row valid and every day new, goes in with one plain insert and no
    -- per-row report: the table's constraints check each row as it is written, and what they cannot
    -- see (a value that is not a number in an optional column, a malformed row) is turned into a
    -- value they refuse. Any refusal, a day that exists or comes twice included, undoes the attempt
    -- and the careful path below finds and reports every rejected row, or upserts.
    begin
        with written as (
            insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl,
                                        hours_on, choke_64ths, tubing_pressure_psi, casing_pressure_psi,
                                        downtime_reason)
            select organization, case when r.item is null then r.well_id end, r.production_date,
                   r.oil_bbl, r.gas_mcf, r.water_bbl,
                   case when r.hours_text is null then null else coalesce(r.hours_on, -1) end,
                   case when r.choke_text is null then null
                        when r.choke_64ths = trunc(r.choke_64ths) then r.choke_64ths::integer else -1 end,
                   case when r.tubing_text is null then null else coalesce(r.tubing_pressure_psi, -1) end,
                   case when r.casing_text is null then null else coalesce(r.casing_pressure_psi, -1) end,
                   r.downtime_reason
              from app.production_import_rows(organization, rows, csv, cardinality(header), positions) r
            returning production_date)
        select count(*), min(production_date), max(production_date) into received, first_month, last_month
          from written;
        -- Days of months without a partition wait in the default one until this moves them.
        perform app.ensure_production_partitions(first_month, last_month);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', received, 'updated', 0,
                                  'unchanged', 0, 'rejected', '[]'::jsonb);
    exception when integrity_constraint_violation or data_exception then
        null;
    end;

    -- The careful path: one statement checks every row and names the first rule each breaks.
    create temporary table if not exists import_rows (
        line integer, well_id uuid, well_label text, production_date date, oil_bbl numeric, gas_mcf numeric,
        water_bbl numeric, hours_on numeric, choke_64ths integer, tubing_pressure_psi numeric,
        casing_pressure_psi numeric, downtime_reason text, code text, field text, message text) on commit drop;
    truncate import_rows;
    insert into import_rows
    with staged as materialized (  -- each value once: the rules below refer to it several times
        select * from app.production_import_rows(organization, rows, csv, cardinality(header), positions)),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as materialized (  -- the reason once per row: the steps below refer to it several times
        select r.*,
               case
                   when jsonb_typeof(r.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT'  -- only CSV sets an object
                   when r.item is not null then 'WF_IMPORT_NOT_AN_OBJECT'
                   when r.well_id_text is null and r.well_number_text is null then 'WF_IMPORT_WELL_REQUIRED'
                   when r.well_id is null then 'WF_IMPORT_UNKNOWN_WELL'
                   when r.production_date is null or r.production_date < date '1900-01-01' then 'WF_IMPORT_BAD_DATE'
                   when r.production_date > current_date then 'WF_IMPORT_FUTURE_DATE'
                   when r.oil_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:oil_bbl'
                   when r.gas_mcf is null then 'WF_IMPORT_NOT_A_NUMBER:gas_mcf'
                   when r.water_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:water_bbl'
                   when r.oil_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:oil_bbl'
                   when r.gas_mcf < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:gas_mcf'
                   when r.water_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:water_bbl'
                   when scale(r.oil_bbl) > 3 and r.oil_bbl <> round(r.oil_bbl, 3) then 'WF_IMPORT_PRECISION:oil_bbl'
                   when scale(r.gas_mcf) > 3 and r.gas_mcf <> round(r.gas_mcf, 3) then 'WF_IMPORT_PRECISION:gas_mcf'
                   when scale(r.water_bbl) > 3 and r.water_bbl <> round(r.water_bbl, 3) then 'WF_IMPORT_PRECISION:water_bbl'
                   when r.hours_text is not null and r.hours_on is null then 'WF_IMPORT_NOT_A_NUMBER:hours_on'
                   when r.hours_on not between 0 and 24 or scale(r.hours_on) > 2 and r.hours_on <> round(r.hours_on, 2) then 'WF_IMPORT_HOURS_RANGE'
                   when r.choke_text is not null
                        and (r.choke_64ths is null or r.choke_64ths <> trunc(r.choke_64ths)
                             or r.choke_64ths not between 0 and 256) then 'WF_IMPORT_CHOKE_RANGE'
                   when r.tubing_text is not null
                        and (r.tubing_pressure_psi is null or r.tubing_pressure_psi not between 0 and 49999.9
                             or scale(r.tubing_pressure_psi) > 1 and r.tubing_pressure_psi <> round(r.tubing_pressure_psi, 1))
                        then 'WF_IMPORT_PRESSURE_RANGE:tubing_pressure_psi'
                   when r.casing_text is not null
                        and (r.casing_pressure_psi is null or r.casing_pressure_psi not between 0 and 49999.9
                             or scale(r.casing_pressure_psi) > 1 and r.casing_pressure_psi <> round(r.casing_pressure_psi, 1))
                        then 'WF_IMPORT_PRESSURE_RANGE:casing_pressure_psi'
                   when char_length(r.downtime_reason) > 200 then 'WF_IMPORT_TOO_LONG'
               end as reason
          from staged r),
    checked as (
        select c.*, split_part(c.reason, ':', 1) as code,
               case split_part(c.reason, ':', 1)
                   when 'WF_IMPORT_NOT_AN_OBJECT' then 'rows'
                   when 'WF_IMPORT_COLUMN_COUNT' then 'csv'
                   when 'WF_IMPORT_WELL_REQUIRED' then 'well_number'
                   when 'WF_IMPORT_UNKNOWN_WELL' then case when c.well_id_text is null then 'well_number' else 'well_id' end
                   when 'WF_IMPORT_BAD_DATE' then 'production_date'
                   when 'WF_IMPORT_FUTURE_DATE' then 'production_date'
                   when 'WF_IMPORT_HOURS_RANGE' then 'hours_on'
                   when 'WF_IMPORT_CHOKE_RANGE' then 'choke_64ths'
                   when 'WF_IMPORT_TOO_LONG' then 'downtime_reason'
                   else split_part(c.reason, ':', 2)
               end as field,
               case split_part(c.reason, ':', 1)
                   when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
                   when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s',
                                                             c.item ->> '_columns', coalesce(cardinality(header), 0))
                   when 'WF_IMPORT_WELL_REQUIRED' then 'Give the well_number or the well_id'
                   when 'WF_IMPORT_UNKNOWN_WELL' then format('No well %s in this organization', c.well_label)
                   when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)',
                                                         coalesce(c.date_text, 'null'))
                   when 'WF_IMPORT_FUTURE_DATE' then format('%s is in the future', c.production_date)
                   when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', c.offending_text)
                   when 'WF_IMPORT_NEGATIVE_VOLUME' then format('%s %s is negative', split_part(c.reason, ':', 2),
                                                                c.offending_text)
                   when 'WF_IMPORT_PRECISION' then 'Volumes carry at most 3 decimals'
                   when 'WF_IMPORT_HOURS_RANGE' then format('hours_on %s is outside 0-24 (2 decimals)', c.hours_on)
                   when 'WF_IMPORT_CHOKE_RANGE' then format('choke_64ths %s is not a whole number of 64ths in 0-256',
                                                            c.choke_text)
                   when 'WF_IMPORT_PRESSURE_RANGE' then 'Pressures are 0-50000 psi with 1 decimal'
                   when 'WF_IMPORT_TOO_LONG' then 'downtime_reason has at most 200 characters'
               end as message
          from (select c.*, case split_part(c.reason, ':', 2) when 'oil_bbl' then c.oil_text
                                 when 'gas_mcf' then c.gas_text when 'water_bbl' then c.water_text
                                 when 'hours_on' then c.hours_text end as offending_text
                  from coded c) c)
    select line, well_id, well_label, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
           case when code is null then choke_64ths::integer end,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason, code, field, message
      from checked;
    get diagnostics received = row_count;

    -- The same well and day twice in one payload: the first valid occurrence wins.
    update import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'production_date',
           message = format('Line %s already has this well and day', d.first_line)
      from (select line, min(line) over (partition by well_id, production_date) as first_line
              from import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'production_date', production_date,
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           min(production_date) filter (where code is null), max(production_date) filter (where code is null),
           count(*) filter (where code is null)
      into rejected, first_month, last_month, valid
      from import_rows;

    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
    end if;

    perform app.ensure_production_partitions(first_month, last_month);
    -- Rows whose well and day already exist become updates (or stay unchanged when equal).
    select count(*) into existing
      from import_rows r
      join app.production p on p.organization_id = organization and p.well_id = r.well_id
                           and p.production_date = r.production_date
     -- The payload's date range lets the planner skip every other partition or chunk.
     where r.code is null and p.production_date between first_month and last_month;

    with upserted as (
        insert into app.production as p (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                         choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason)
        select organization, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
               choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason
          from import_rows where code is null
         order by well_id, production_date
        on conflict (organization_id, well_id, production_date) do update
           set oil_bbl = excluded.oil_bbl, gas_mcf = excluded.gas_mcf, water_bbl = excluded.water_bbl,
               hours_on = excluded.hours_on, choke_64ths = excluded.choke_64ths,
               tubing_pressure_psi = excluded.tubing_pressure_psi, casing_pressure_psi = excluded.casing_pressure_psi,
               downtime_reason = excluded.downtime_reason
         where (p.oil_bbl, p.gas_mcf, p.water_bbl, p.hours_on, p.choke_64ths, p.tubing_pressure_psi,
                p.casing_pressure_psi, p.downtime_reason)
               is distinct from
               (excluded.oil_bbl, excluded.gas_mcf, excluded.water_bbl, excluded.hours_on, excluded.choke_64ths,
                excluded.tubing_pressure_psi, excluded.casing_pressure_psi, excluded.downtime_reason)
        returning 1)
    select count(*) into changed from upserted;
    inserted := valid - existing;
    updated := changed - inserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;

commit;
