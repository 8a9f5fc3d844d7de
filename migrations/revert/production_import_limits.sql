-- Revert wellflow:production_import_limits from pg
-- The released layout step, without the size checks.
begin;
set local role wellflow_owner;

create or replace function app.production_import_layout(rows jsonb, csv text, out header_width integer, out positions integer[])
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    allowed constant text[] := array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl',
        'hours_on', 'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'];
    header text[];
    unknown text;
    received integer;
begin
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
        header_width := cardinality(header);
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

end
$$;
comment on function app.production_import_layout(jsonb, text) is
    'Import step 1: checks the payload''s shape, columns and size; the CSV header''s width and column positions.';

commit;
