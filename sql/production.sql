-- Daily production per well (DESIGN §7): a TimescaleDB hypertable when the extension is
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
                check (production_date >= date '1900-01-01' and production_date <= current_date),
            oil_bbl numeric not null default 0
                constraint production_oil_bbl_check check (oil_bbl >= 0 and oil_bbl < 'Infinity' and oil_bbl = round(oil_bbl, 3)),
            gas_mcf numeric not null default 0
                constraint production_gas_mcf_check check (gas_mcf >= 0 and gas_mcf < 'Infinity' and gas_mcf = round(gas_mcf, 3)),
            water_bbl numeric not null default 0
                constraint production_water_bbl_check check (water_bbl >= 0 and water_bbl < 'Infinity' and water_bbl = round(water_bbl, 3)),
            hours_on numeric
                constraint production_hours_on_check check (hours_on between 0 and 24 and hours_on = round(hours_on, 2)),
            choke_64ths integer constraint production_choke_64ths_check check (choke_64ths between 0 and 256),
            tubing_pressure_psi numeric
                constraint production_tubing_pressure_psi_check
                check (tubing_pressure_psi >= 0 and tubing_pressure_psi < 50000
                       and tubing_pressure_psi = round(tubing_pressure_psi, 1)),
            casing_pressure_psi numeric
                constraint production_casing_pressure_psi_check
                check (casing_pressure_psi >= 0 and casing_pressure_psi < 50000
                       and casing_pressure_psi = round(casing_pressure_psi, 1)),
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

-- Monthly partitions for [from_month, to_month]; rows already in the default partition for
-- those months move into the new partition. A no-op on the TimescaleDB path (chunks are
-- created on insert). Partitions get RLS enabled and forced with no policy and no grant:
-- only statements on app.production (which apply its policies) reach their rows.
create function app.ensure_production_partitions(from_month date, to_month date) returns integer
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

-- Twelve months back and twelve ahead at deploy; imports add older months as they need them,
-- and the daily production__ensure_partitions task keeps a year ahead.
select app.ensure_production_partitions((current_date - interval '12 months')::date,
                                        (current_date + interval '12 months')::date);

-- No declared foreign key to app.wells: it checks and key-share-locks the well once per row
-- (measured: 12 µs a row, as much as the insert itself). The well is enforced per statement
-- instead: this trigger names an unknown well with the foreign key's own error, and every
-- well-month lands in app.production_monthly_wells, whose real foreign key locks the well and
-- stops it from being deleted while it has production.
create function app.production_check_wells() returns trigger
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

create trigger production_check_wells_insert after insert on app.production
    referencing new table as new_rows
    for each statement execute function app.production_check_wells();
create trigger production_check_wells_update after update on app.production
    referencing new table as new_rows
    for each statement execute function app.production_check_wells();
create trigger production_set_updated_at before update on app.production
    for each row execute function app.set_updated_at();
create trigger production_require_production_writer before insert or update or delete on app.production
    for each statement execute function app.require_org_role('owner', 'admin', 'manager', 'engineer');
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
                and (select app.current_role_in('owner', 'admin', 'manager', 'engineer')));
-- TimescaleDB 2.19 fails UPDATE and DELETE through a view on a hypertable ("variable not found
-- in subplan target list") when the USING quals differ from the read policy's. So USING is the
-- tenant check alone on both paths; the role rule lives in WITH CHECK (update) and, for every
-- verb, in the production_require_production_writer statement trigger, which no web role can skip.
create policy production_writer_update on app.production
    for update
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'manager', 'engineer')));
create policy production_writer_delete on app.production
    for delete
    using (organization_id = (select app.current_organization_id()));

-- Only wellflow_api holds a grant (TimescaleDB copies it to every chunk; chunks live in
-- _timescaledb_internal, where no web, worker or analyst role has usage).
grant select, insert, update, delete on app.production to wellflow_api;
grant execute on function app.ensure_production_partitions(date, date) to wellflow_api, wellflow_user, wellflow_worker;
