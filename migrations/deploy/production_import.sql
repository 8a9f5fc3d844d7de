-- Deploy wellflow:production_import to pg
-- Frozen copy of sql/production_import.sql as first released; later changes alter, never edit this file.
begin;

-- Bulk production import (DESIGN §7): up to 50,000 daily rows per call as a JSON array or CSV,
-- wells by id or by well number, idempotent upsert, and a report of every rejected row.
set local role wellflow_owner;

-- Never-raising parsers: a bad value becomes NULL and the row is rejected with a reason.
create function app.parse_date(value text) returns date
language sql immutable
set search_path = pg_catalog
as $$
    select case when value ~ '^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$' then
        case when substr(btrim(value), 1, 4)::int >= 1 and substr(btrim(value), 6, 2)::int between 1 and 12 then
            case when substr(btrim(value), 9, 2)::int between 1 and extract(day from
                     make_date(substr(btrim(value), 1, 4)::int, substr(btrim(value), 6, 2)::int, 1)
                     + interval '1 month - 1 day')
            then btrim(value)::date end
        end
    end
$$;
comment on function app.parse_date(text) is 'A YYYY-MM-DD calendar date, or NULL for anything else (never raises).';

create function app.parse_numeric(value text) returns numeric
language sql immutable
set search_path = pg_catalog
as $$ select case when value ~ '^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$' then btrim(value)::numeric end $$;
comment on function app.parse_numeric(text) is 'A plain decimal number, or NULL for anything else (never raises).';

-- One CSV line into its fields (RFC 4180 quoting within a line; "" is a quote).
create function app.csv_fields(line text) returns text[]
language sql immutable
set search_path = pg_catalog
as $$
    select case when strpos(line, '"') = 0 then string_to_array(line, ',')
    else (select array_agg(case when m[1] like '"%' then replace(substr(m[1], 2, length(m[1]) - 2), '""', '"')
                                else m[1] end order by n)
            from regexp_matches(line || ',', '("(?:[^"]|"")*"|[^,"]*),', 'g') with ordinality as t (m, n))
    end
$$;
comment on function app.csv_fields(text) is 'Splits one CSV line into fields, honouring double-quoted fields.';

create type app.import_mode as enum ('all_or_nothing', 'accept_valid');

create function api.import_production(rows jsonb default null, csv text default null,
                                      mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
as $$
declare
    allowed constant text[] := array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl',
        'hours_on', 'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'];
    header text[];
    unknown text;
    received integer;
    rejected jsonb;
    first_month date;
    last_month date;
    inserted integer := 0;
    updated integer := 0;
    valid integer;
    existing integer;
    changed integer;
begin
    if app.current_organization_id() is null then
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

    create temporary table if not exists import_input (line integer, item jsonb) on commit drop;
    truncate import_input;
    if rows is not null then
        insert into import_input select ordinality::int, value from jsonb_array_elements(rows) with ordinality;
    else
        -- Line 1 is the header; blank lines are skipped but keep their number for the report.
        with lines as (
            select ordinality::int as line, rtrim(text_line, E'\r') as text_line
              from regexp_split_to_table(csv, E'\n') with ordinality as l (text_line, ordinality))
        select app.csv_fields(lower(replace(text_line, ' ', ''))) into header from lines where line = 1;
        if header is null or header = '{""}' then
            perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'csv needs a header line naming its columns', 'csv',
                'well_number,production_date,oil_bbl,gas_mcf,water_bbl,hours_on');
        end if;
        insert into import_input
        select line, case when cardinality(fields) = cardinality(header) then jsonb_object(header, fields)
                          else jsonb_build_object('_columns', cardinality(fields)) end
          from (select ordinality::int as line, app.csv_fields(rtrim(text_line, E'\r')) as fields
                  from regexp_split_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
                 where ordinality > 1 and btrim(text_line, E' \r') <> '') parsed;
    end if;

    select count(*) into received from import_input;
    if received > 50000 then
        perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
            format('%s rows received; one call takes at most 50000', received), 'rows', 'Split the file by month or by wells');
    end if;
    select key into unknown
      from import_input, jsonb_object_keys(case when jsonb_typeof(item) = 'object' then item else '{}' end) key
     where key <> '_columns' and key <> all (allowed) limit 1;
    if unknown is not null then
        perform app.raise_error(400, 'WF_IMPORT_UNKNOWN_COLUMN', format('Unknown column %s', unknown), unknown,
            'Columns: ' || array_to_string(allowed, ', '));
    end if;

    create temporary table if not exists import_rows (
        line integer, well_id uuid, well_label text, production_date date, oil_bbl numeric, gas_mcf numeric,
        water_bbl numeric, hours_on numeric, choke_64ths integer, tubing_pressure_psi numeric,
        casing_pressure_psi numeric, downtime_reason text, code text, field text, message text) on commit drop;
    truncate import_rows;
    insert into import_rows
    with raw as (
        select i.line, i.item,
               nullif(btrim(i.item ->> 'well_id'), '') as well_id_text,
               nullif(btrim(i.item ->> 'well_number'), '') as well_number_text,
               i.item ->> 'production_date' as date_text,
               app.parse_date(i.item ->> 'production_date') as production_date,
               coalesce(app.parse_numeric(nullif(i.item ->> 'oil_bbl', '')), case when nullif(i.item ->> 'oil_bbl', '') is null then 0 end) as oil_bbl,
               coalesce(app.parse_numeric(nullif(i.item ->> 'gas_mcf', '')), case when nullif(i.item ->> 'gas_mcf', '') is null then 0 end) as gas_mcf,
               coalesce(app.parse_numeric(nullif(i.item ->> 'water_bbl', '')), case when nullif(i.item ->> 'water_bbl', '') is null then 0 end) as water_bbl,
               app.parse_numeric(nullif(i.item ->> 'hours_on', '')) as hours_on,
               app.parse_numeric(nullif(i.item ->> 'choke_64ths', '')) as choke_64ths,
               app.parse_numeric(nullif(i.item ->> 'tubing_pressure_psi', '')) as tubing_pressure_psi,
               app.parse_numeric(nullif(i.item ->> 'casing_pressure_psi', '')) as casing_pressure_psi,
               nullif(btrim(i.item ->> 'downtime_reason'), '') as downtime_reason
          from import_input i),
    resolved as (
        select r.*, coalesce(by_id.id, by_number.id) as well_id,
               coalesce(r.well_number_text, r.well_id_text) as well_label
          from raw r
          left join app.wells by_id
                 on r.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                and by_id.organization_id = app.current_organization_id()
                and by_id.id = case when r.well_id_text ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                                    then r.well_id_text::uuid end
          left join app.wells by_number
                 on r.well_id_text is null and by_number.organization_id = app.current_organization_id()
                and by_number.well_number = rpad(app.well_number_digits(r.well_number_text), 14, '0')),
    checked as (
        select r.*, c.code, c.field, c.message
          from resolved r
          left join lateral (
            select v.code, v.field, v.message from (values
                (1, jsonb_typeof(r.item) <> 'object', 'WF_IMPORT_NOT_AN_OBJECT', 'rows', 'Each row must be a JSON object'),
                (2, r.item ? '_columns', 'WF_IMPORT_COLUMN_COUNT', 'csv',
                    format('%s fields where the header names %s', r.item ->> '_columns', coalesce(cardinality(header), 0))),
                (3, r.well_id_text is null and r.well_number_text is null, 'WF_IMPORT_WELL_REQUIRED', 'well_number',
                    'Give the well_number or the well_id'),
                (4, r.well_id is null, 'WF_IMPORT_UNKNOWN_WELL', case when r.well_id_text is null then 'well_number' else 'well_id' end,
                    format('No well %s in this organization', coalesce(r.well_id_text, r.well_number_text))),
                (5, r.production_date is null, 'WF_IMPORT_BAD_DATE', 'production_date',
                    format('%s is not a date (YYYY-MM-DD)', coalesce(r.date_text, 'null'))),
                (6, r.production_date > current_date, 'WF_IMPORT_FUTURE_DATE', 'production_date',
                    format('%s is in the future', r.production_date)),
                (7, r.production_date < date '1900-01-01', 'WF_IMPORT_BAD_DATE', 'production_date', 'Dates start in 1900'),
                (8, r.oil_bbl is null, 'WF_IMPORT_NOT_A_NUMBER', 'oil_bbl', format('%s is not a number', r.item ->> 'oil_bbl')),
                (9, r.gas_mcf is null, 'WF_IMPORT_NOT_A_NUMBER', 'gas_mcf', format('%s is not a number', r.item ->> 'gas_mcf')),
                (10, r.water_bbl is null, 'WF_IMPORT_NOT_A_NUMBER', 'water_bbl', format('%s is not a number', r.item ->> 'water_bbl')),
                (11, r.oil_bbl < 0, 'WF_IMPORT_NEGATIVE_VOLUME', 'oil_bbl', format('oil_bbl %s is negative', r.oil_bbl)),
                (12, r.gas_mcf < 0, 'WF_IMPORT_NEGATIVE_VOLUME', 'gas_mcf', format('gas_mcf %s is negative', r.gas_mcf)),
                (13, r.water_bbl < 0, 'WF_IMPORT_NEGATIVE_VOLUME', 'water_bbl', format('water_bbl %s is negative', r.water_bbl)),
                (14, r.oil_bbl <> round(r.oil_bbl, 3) or r.gas_mcf <> round(r.gas_mcf, 3) or r.water_bbl <> round(r.water_bbl, 3),
                    'WF_IMPORT_PRECISION', case when r.oil_bbl <> round(r.oil_bbl, 3) then 'oil_bbl'
                                                when r.gas_mcf <> round(r.gas_mcf, 3) then 'gas_mcf' else 'water_bbl' end,
                    'Volumes carry at most 3 decimals'),
                (15, nullif(r.item ->> 'hours_on', '') is not null and r.hours_on is null, 'WF_IMPORT_NOT_A_NUMBER', 'hours_on',
                    format('%s is not a number', r.item ->> 'hours_on')),
                (16, r.hours_on not between 0 and 24 or r.hours_on <> round(r.hours_on, 2), 'WF_IMPORT_HOURS_RANGE', 'hours_on',
                    format('hours_on %s is outside 0-24 (2 decimals)', r.hours_on)),
                (17, nullif(r.item ->> 'choke_64ths', '') is not null
                    and (r.choke_64ths is null or r.choke_64ths <> trunc(r.choke_64ths) or r.choke_64ths not between 0 and 256),
                    'WF_IMPORT_CHOKE_RANGE', 'choke_64ths', format('choke_64ths %s is not a whole number of 64ths in 0-256',
                                                                   r.item ->> 'choke_64ths')),
                (18, nullif(r.item ->> 'tubing_pressure_psi', '') is not null
                    and (r.tubing_pressure_psi is null or r.tubing_pressure_psi < 0 or r.tubing_pressure_psi >= 50000
                         or r.tubing_pressure_psi <> round(r.tubing_pressure_psi, 1)),
                    'WF_IMPORT_PRESSURE_RANGE', 'tubing_pressure_psi', 'Pressures are 0-50000 psi with 1 decimal'),
                (19, nullif(r.item ->> 'casing_pressure_psi', '') is not null
                    and (r.casing_pressure_psi is null or r.casing_pressure_psi < 0 or r.casing_pressure_psi >= 50000
                         or r.casing_pressure_psi <> round(r.casing_pressure_psi, 1)),
                    'WF_IMPORT_PRESSURE_RANGE', 'casing_pressure_psi', 'Pressures are 0-50000 psi with 1 decimal'),
                (20, char_length(r.downtime_reason) > 200, 'WF_IMPORT_TOO_LONG', 'downtime_reason',
                    'downtime_reason has at most 200 characters')
            ) v (priority, failed, code, field, message)
             where v.failed
             order by v.priority
             limit 1) c on true)
    select line, well_id, well_label, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
           case when code is null then choke_64ths::integer end,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason, code, field, message
      from checked;

    -- The same well and day twice in one payload: the first occurrence wins, later ones are rejected.
    update import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'production_date',
           message = format('Line %s already has this well and day', d.first_line)
      from (select line, min(line) over (partition by well_id, production_date) as first_line
              from import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'production_date', production_date,
                                                 'code', code, 'field', field, 'message', message) order by line), '[]')
      into rejected
      from import_rows where code is not null;

    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
    end if;

    select min(production_date), max(production_date), count(*) into first_month, last_month, valid
      from import_rows where code is null;
    perform app.ensure_production_partitions(first_month, last_month);

    -- Rows whose well and day already exist become updates (or stay unchanged when equal).
    select count(*) into existing
      from import_rows r
      join app.production p on p.organization_id = app.current_organization_id() and p.well_id = r.well_id
                           and p.production_date = r.production_date
     where r.code is null;

    with upserted as (
        insert into app.production as p (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                         choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason)
        select app.current_organization_id(), well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
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
comment on function api.import_production(jsonb, text, app.import_mode) is
    'Imports up to 50,000 daily production rows: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). '
    'Wells by well_id or well_number; re-sending a day replaces it (omitted volumes are 0). '
    'mode all_or_nothing (default) imports nothing when any row is rejected and answers 422; accept_valid imports the valid rows. '
    'The answer counts inserted, updated and unchanged rows and lists every rejected row with its line, code, field and message.';

grant execute on function api.import_production(jsonb, text, app.import_mode) to wellflow_user;

commit;
