-- Daily production per well: a TimescaleDB hypertable when the extension is
-- present, native monthly range partitions otherwise. Same columns, rules and API on both.
set local role wellflow_owner;

do $do$
declare
    hypertable boolean := exists (select from pg_extension where extname = 'timescaledb');
begin
    execute format($ddl$
        create table app.production (
            organization_id uuid not null,
            well_id uuid not null,
            production_date date not null
                constraint production_production_date_check
                check (app.is_sane_date(production_date) and production_date <= current_date),
            oil_bbl numeric not null default 0
                constraint production_oil_bbl_check check (app.is_volume(oil_bbl)),
            gas_mcf numeric not null default 0
                constraint production_gas_mcf_check check (app.is_volume(gas_mcf)),
            water_bbl numeric not null default 0
                constraint production_water_bbl_check check (app.is_volume(water_bbl)),
            hours_on numeric
                constraint production_hours_on_check check (app.is_hours_on(hours_on)),
            choke_64ths integer constraint production_choke_64ths_check check (app.is_choke_64ths(choke_64ths)),
            tubing_pressure_psi numeric
                constraint production_tubing_pressure_psi_check
                check (app.is_pressure_psi(tubing_pressure_psi)),
            casing_pressure_psi numeric
                constraint production_casing_pressure_psi_check
                check (app.is_pressure_psi(casing_pressure_psi)),
            downtime_reason text
                constraint production_downtime_reason_check check (char_length(downtime_reason) between 1 and 200),
            created_at timestamptz not null default clock_timestamp(),
            updated_at timestamptz not null default clock_timestamp(),
            primary key (organization_id, well_id, production_date)
        ) %s
        $ddl$, case when hypertable then '' else 'partition by range (production_date)' end);
    if hypertable then
        -- TimescaleDB's internal functions lost PUBLIC execute to the deny-by-default privileges
        -- (the extension is created after them), so the superuser running the migration converts it.
        reset role;
        perform create_hypertable('app.production', by_range('production_date', interval '1 month'));
        set local role wellflow_owner;
    else
        -- Catches dates whose month has no partition yet; app.ensure_production_partitions
        -- moves such rows into their own partition.
        create table app.production_default partition of app.production default;
        alter table app.production_default enable row level security;
        alter table app.production_default force row level security;
    end if;
end
$do$;
comment on table app.production is
    'Daily volumes per well: oil and water in barrels, gas in mcf, hours on, choke, pressures, downtime reason.';
create index production_date_idx on app.production (organization_id, production_date);

-- Storage for app.production on the native path: one partition for the history before the
-- deployment's first month, monthly partitions from then on (the worker keeps a year ahead),
-- and the default partition for a day none covers (rows there are read and written like any
-- other). Web requests never create partitions: partition DDL locks the default partition
-- exclusively while it checks it, so it belongs to deployments and the worker. Partitions get
-- RLS enabled and forced with no grant: only statements on app.production (which apply its
-- policies) reach their rows.

-- The owner moves rows out of the default partition by name, so it reads and writes them there
-- (forced RLS applies to the owner too); statements on app.production never use this policy.
do $do$
begin
    if to_regclass('app.production_default') is not null then
        create policy production_default_owner_moves on app.production_default
            for all to wellflow_owner using (true) with check (true);
    end if;
end
$do$;

-- One partition of app.production for [lower, upper), named name; the rows of that range waiting
-- in the default partition move into it. Writes to the default partition wait while it runs.
create function app.create_production_partition(lower date, upper date, name text) returns void
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    lock table app.production_default in exclusive mode;
    execute format('create table app.%I (like app.production including defaults including constraints)', name);
    execute format($move$
        with moved as (delete from app.production_default
                       where production_date >= %L and production_date < %L returning *)
        insert into app.%I select * from moved$move$, lower, upper, name);
    execute format('alter table app.%I enable row level security', name);
    execute format('alter table app.%I force row level security', name);
    -- The bound as a constraint first: attaching then skips scanning the new partition.
    execute format('alter table app.%I add constraint %I check (production_date >= %L and production_date < %L)',
                   name, name || '_bound', lower, upper);
    execute format('alter table app.production attach partition app.%I for values from (%L) to (%L)',
                   name, lower, upper);
    execute format('alter table app.%I drop constraint %I', name, name || '_bound');
end
$$;
comment on function app.create_production_partition(date, date, text) is
    'Creates one partition of app.production for [lower, upper) and moves its waiting rows out of the default partition.';

-- The bounds of every partition of app.production but the default one.
create function app.production_partition_bounds() returns table (lower date, upper date)
language sql stable
set search_path = pg_catalog, app
as $$
    select b[1]::date, b[2]::date
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
     cross join lateral regexp_match(pg_get_expr(c.relpartbound, c.oid), $r$FROM \('([^']+)'\) TO \('([^']+)'\)$r$) b
     where i.inhparent = 'app.production'::regclass
$$;
comment on function app.production_partition_bounds() is
    'The [lower, upper) date range of each partition of app.production, the default one excepted (native path).';

-- Monthly partitions for [from_month, to_month], months some partition covers skipped. A no-op
-- on the TimescaleDB path (chunks are created on insert). For the worker and deployments: no web
-- role may call it.
create function app.ensure_production_partitions(from_month date, to_month date) returns integer
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    month date;
    created integer := 0;
begin
    if exists (select from pg_extension where extname = 'timescaledb')
       or from_month is null or to_month is null then
        return 0;
    end if;
    if to_month - from_month > 366 * 5 then
        perform app.raise_error(400, 'WF_PARTITION_RANGE', 'At most five years of monthly partitions at a time',
                                'production_date', null);
    end if;
    for month in
        select m::date from generate_series(date_trunc('month', from_month), date_trunc('month', to_month),
                                            interval '1 month') m
         where not exists (select from app.production_partition_bounds() b where m >= b.lower and m < b.upper)
    loop
        perform app.create_production_partition(month, (month + interval '1 month')::date,
                                                format('production_%s', to_char(month, 'YYYY"m"MM')));
        created := created + 1;
    end loop;
    return created;
end
$$;
comment on function app.ensure_production_partitions(date, date) is
    'Creates the monthly partitions of app.production for a range of months (native path); returns how many were created.';

-- History gets one partition: from 1900 (the first day app.is_sane_date accepts) to the first
-- month a partition already covers, at most to twelve months back; then monthly partitions to a
-- year ahead. The daily production__ensure_partitions task keeps a year ahead.
do $do$
declare
    history_end date;
begin
    if not exists (select from pg_extension where extname = 'timescaledb')
       and not exists (select from app.production_partition_bounds() where lower <= '1900-01-01') then
        select least(min(lower), date_trunc('month', current_date - interval '12 months')::date) into history_end
          from app.production_partition_bounds();
        perform app.create_production_partition('1900-01-01', history_end, 'production_history');
    end if;
end
$do$;
select app.ensure_production_partitions((current_date - interval '12 months')::date,
                                        (current_date + interval '12 months')::date);

-- The TimescaleDB path gets the same bounded history: two chunks, 1900-1970 and 1970 to twelve
-- months back (TimescaleDB aligns chunks to 1970 and cuts a new one short of existing ones), made
-- by a placeholder day inserted and deleted while the chunk interval spans the range. Triggers
-- are off for it (no well exists; nothing is audited); it needs the superuser.
reset role;
do $do$
declare
    placeholder constant uuid := '00000000-0000-0000-0000-000000000000';
    history_end constant date := date_trunc('month', current_date - interval '12 months')::date;
    day date;
begin
    if not exists (select from pg_extension where extname = 'timescaledb') then
        return;
    end if;
    perform set_config('session_replication_role', 'replica', true);
    foreach day in array array['1900-01-01', '1970-01-01']::date[] loop
        continue when exists (select from timescaledb_information.chunks
                               where hypertable_schema = 'app' and hypertable_name = 'production'
                                 and day >= range_start::date and day < range_end::date);
        perform set_chunk_time_interval('app.production',
                                        (case day when '1900-01-01' then '1970-01-01' else history_end end - day)
                                        * interval '1 day');
        insert into app.production (organization_id, well_id, production_date) values (placeholder, placeholder, day);
        delete from app.production where organization_id = placeholder;
    end loop;
    perform set_chunk_time_interval('app.production', interval '1 month');
    perform set_config('session_replication_role', 'origin', true);
end
$do$;
set local role wellflow_owner;

-- No declared foreign key to app.wells: it checks and key-share-locks the well once per row
-- (measured: 12 µs a row, as much as the insert itself). The well is enforced per statement
-- instead: this trigger names an unknown well with the foreign key's own error, and every
-- well-month lands in app.production_monthly_wells, whose real foreign key locks the well and
-- stops it from being deleted while it has production.
-- One look-up per distinct well of the statement, by the wells' primary key (a scalar subquery
-- runs as a parameterized probe whatever the statistics say): a transition table has none, and
-- joining it to wells bulk-created moments before (their statistics stale) nested-looped every new
-- row against every well of the organization, 182 million comparisons for 50 wells' ten years.
create function app.production_check_wells() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    offending record;
begin
    select c.organization_id, c.well_id, c.first_day, c.well[1] as spud_date, c.well is null as unknown
      into offending
      from (select n.organization_id, n.well_id, n.first_day,
                   (select array[w.spud_date] from app.wells w
                     where w.organization_id = n.organization_id and w.id = n.well_id) as well
              from (select organization_id, well_id, min(production_date) as first_day
                      from new_rows group by organization_id, well_id) n) c
     where c.well is null or c.first_day < c.well[1]
     order by c.well is null desc
     limit 1;
    if not found then
        return null;
    elsif offending.unknown then
        raise foreign_key_violation using
            message = 'insert or update on table "production" violates foreign key constraint "production_well_id_fkey"',
            detail = format('Key (organization_id, well_id)=(%s, %s) is not present in table "wells".',
                            offending.organization_id, offending.well_id),
            constraint = 'production_well_id_fkey', table = 'production', schema = 'app';
    end if;
    -- A well produces from its spud date on, when the date is known.
    raise check_violation using
        message = format('Production day %s is before the well''s spud date %s', offending.first_day,
                         offending.spud_date),
        detail = format('Well %s', offending.well_id),
        constraint = 'production_production_date_check', table = 'production', schema = 'app';
end
$$;
comment on function app.production_check_wells() is
    'Statement trigger: every production row names a well of its organization (foreign-key error otherwise) '
    'and is not before the well''s spud date.';

create trigger production_check_wells_insert after insert on app.production
    referencing new table as new_rows
    for each statement execute function app.production_check_wells();
create trigger production_check_wells_update after update on app.production
    referencing new table as new_rows
    for each statement execute function app.production_check_wells();
create trigger production_set_updated_at before update on app.production
    for each row execute function app.set_updated_at();
create trigger production_require_production_writer before insert or update or delete on app.production
    for each statement execute function app.require_org_role('asset_writers');
create trigger production_audit_insert after insert on app.production
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger production_audit_update after update on app.production
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.audit_statement_change('well_id');
create trigger production_audit_delete after delete on app.production
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('well_id');

alter table app.production enable row level security;
alter table app.production force row level security;

create policy production_tenant_read on app.production
    for select
    using (organization_id = (select app.current_organization_id()));
create policy production_writer_insert on app.production
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
-- TimescaleDB 2.19 fails UPDATE and DELETE through a view on a hypertable ("variable not found
-- in subplan target list") when the USING quals differ from the read policy's. So USING is the
-- tenant check alone on both paths; the role rule lives in WITH CHECK (update) and, for every
-- verb, in the production_require_production_writer statement trigger, which no web role can skip.
create policy production_writer_update on app.production
    for update
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy production_writer_delete on app.production
    for delete
    using (organization_id = (select app.current_organization_id()));

-- Only wellflow_api holds a grant (TimescaleDB copies it to every chunk; chunks live in
-- _timescaledb_internal, where no web, worker or analyst role has usage).
grant select, insert, update, delete on app.production to wellflow_api;
grant execute on function app.ensure_production_partitions(date, date) to wellflow_worker;

create function app.production_maintain_rollups() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    columns constant text := 'organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl';
begin
    execute app.production_rollups_sql(case tg_op
        when 'INSERT' then format('select 1 as sign, %s from new_rows', columns)
        when 'DELETE' then format('select -1 as sign, %s from old_rows', columns)
        else format('select 1 as sign, %1$s from new_rows union all select -1, %1$s from old_rows', columns)
    end);
    perform app.production_rollups_prune();
    return null;
end
$$;
comment on function app.production_maintain_rollups() is 'Statement trigger on app.production: keeps the monthly rollups current.';

create trigger production_rollups_insert after insert on app.production
    referencing new table as new_rows
    for each statement execute function app.production_maintain_rollups();
create trigger production_rollups_update after update on app.production
    referencing old table as old_rows new table as new_rows
    for each statement execute function app.production_maintain_rollups();
create trigger production_rollups_delete after delete on app.production
    referencing old table as old_rows
    for each statement execute function app.production_maintain_rollups();
-- Bulk production import: up to 50,000 daily rows per call as a JSON array or CSV,
-- wells by id or by well number, idempotent upsert, and a report of every rejected row.

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

create type app.import_mode as enum ('all_or_nothing', 'accept_valid');

-- The shape of a bulk import's payload, for every import (production, sales statements): one of
-- rows or csv, known columns only (a CSV header gives their positions), at most 50,000 rows, sizes
-- checked before anything is parsed. Raises the 400 or 413 the caller sees; example shows a row.
create function app.import_layout(rows jsonb, csv text, allowed text[], example text,
                                  out header_width integer, out positions integer[])
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    header text[];
    unknown text;
    received integer;
    long_line record;
begin
    if (rows is null) = (csv is null) then
        perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'Send either rows (a JSON array of objects) or csv (text)',
            'rows', 'Example: {"rows": [' || example || ']}');
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
        -- Sizes first, each found without parsing: 50,000 rows of the known columns fit in a few
        -- megabytes and lines of a few hundred characters, so anything far beyond is refused.
        if octet_length(csv) > 16 * 1024 * 1024 then
            perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
                format('csv has %s bytes; one call takes at most 16 MiB', octet_length(csv)), 'csv',
                'Split the file by month or by wells');
        end if;
        received := length(csv) - length(replace(csv, E'\n', ''));
        if received > 100000 then
            perform app.raise_error(413, 'WF_IMPORT_TOO_LARGE',
                format('csv has %s lines; one call takes at most 100000, blank ones included', received), 'csv',
                'Split the file by month or by wells');
        end if;
        select ordinality, octet_length(text_line) into long_line
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where octet_length(text_line) > 4000 limit 1;
        if found then
            perform app.raise_error(400, 'WF_IMPORT_LINE_TOO_LONG',
                format('Line %s has %s bytes; a line has at most 4000', long_line.ordinality, long_line.octet_length),
                'csv', null);
        end if;
        -- Line 1 is the header; blank lines are skipped but keep their number for the report.
        header := app.csv_fields(lower(replace(rtrim(split_part(csv, E'\n', 1), E'\r'), ' ', '')));
        if header is null or header = '{""}' then
            perform app.raise_error(400, 'WF_IMPORT_PAYLOAD', 'csv needs a header line naming its columns', 'csv',
                array_to_string(allowed, ','));
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
comment on function app.import_layout(jsonb, text, text[], text) is
    'Checks an import payload''s shape, columns and size; the CSV header''s width and the position of each allowed column.';

-- Every row of a checked payload as its fields in the order of columns, as trimmed text (empty is
-- null): from the JSON objects, or from the CSV lines by the header's positions. item keeps what the
-- report needs to describe a malformed row: a JSON value that is not an object, or a CSV line's
-- field count when it differs from the header's.
create function app.import_fields(rows jsonb, csv text, columns text[], header_width integer, positions integer[])
returns table (line integer, item jsonb, f text[])
language sql stable
set search_path = pg_catalog, app
as $$
    with csv_lines as materialized (
        select ordinality::int as line, app.csv_fields(rtrim(text_line, E'\r')) as fields
          from string_to_table(csv, E'\n') with ordinality as l (text_line, ordinality)
         where ordinality > 1 and btrim(text_line, E' \r') <> '')
    select line, case when cardinality(fields) <> header_width then jsonb_build_object('_columns', cardinality(fields)) end,
           array(select nullif(btrim(fields[p]), '') from unnest(positions) with ordinality as x (p, n) order by n)
      from csv_lines
    union all
    select ordinality::int, case when jsonb_typeof(value) <> 'object' then value end,
           array(select nullif(btrim(value ->> k), '') from unnest(columns) with ordinality as x (k, n) order by n)
      from jsonb_array_elements(case when jsonb_typeof(rows) = 'array' then rows end) with ordinality
$$;
comment on function app.import_fields(jsonb, text, text[], integer, integer[]) is
    'The rows of an import payload (JSON objects or CSV lines) as text fields in the order of the columns.';

-- An import with rejected rows in mode all_or_nothing writes nothing: its answer is 422 with the
-- report. Null when the import goes on.
create function app.import_refusal(mode app.import_mode, received integer, rejected jsonb) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
begin
    if mode = 'all_or_nothing' and jsonb_array_length(rejected) > 0 then
        perform set_config('response.status', '422', true);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', 0, 'updated', 0, 'unchanged', 0,
                                  'rejected', rejected,
                                  'message', format('%s of %s rows were rejected; nothing was imported',
                                                    jsonb_array_length(rejected), received));
    end if;
    return null;
end
$$;
comment on function app.import_refusal(app.import_mode, integer, jsonb) is
    'The 422 answer of an all_or_nothing import with rejected rows (setting the response status), or null.';

-- The import's steps, run by api.import_production as its owner: not executable by any web role.
-- 1. The payload's shape.
create function app.production_import_layout(rows jsonb, csv text, out header_width integer, out positions integer[])
language sql stable
set search_path = pg_catalog, app
as $$
    select l.header_width, l.positions
      from app.import_layout(rows, csv,
               array['well_id', 'well_number', 'production_date', 'oil_bbl', 'gas_mcf', 'water_bbl', 'hours_on',
                     'choke_64ths', 'tubing_pressure_psi', 'casing_pressure_psi', 'downtime_reason'],
               '{"well_number": "42-501-20130", "production_date": "2026-01-01", "oil_bbl": 120}') l
$$;
comment on function app.production_import_layout(jsonb, text) is
    'Import step 1: checks the payload''s shape, columns and size; the CSV header''s width and column positions.';

-- 2. The fast path. Answers the import's result, or NULL when any row was refused (nothing of the
--    attempt stays): then the careful path reports or upserts.
create function app.production_import_fast(organization uuid, rows jsonb, csv text, header_width integer,
                                           positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
begin
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
              from app.production_import_rows(organization, rows, csv, header_width, positions) r
            returning production_date)
        select count(*) into received from written;
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', received, 'updated', 0,
                                  'unchanged', 0, 'rejected', '[]'::jsonb);
    exception when integrity_constraint_violation or data_exception then
        return null;
    end;

end
$$;
comment on function app.production_import_fast(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 2: one plain insert of a valid load of new days; NULL when the table refused any row.';

-- 3. The per-row check: every row of the payload into the temporary table import_rows with the
--    first rule it breaks (code, field, message), a well and day that comes twice included.
--    Answers the number of rows received.
create function app.production_import_check(organization uuid, rows jsonb, csv text, header_width integer,
                                            positions integer[]) returns integer
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
begin
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: import_rows (line integer, well_id uuid, well_label text, production_date date, '
            'oil_bbl numeric, gas_mcf numeric, water_bbl numeric, hours_on numeric, choke_64ths integer, '
            'tubing_pressure_psi numeric, casing_pressure_psi numeric, downtime_reason text, code text, '
            'field text, message text)';
    -- The careful path: one statement checks every row and names the first rule each breaks.
    create temporary table if not exists import_rows (
        line integer, well_id uuid, well_label text, production_date date, oil_bbl numeric, gas_mcf numeric,
        water_bbl numeric, hours_on numeric, choke_64ths integer, tubing_pressure_psi numeric,
        casing_pressure_psi numeric, downtime_reason text, code text, field text, message text) on commit drop;
    truncate import_rows;
    insert into import_rows
    with staged as materialized (  -- each value once: the rules below refer to it several times
        select r.*, w.spud_date
          from app.production_import_rows(organization, rows, csv, header_width, positions) r
          left join app.wells w on w.organization_id = organization and w.id = r.well_id),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as materialized (  -- the reason once per row: the steps below refer to it several times
        select r.*,
               case
                   when jsonb_typeof(r.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT'  -- only CSV sets an object
                   when r.item is not null then 'WF_IMPORT_NOT_AN_OBJECT'
                   when r.well_id_text is null and r.well_number_text is null then 'WF_IMPORT_WELL_REQUIRED'
                   when r.well_id is null then 'WF_IMPORT_UNKNOWN_WELL'
                   when r.production_date is null then 'WF_IMPORT_BAD_DATE'
                   when r.production_date > current_date then 'WF_IMPORT_FUTURE_DATE'
                   when not app.is_sane_date(r.production_date) then 'WF_IMPORT_BAD_DATE'
                   when r.production_date < r.spud_date then 'WF_IMPORT_BEFORE_SPUD'
                   when r.oil_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:oil_bbl'
                   when r.gas_mcf is null then 'WF_IMPORT_NOT_A_NUMBER:gas_mcf'
                   when r.water_bbl is null then 'WF_IMPORT_NOT_A_NUMBER:water_bbl'
                   -- The table's own value rules (sql/core/value_rules.sql), split only to name the reason.
                   when not app.is_volume(r.oil_bbl) and r.oil_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:oil_bbl'
                   when not app.is_volume(r.gas_mcf) and r.gas_mcf < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:gas_mcf'
                   when not app.is_volume(r.water_bbl) and r.water_bbl < 0 then 'WF_IMPORT_NEGATIVE_VOLUME:water_bbl'
                   when not app.is_volume(r.oil_bbl) then 'WF_IMPORT_PRECISION:oil_bbl'
                   when not app.is_volume(r.gas_mcf) then 'WF_IMPORT_PRECISION:gas_mcf'
                   when not app.is_volume(r.water_bbl) then 'WF_IMPORT_PRECISION:water_bbl'
                   when r.hours_text is not null and r.hours_on is null then 'WF_IMPORT_NOT_A_NUMBER:hours_on'
                   when not app.is_hours_on(r.hours_on) then 'WF_IMPORT_HOURS_RANGE'
                   when r.choke_text is not null and not coalesce(app.is_choke_64ths(r.choke_64ths), false)
                        then 'WF_IMPORT_CHOKE_RANGE'
                   when r.tubing_text is not null and not coalesce(app.is_pressure_psi(r.tubing_pressure_psi), false)
                        then 'WF_IMPORT_PRESSURE_RANGE:tubing_pressure_psi'
                   when r.casing_text is not null and not coalesce(app.is_pressure_psi(r.casing_pressure_psi), false)
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
                   when 'WF_IMPORT_BEFORE_SPUD' then 'production_date'
                   when 'WF_IMPORT_HOURS_RANGE' then 'hours_on'
                   when 'WF_IMPORT_CHOKE_RANGE' then 'choke_64ths'
                   when 'WF_IMPORT_TOO_LONG' then 'downtime_reason'
                   else split_part(c.reason, ':', 2)
               end as field,
               case split_part(c.reason, ':', 1)
                   when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
                   when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s',
                                                             c.item ->> '_columns', coalesce(header_width, 0))
                   when 'WF_IMPORT_WELL_REQUIRED' then 'Give the well_number or the well_id'
                   when 'WF_IMPORT_UNKNOWN_WELL' then format('No well %s in this organization', c.well_label)
                   when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)',
                                                         coalesce(c.date_text, 'null'))
                   when 'WF_IMPORT_FUTURE_DATE' then format('%s is in the future', c.production_date)
                   when 'WF_IMPORT_BEFORE_SPUD' then format('%s is before the well''s spud date %s',
                                                            c.production_date, c.spud_date)
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

    return received;
end
$$;
comment on function app.production_import_check(uuid, jsonb, text, integer, integer[]) is
    'Import step 3: checks every row into import_rows with the first rule it breaks; answers the rows received.';

-- 4. The careful path: the rejected rows reported, the rest upserted (or, all or nothing, nothing
--    written when any row is rejected).
create function app.production_import_careful(organization uuid, rows jsonb, csv text, header_width integer,
                                              positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
    rejected jsonb;
    refusal jsonb;
    inserted integer := 0;
    updated integer := 0;
    valid integer;
begin
    -- plpgsql_check cannot see import_rows, which production_import_check creates; the pragma describes it.
    perform 'PRAGMA:TABLE: import_rows (line integer, well_id uuid, well_label text, production_date date, '
            'oil_bbl numeric, gas_mcf numeric, water_bbl numeric, hours_on numeric, choke_64ths integer, '
            'tubing_pressure_psi numeric, casing_pressure_psi numeric, downtime_reason text, code text, '
            'field text, message text)';
    received := app.production_import_check(organization, rows, csv, header_width, positions);
    -- Statistics on the working set, so the steps below are planned for its real size.
    analyze import_rows;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'well', well_label, 'production_date', production_date,
                                                 'code', code, 'field', field, 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from import_rows;

    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- One probe of the primary key per row, whatever the payload's shape: the upsert itself tells
    -- a new day from a replaced one (a new row's two stamps are the same statement time; an update
    -- restamps updated_at), and an equal day is not written at all.
    with upserted as (
        insert into app.production as p (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
                                         choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
                                         created_at, updated_at)
        select organization, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on,
               choke_64ths, tubing_pressure_psi, casing_pressure_psi, downtime_reason,
               statement_timestamp(), statement_timestamp()
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
        returning p.created_at = p.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.production_import_careful(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 4: the report of rejected rows, then the upsert of the valid ones with their counts.';

create function api.import_production(rows jsonb default null, csv text default null,
                                      mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set work_mem = '64MB'
set jit = off
as $$
declare
    organization uuid := app.current_organization_id();
    layout record;
    result jsonb;
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import production', null, null);
    end if;
    perform app.assert_org_role('import production', 'asset_writers');
    layout := app.production_import_layout(rows, csv);
    result := app.production_import_fast(organization, rows, csv, layout.header_width, layout.positions, mode);
    if result is null then
        result := app.production_import_careful(organization, rows, csv, layout.header_width, layout.positions, mode);
    end if;
    return result;
end
$$;
comment on function api.import_production(jsonb, text, app.import_mode) is
    'Imports up to 50,000 daily production rows: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). '
    'Wells by well_id or well_number; re-sending a day replaces it (omitted volumes are 0). '
    'mode all_or_nothing (default) imports nothing when any row is rejected and answers 422; accept_valid imports the valid rows. '
    'The answer counts inserted, updated and unchanged rows and lists every rejected row with its line, code, field and message.';

grant execute on function api.import_production(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.production as
    select organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on, choke_64ths,
           tubing_pressure_psi, casing_pressure_psi, downtime_reason, created_at, updated_at
      from app.production;
alter view api.production alter column organization_id set default app.current_organization_id();
comment on view api.production is
    'Daily production per well. Everyone reads; owners, admins, managers and engineers write. '
    'Bulk loads go through /rpc/import_production; single days through POST/PATCH/DELETE here.';
comment on column api.production.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.production.well_id is 'The well (see /wells).';
comment on column api.production.production_date is 'The production day; not in the future.';
comment on column api.production.oil_bbl is 'Oil, barrels (42 US gallons), >= 0, up to 3 decimals.';
comment on column api.production.gas_mcf is 'Gas, thousand cubic feet, >= 0, up to 3 decimals.';
comment on column api.production.water_bbl is 'Water, barrels, >= 0, up to 3 decimals.';
comment on column api.production.hours_on is 'Hours the well produced that day, 0-24.';
comment on column api.production.choke_64ths is 'Choke size in 64ths of an inch, 0-256.';
comment on column api.production.tubing_pressure_psi is 'Tubing pressure, psi.';
comment on column api.production.casing_pressure_psi is 'Casing pressure, psi.';
comment on column api.production.downtime_reason is 'Why the well was down, if it was (1-200 characters).';
comment on column api.production.created_at is 'When the day was first recorded.';
comment on column api.production.updated_at is 'When the day was last changed.';

grant select on api.production
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.production
    to wellflow_user;
-- A production row is one well's day: its well and date are its identity. Moving a row to another
-- day or well is a delete and an insert. TimescaleDB cannot move a row to another chunk by
-- UPDATE (an internal chunk constraint fails), so refusing it clearly keeps both storage paths alike.
set local role wellflow_owner;

create function app.production_keys_fixed() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if new.production_date is distinct from old.production_date or new.well_id is distinct from old.well_id then
        perform app.raise_error(400, 'WF_PRODUCTION_KEY_FIXED',
            'A production row''s well and day do not change', case when new.well_id is distinct from old.well_id
                                                                  then 'well_id' else 'production_date' end,
            'Delete the day and send it again with the right well and date');
    end if;
    return new;
end
$$;
comment on function app.production_keys_fixed() is 'Trigger: the well and day of a production row cannot be updated.';
grant execute on function app.production_keys_fixed() to wellflow_api, wellflow_worker, wellflow_user;

create trigger production_keys_fixed before update of production_date, well_id on app.production
    for each row execute function app.production_keys_fixed();

-- Statement trigger on production: queue the touched well-months and one validation job per organization.
create function app.production_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    organization uuid;
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select distinct c.organization_id, c.well_id, date_trunc('month', c.production_date)::date from changed_rows c
    on conflict do nothing;
    for organization in select distinct c.organization_id from changed_rows c loop
        perform app.defer_validation(organization);
    end loop;
    return null;
end
$$;
comment on function app.production_queue_validation() is
    'Statement trigger: queues the changed well-months and enqueues the organization''s validation job.';

create trigger production_queue_validation_after_insert after insert on app.production
    referencing new table as changed_rows
    for each statement execute function app.production_queue_validation();
create trigger production_queue_validation_after_update after update on app.production
    referencing new table as changed_rows
    for each statement execute function app.production_queue_validation();
create trigger production_queue_validation_after_delete after delete on app.production
    referencing old table as changed_rows
    for each statement execute function app.production_queue_validation();
