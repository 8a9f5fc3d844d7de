-- Revert wellflow:production_storage_bounded from pg
-- Restores the released functions and grants. The history partition's rows go back to the
-- default partition (the released import moved them into monthly partitions as it needed);
-- TimescaleDB's two history chunks stay: chunks are storage, not schema.
begin;
set local role wellflow_owner;

create or replace function app.ensure_production_partitions(from_month date, to_month date) returns integer
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    month date;
    partition_name text;
    created integer := 0;
begin
    if exists (select from pg_extension where extname = 'timescaledb')
       or from_month is null or to_month is null then
        return 0;
    end if;
    if to_month - from_month > 366 * 200 then
        perform app.raise_error(400, 'WF_PARTITION_RANGE', 'At most 200 years of partitions at a time', 'production_date', null);
    end if;
    -- Nothing to do (the usual case) must not take DDL locks.
    if not exists (select from generate_series(date_trunc('month', from_month), date_trunc('month', to_month),
                                               interval '1 month') m
                   where to_regclass(format('app.production_%s', to_char(m, 'YYYY"m"MM'))) is null) then
        return 0;
    end if;
    -- The owner is subject to forced RLS like everyone; lift it on the default partition
    -- while rows move (this transaction only: it is forced again below).
    alter table app.production_default no force row level security;
    for month in select generate_series(date_trunc('month', from_month), date_trunc('month', to_month), interval '1 month')::date
    loop
        partition_name := format('production_%s', to_char(month, 'YYYY"m"MM'));
        continue when to_regclass('app.' || partition_name) is not null;
        execute format('create table app.%I (like app.production including defaults including constraints)',
                       partition_name);
        execute format($move$
            with moved as (delete from app.production_default
                           where production_date >= %L and production_date < %L returning *)
            insert into app.%I select * from moved$move$, month, (month + interval '1 month')::date, partition_name);
        execute format('alter table app.%I enable row level security', partition_name);
        execute format('alter table app.%I force row level security', partition_name);
        execute format('alter table app.production attach partition app.%I for values from (%L) to (%L)',
                       partition_name, month, (month + interval '1 month')::date);
        created := created + 1;
    end loop;
    alter table app.production_default force row level security;
    return created;
end
$$;
comment on function app.ensure_production_partitions(date, date) is
    'Creates the monthly partitions of app.production for a range of months (native path); returns how many were created.';

create or replace function app.production_check_wells() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    missing record;
begin
    select n.organization_id, n.well_id into missing
      from (select distinct organization_id, well_id from new_rows) n
     where not exists (select from app.wells w where w.organization_id = n.organization_id and w.id = n.well_id)
     limit 1;
    if found then
        raise foreign_key_violation using
            message = 'insert or update on table "production" violates foreign key constraint "production_well_id_fkey"',
            detail = format('Key (organization_id, well_id)=(%s, %s) is not present in table "wells".',
                            missing.organization_id, missing.well_id),
            constraint = 'production_well_id_fkey', table = 'production', schema = 'app';
    end if;
    return null;
end
$$;
comment on function app.production_check_wells() is
    'Statement trigger: every production row names a well of its organization (foreign-key error otherwise).';

create or replace function app.production_import_fast(organization uuid, rows jsonb, csv text, header_width integer,
                                           positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
    first_month date;
    last_month date;
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
        select count(*), min(production_date), max(production_date) into received, first_month, last_month
          from written;
        -- Days of months without a partition wait in the default one until this moves them.
        perform app.ensure_production_partitions(first_month, last_month);
        return jsonb_build_object('mode', mode, 'received', received, 'inserted', received, 'updated', 0,
                                  'unchanged', 0, 'rejected', '[]'::jsonb);
    exception when integrity_constraint_violation or data_exception then
        return null;
    end;

end
$$;
comment on function app.production_import_fast(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 2: one plain insert of a valid load of new days; NULL when the table refused any row.';

create or replace function app.production_import_check(organization uuid, rows jsonb, csv text, header_width integer,
                                            positions integer[]) returns integer
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    received integer;
begin
    -- The careful path: one statement checks every row and names the first rule each breaks.
    create temporary table if not exists import_rows (
        line integer, well_id uuid, well_label text, production_date date, oil_bbl numeric, gas_mcf numeric,
        water_bbl numeric, hours_on numeric, choke_64ths integer, tubing_pressure_psi numeric,
        casing_pressure_psi numeric, downtime_reason text, code text, field text, message text) on commit drop;
    truncate import_rows;
    insert into import_rows
    with staged as materialized (  -- each value once: the rules below refer to it several times
        select * from app.production_import_rows(organization, rows, csv, header_width, positions)),
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

create or replace function app.production_import_careful(organization uuid, rows jsonb, csv text, header_width integer,
                                              positions integer[], mode app.import_mode) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
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
    received := app.production_import_check(organization, rows, csv, header_width, positions);

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
comment on function app.production_import_careful(uuid, jsonb, text, integer, integer[], app.import_mode) is
    'Import step 4: the report of rejected rows, then the upsert of the valid ones with their counts.';

create or replace function app.wells_queue_validation() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.production_validation_queue (organization_id, well_id, month)
    select new.organization_id, new.id, m::date
      from generate_series(date_trunc('month', least(old.status_date, new.status_date)),
                           date_trunc('month', current_date), interval '1 month') m
    on conflict do nothing;
    perform app.defer_job_once('validation', 'production__validate',
        jsonb_build_object('organization_id', new.organization_id), 'production__validate:' || new.organization_id);
    return null;
end
$$;
comment on function app.wells_queue_validation() is
    'Trigger: a well''s new status or status date queues its months since then for validation.';

grant execute on function app.ensure_production_partitions(date, date) to wellflow_api, wellflow_user;
drop function app.production_partition_bounds();
drop function app.create_production_partition(date, date, text);

reset role;
do $do$
begin
    if to_regclass('app.production_history') is not null then
        alter table app.production detach partition app.production_history;
        insert into app.production_default select * from app.production_history;
        drop table app.production_history;
    end if;
    if to_regclass('app.production_default') is not null then
        drop policy production_default_owner_moves on app.production_default;
    end if;
end
$do$;
commit;
