-- Deploy wellflow:production_rollups to pg
-- Frozen copy of sql/production_rollups.sql as first released; later changes alter, never edit this file.
begin;

-- Monthly production rollups per well, lease, field and organization, kept current by
-- statement triggers on app.production in the same transaction as the change (DESIGN §7:
-- continuous aggregates refuse RLS tables, so these are ordinary RLS tables).
set local role wellflow_owner;

create table app.production_monthly_wells (
    organization_id uuid not null,
    well_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    primary key (organization_id, well_id, month),
    constraint production_monthly_wells_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id)
);
comment on table app.production_monthly_wells is 'Monthly production per well, maintained from app.production.';

create table app.production_monthly_leases (
    organization_id uuid not null,
    lease_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    primary key (organization_id, lease_id, month),
    constraint production_monthly_leases_lease_id_fkey foreign key (organization_id, lease_id)
        references app.leases (organization_id, id)
);
comment on table app.production_monthly_leases is
    'Monthly production per lease (sum of its wells; producing_days and reported_days are well-days).';

create table app.production_monthly_fields (
    organization_id uuid not null,
    field_id uuid not null,
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    primary key (organization_id, field_id, month),
    constraint production_monthly_fields_field_id_fkey foreign key (organization_id, field_id)
        references app.fields (organization_id, id)
);
comment on table app.production_monthly_fields is 'Monthly production per field (sum of its wells; days are well-days).';

create table app.production_monthly_organizations (
    organization_id uuid not null references app.organizations (id),
    month date not null,
    oil_bbl numeric not null,
    gas_mcf numeric not null,
    water_bbl numeric not null,
    producing_days integer not null,
    reported_days integer not null,
    primary key (organization_id, month)
);
comment on table app.production_monthly_organizations is 'Monthly production of the whole organization (days are well-days).';

-- Rows whose last daily row went away are deleted; these partial indexes find them cheaply.
create index production_monthly_wells_empty_idx on app.production_monthly_wells (organization_id) where reported_days = 0;
create index production_monthly_leases_empty_idx on app.production_monthly_leases (organization_id) where reported_days = 0;
create index production_monthly_fields_empty_idx on app.production_monthly_fields (organization_id) where reported_days = 0;
create index production_monthly_organizations_empty_idx on app.production_monthly_organizations (organization_id)
    where reported_days = 0;
create index production_monthly_wells_month_idx on app.production_monthly_wells (organization_id, month);

-- Adds signed amounts to one rollup: `source` yields (organization_id, [key,] month, oil_bbl,
-- gas_mcf, water_bbl, producing_days, reported_days); existing rows add them, new rows start
-- from them. Subtracting is adding negative amounts. key_column is NULL for the organization
-- rollup. Rows are written in key order so concurrent writers lock them in the same order.
create function app.production_rollup_add_sql(rollup text, key_column text, source text) returns text
language sql immutable
set search_path = pg_catalog
as $fn$
    select format($sql$
        insert into app.%1$I as t (organization_id, %2$s month, oil_bbl, gas_mcf, water_bbl, producing_days,
                                   reported_days)
        select * from (%3$s) s (organization_id, %2$s month, oil_bbl, gas_mcf, water_bbl, producing_days,
                                reported_days)
         order by organization_id, %2$s month
        on conflict (organization_id, %2$s month) do update
           set oil_bbl = t.oil_bbl + excluded.oil_bbl, gas_mcf = t.gas_mcf + excluded.gas_mcf,
               water_bbl = t.water_bbl + excluded.water_bbl,
               producing_days = t.producing_days + excluded.producing_days,
               reported_days = t.reported_days + excluded.reported_days$sql$,
        'production_monthly_' || rollup, case when key_column is not null then quote_ident(key_column) || ',' end,
        source)
$fn$;
comment on function app.production_rollup_add_sql(text, text, text) is
    'The statement adding signed amounts to one monthly rollup (wells, leases, fields or organizations).';

-- The statement that adds signed daily rows to every rollup: inserted rows count +1, deleted
-- rows -1, an update is its old row subtracted and its new row added. signed_rows is a query
-- over the statement's transition tables (new_rows, old_rows), which only the trigger
-- function itself can read, so the trigger executes the returned text.
create function app.production_rollups_sql(signed_rows text) returns text
language sql immutable
set search_path = pg_catalog, app
as $fn$
    select format($sql$
        with changes as (%s),
        well_deltas as (
            select organization_id, well_id, date_trunc('month', production_date)::date as month,
                   sum(sign * oil_bbl) as oil_bbl, sum(sign * gas_mcf) as gas_mcf, sum(sign * water_bbl) as water_bbl,
                   sum(sign * (oil_bbl > 0 or gas_mcf > 0)::int)::int as producing_days, sum(sign)::int as reported_days
              from changes group by 1, 2, 3),
        attributed as (
            select d.*, w.lease_id, w.field_id
              from well_deltas d join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id),
        wells as (%s),
        leases as (%s),
        fields as (%s)
        %s
        $sql$, signed_rows,
        app.production_rollup_add_sql('wells', 'well_id',
            'select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days'
            ' from well_deltas'),
        app.production_rollup_add_sql('leases', 'lease_id',
            'select organization_id, lease_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl),'
            ' sum(producing_days), sum(reported_days) from attributed where lease_id is not null group by 1, 2, 3'),
        app.production_rollup_add_sql('fields', 'field_id',
            'select organization_id, field_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl),'
            ' sum(producing_days), sum(reported_days) from attributed where field_id is not null group by 1, 2, 3'),
        app.production_rollup_add_sql('organizations', null,
            'select organization_id, month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl), sum(producing_days),'
            ' sum(reported_days) from well_deltas group by 1, 2'))
$fn$;
comment on function app.production_rollups_sql(text) is
    'The statement adding a set of signed daily production rows to the four monthly rollups.';

create function app.production_rollups_prune() returns void
language sql
set search_path = pg_catalog, app
as $$
    delete from app.production_monthly_wells where reported_days = 0;
    delete from app.production_monthly_leases where reported_days = 0;
    delete from app.production_monthly_fields where reported_days = 0;
    delete from app.production_monthly_organizations where reported_days = 0;
$$;
comment on function app.production_rollups_prune() is 'Deletes rollup rows whose last daily row went away.';

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

-- A well moved to another lease or field takes its monthly history along.
create function app.wells_move_production_rollups() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    -- The well's monthly rows, signed (%2$s is '-' or ''), attributed to a lease or field (%1$L).
    history constant text := 'select organization_id, %1$L::uuid, month, %2$s oil_bbl, %2$s gas_mcf, %2$s water_bbl,'
        ' %2$s producing_days, %2$s reported_days from app.production_monthly_wells'
        ' where organization_id = %3$L and well_id = %4$L';
    level record;
begin
    for level in select * from (values ('leases', 'lease_id', old.lease_id, new.lease_id),
                                       ('fields', 'field_id', old.field_id, new.field_id)) v (rollup, key_column, was, now)
                 where v.was is distinct from v.now
    loop
        if level.was is not null then  -- the well's history leaves its old lease or field ...
            execute app.production_rollup_add_sql(level.rollup, level.key_column,
                                                  format(history, level.was, '-', old.organization_id, old.id));
        end if;
        if level.now is not null then  -- ... and joins the new one
            execute app.production_rollup_add_sql(level.rollup, level.key_column,
                                                  format(history, level.now, '', old.organization_id, old.id));
        end if;
    end loop;
    perform app.production_rollups_prune();
    return null;
end
$$;
comment on function app.wells_move_production_rollups() is
    'Trigger on app.wells: moves a well''s monthly rollups to its new lease or field.';
create trigger wells_move_production_rollups after update of lease_id, field_id on app.wells
    for each row when (old.lease_id is distinct from new.lease_id or old.field_id is distinct from new.field_id)
    execute function app.wells_move_production_rollups();

alter table app.production_monthly_wells enable row level security;
alter table app.production_monthly_wells force row level security;
alter table app.production_monthly_leases enable row level security;
alter table app.production_monthly_leases force row level security;
alter table app.production_monthly_fields enable row level security;
alter table app.production_monthly_fields force row level security;
alter table app.production_monthly_organizations enable row level security;
alter table app.production_monthly_organizations force row level security;

-- Written only by the security-definer triggers above (as wellflow_owner, inside the tenant's
-- context); readers hold select through the api views.
create policy production_monthly_wells_tenant_all on app.production_monthly_wells
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_leases_tenant_all on app.production_monthly_leases
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_fields_tenant_all on app.production_monthly_fields
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy production_monthly_organizations_tenant_all on app.production_monthly_organizations
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.production_monthly_wells, app.production_monthly_leases, app.production_monthly_fields,
    app.production_monthly_organizations to wellflow_api, wellflow_worker;

commit;
