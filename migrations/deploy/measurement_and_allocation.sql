-- Deploy wellflow:measurement_and_allocation to pg
-- Measurement points (tank batteries, LACT units, gas meters) and the wells flowing to them; run
-- tickets with their API MPMS 11.1 net standard volume; meter statements; dispositions; allocation of
-- each point's month to its wells by well test, and reports that file the allocated volumes.
begin;

-- Measurement points: where production is measured, not at the well but where wells flow together.
-- Oil is gauged and sold from a tank battery (run tickets) or through a LACT unit; gas and water are
-- metered at the battery or at a gas meter (meter statements). The wells flowing to each point over
-- time are app.measurement_point_wells; app.allocations spreads what a point measured back to them.
set local role wellflow_owner;

create type app.measurement_point_kind as enum ('tank_battery', 'lact_unit', 'gas_meter');

create table app.measurement_points (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    name text not null constraint measurement_points_name_check check (char_length(btrim(name)) between 1 and 200),
    kind app.measurement_point_kind not null,
    lease_id uuid,
    -- The operator's or the purchaser's number of the meter or battery.
    meter_number text constraint measurement_points_meter_number_check check (meter_number ~ '^\S{1,40}$'),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint measurement_points_name_key unique (organization_id, name),
    constraint measurement_points_lease_id_fkey foreign key (organization_id, lease_id)
        references app.leases (organization_id, id)
);
comment on table app.measurement_points is 'Tank batteries, LACT units and gas meters where wells'' production is measured.';
create index measurement_points_lease_id_idx on app.measurement_points (organization_id, lease_id) where lease_id is not null;

create trigger measurement_points_set_updated_at before update on app.measurement_points
    for each row execute function app.set_updated_at();
create trigger measurement_points_audit after insert or update or delete on app.measurement_points
    for each row execute function app.audit_change();
create trigger measurement_points_require_asset_writer before insert or update or delete on app.measurement_points
    for each statement execute function app.require_org_role('asset_writers');

alter table app.measurement_points enable row level security;
alter table app.measurement_points force row level security;
create policy measurement_points_tenant_read on app.measurement_points
    for select
    using (organization_id = (select app.current_organization_id()));
create policy measurement_points_asset_writer_write on app.measurement_points
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.measurement_points to wellflow_api;
grant select on app.measurement_points to wellflow_worker;
set local role wellflow_api;

create view api.measurement_points as
    select organization_id, id, name, kind, lease_id, meter_number, created_at, updated_at
      from app.measurement_points;
alter view api.measurement_points alter column organization_id set default app.current_organization_id();
comment on view api.measurement_points is
    'Where production is measured: tank batteries and LACT units (oil, by run tickets) and gas meters (meter statements); a '
    'battery''s own gas and water meters report on it too. Wells flow to them over time (/measurement_point_wells). Everyone '
    'reads; owners, admins, managers and engineers write.';
comment on column api.measurement_points.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.measurement_points.id is 'Measurement point id (UUID v7).';
comment on column api.measurement_points.name is 'Name, unique in the organization, 1-200 characters.';
comment on column api.measurement_points.kind is 'tank_battery, lact_unit or gas_meter.';
comment on column api.measurement_points.lease_id is 'The lease it serves (see /leases), if one.';
comment on column api.measurement_points.meter_number is 'The meter''s or battery''s number, 1-40 characters without spaces.';
comment on column api.measurement_points.created_at is 'When it was created.';
comment on column api.measurement_points.updated_at is 'When it was last changed.';
grant select on api.measurement_points to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.measurement_points to wellflow_user;

-- Which wells flow to which measurement point, over effective-dated periods: a well flows to one
-- point at a time, so a month's allocation knows its wells.
set local role wellflow_owner;

create table app.measurement_point_wells (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    well_id uuid not null,
    effective_from date not null
        constraint measurement_point_wells_effective_from_check check (app.is_sane_date(effective_from)),
    -- Last day (inclusive); empty while it still flows there.
    effective_to date,
    -- An end before the start is clamped here so that the named check, not a range error, refuses it.
    effective daterange generated always as (daterange(
        effective_from, case when effective_to < effective_from then effective_from else effective_to end, '[]')) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint measurement_point_wells_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id) on delete cascade,
    constraint measurement_point_wells_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id),
    constraint measurement_point_wells_effective_to_check check (
        app.is_sane_date(effective_to) and effective_to >= effective_from),
    constraint measurement_point_wells_effective_excl exclude using gist (
        organization_id with =, well_id with =, effective with &&)
);
comment on table app.measurement_point_wells is 'The wells flowing to each measurement point, with the dates they did.';
create index measurement_point_wells_point_idx on app.measurement_point_wells (organization_id, measurement_point_id);

create trigger measurement_point_wells_set_updated_at before update on app.measurement_point_wells
    for each row execute function app.set_updated_at();
create trigger measurement_point_wells_audit after insert or update or delete on app.measurement_point_wells
    for each row execute function app.audit_change();
create trigger measurement_point_wells_require_asset_writer before insert or update or delete on app.measurement_point_wells
    for each statement execute function app.require_org_role('asset_writers');

alter table app.measurement_point_wells enable row level security;
alter table app.measurement_point_wells force row level security;
create policy measurement_point_wells_tenant_read on app.measurement_point_wells
    for select
    using (organization_id = (select app.current_organization_id()));
create policy measurement_point_wells_asset_writer_write on app.measurement_point_wells
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.measurement_point_wells to wellflow_api;
grant select on app.measurement_point_wells to wellflow_worker;
set local role wellflow_api;

create view api.measurement_point_wells as
    select organization_id, id, measurement_point_id, well_id, effective_from, effective_to, created_at, updated_at
      from app.measurement_point_wells;
alter view api.measurement_point_wells alter column organization_id set default app.current_organization_id();
comment on view api.measurement_point_wells is
    'Which wells flow to which measurement point, and when; a well flows to one point at a time (overlapping periods are '
    'refused). Everyone reads; owners, admins, managers and engineers write.';
comment on column api.measurement_point_wells.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.measurement_point_wells.id is 'Id (UUID v7).';
comment on column api.measurement_point_wells.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.measurement_point_wells.well_id is 'The well (see /wells).';
comment on column api.measurement_point_wells.effective_from is 'First day the well flowed there.';
comment on column api.measurement_point_wells.effective_to is 'Last day (inclusive); empty while it still does.';
comment on column api.measurement_point_wells.created_at is 'When it was created.';
comment on column api.measurement_point_wells.updated_at is 'When it was last changed.';
grant select on api.measurement_point_wells to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.measurement_point_wells to wellflow_user;

-- Run tickets: each load of oil gauged out of a tank battery (or metered through a LACT unit) into a
-- purchaser's truck or pipeline. The ticket's gross observed volume becomes the net standard volume
-- (60 °F, free of sediment and water) the purchaser pays for: either as written on the ticket, or
-- derived here by the API MPMS Chapter 11.1 volume correction for crude oil and the BS&W deduction.
set local role wellflow_owner;

-- The temperature correction factor (CTL) of crude oil from its API gravity at 60 °F and its observed
-- temperature, API MPMS Chapter 11.1 (the crude-oil table 6A relation): density at 60 °F
-- rho = 141.5 / (API + 131.5) x 999.016 kg/m3, thermal expansion alpha = 341.0957 / rho^2 (K0 of
-- crude oil, K1 = 0), and CTL = exp(-alpha dT (1 + 0.8 alpha dT)) with dT = T - 60 °F, rounded to 5
-- decimals as the standard rounds it.
create function app.crude_oil_ctl(api_gravity numeric, temperature_f numeric) returns numeric
language sql immutable parallel safe
as $$
    select round(exp(-alpha * delta * (1 + 0.8 * alpha * delta))::numeric, 5)
      from (select 341.0957 / power(141.5 / (api_gravity::double precision + 131.5) * 999.016, 2) as alpha,
                   temperature_f::double precision - 60 as delta) x
$$;
comment on function app.crude_oil_ctl(numeric, numeric) is
    'Crude oil temperature correction factor to 60 °F from API gravity and observed °F (API MPMS Chapter 11.1), 5 decimals.';
grant execute on function app.crude_oil_ctl(numeric, numeric) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

create table app.run_tickets (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    ticket_number text not null constraint run_tickets_ticket_number_check check (ticket_number ~ '^\S{1,40}$'),
    ticket_date date not null constraint run_tickets_ticket_date_check check (app.is_sane_date(ticket_date)),
    purchaser_company_id uuid,
    -- Gross observed volume, barrels, as gauged or metered.
    gross_volume numeric not null
        constraint run_tickets_gross_volume_check check (gross_volume > 0 and gross_volume < 10000000
                                                         and gross_volume = round(gross_volume, 2)),
    observed_temperature_f numeric not null
        constraint run_tickets_observed_temperature_f_check check (observed_temperature_f between -58 and 302
                                                                   and observed_temperature_f = round(observed_temperature_f, 1)),
    -- API gravity corrected to 60 °F.
    api_gravity numeric not null
        constraint run_tickets_api_gravity_check check (api_gravity > 0 and api_gravity <= 100
                                                        and api_gravity = round(api_gravity, 1)),
    -- Basic sediment and water, percent of the volume.
    bsw_percent numeric not null default 0
        constraint run_tickets_bsw_percent_check check (bsw_percent >= 0 and bsw_percent < 100
                                                        and bsw_percent = round(bsw_percent, 2)),
    -- Written by app.run_tickets_correct_volume: the CTL, and the net standard volume (the ticket's, or
    -- gross x CTL less BS&W when the ticket gives none).
    ctl numeric not null default 1,
    net_standard_volume numeric
        constraint run_tickets_net_standard_volume_check check (net_standard_volume >= 0 and net_standard_volume < 10000000
                                                                and net_standard_volume = round(net_standard_volume, 2)),
    net_volume_derived boolean not null default false,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint run_tickets_ticket_number_key unique (organization_id, measurement_point_id, ticket_number),
    constraint run_tickets_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint run_tickets_purchaser_company_id_fkey foreign key (organization_id, purchaser_company_id)
        references app.companies (organization_id, id)
);
comment on table app.run_tickets is 'Oil run tickets: gross observed volume, temperature, gravity, BS&W and the net standard volume.';
create index run_tickets_point_date_idx on app.run_tickets (organization_id, measurement_point_id, ticket_date);

-- A ticket without a net volume gets one derived: gross x CTL, to the hundredth (the gross standard
-- volume), less its BS&W share, to the hundredth; a derived volume follows later changes of the
-- ticket, a written one stays as written.
create function app.run_tickets_correct_volume() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    -- Out-of-range inputs are left to the table's checks, which name the column.
    if not (new.api_gravity > 0 and new.api_gravity <= 100 and new.observed_temperature_f between -58 and 302
            and new.gross_volume > 0 and new.gross_volume < 10000000 and new.bsw_percent >= 0 and new.bsw_percent < 100) then
        return new;
    end if;
    new.ctl := app.crude_oil_ctl(new.api_gravity, new.observed_temperature_f);
    if new.net_standard_volume is null
       or tg_op = 'UPDATE' and old.net_volume_derived and new.net_standard_volume = old.net_standard_volume then
        new.net_standard_volume := round(round(new.gross_volume * new.ctl, 2) * (1 - new.bsw_percent / 100), 2);
        new.net_volume_derived := true;
    else
        new.net_volume_derived := false;
    end if;
    return new;
end
$$;
comment on function app.run_tickets_correct_volume() is
    'Trigger: the ticket''s CTL, and its net standard volume when the ticket gives none (API MPMS 11.1, less BS&W).';

create trigger run_tickets_correct_volume before insert or update on app.run_tickets
    for each row execute function app.run_tickets_correct_volume();
create trigger run_tickets_set_updated_at before update on app.run_tickets
    for each row execute function app.set_updated_at();
create trigger run_tickets_audit after insert or update or delete on app.run_tickets
    for each row execute function app.audit_change();
create trigger run_tickets_require_asset_writer before insert or update or delete on app.run_tickets
    for each statement execute function app.require_org_role('asset_writers');

alter table app.run_tickets enable row level security;
alter table app.run_tickets force row level security;
create policy run_tickets_tenant_read on app.run_tickets
    for select
    using (organization_id = (select app.current_organization_id()));
create policy run_tickets_asset_writer_write on app.run_tickets
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.run_tickets to wellflow_api;
grant select on app.run_tickets to wellflow_worker;

-- The run ticket import, like the production import: every row checked and rejected with the first
-- rule it breaks, then the valid ones upserted by point and ticket number (re-sending a ticket
-- replaces it; an equal one is not written).
create function app.run_tickets_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['measurement_point_id', 'measurement_point_name', 'ticket_number', 'ticket_date',
        'purchaser_company_id', 'purchaser_name', 'gross_volume', 'observed_temperature_f', 'api_gravity', 'bsw_percent',
        'net_standard_volume'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"measurement_point_name": "Mesa Battery 1", "ticket_number": "T-1001", "ticket_date": "2024-06-08", '
        '"gross_volume": 180.25, "observed_temperature_f": 78.5, "api_gravity": 40.2, "bsw_percent": 0.3}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: ticket_import_rows (line integer, point_label text, measurement_point_id uuid, '
            'ticket_number text, ticket_date date, purchaser_company_id uuid, gross_volume numeric, '
            'observed_temperature_f numeric, api_gravity numeric, bsw_percent numeric, net_standard_volume numeric, '
            'code text, field text, message text)';
    create temporary table if not exists ticket_import_rows (
        line integer, point_label text, measurement_point_id uuid, ticket_number text, ticket_date date,
        purchaser_company_id uuid, gross_volume numeric, observed_temperature_f numeric, api_gravity numeric,
        bsw_percent numeric, net_standard_volume numeric, code text, field text, message text) on commit drop;
    truncate ticket_import_rows;

    insert into ticket_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    parsed as materialized (
        select i.line, i.item, i.f[1] as point_id_text, i.f[2] as point_name, i.f[3] as ticket_number,
               i.f[4] as date_text, i.f[5] as purchaser_id_text, i.f[6] as purchaser_name,
               array[i.f[7], i.f[8], i.f[9], i.f[10], i.f[11]] as number_texts,
               array[app.parse_numeric(i.f[7]), app.parse_numeric(i.f[8]), app.parse_numeric(i.f[9]),
                     app.parse_numeric(i.f[10]), app.parse_numeric(i.f[11])] as numbers,
               app.parse_date(i.f[4]) as ticket_date,
               coalesce(point_by_id.id, point_by_name.id) as measurement_point_id,
               coalesce(i.f[2], i.f[1]) as point_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from input i
          left join app.measurement_points point_by_id
                 on i.f[1] ~* uuid_pattern and point_by_id.organization_id = organization
                and point_by_id.id = case when i.f[1] ~* uuid_pattern then i.f[1]::uuid end
          left join app.measurement_points point_by_name
                 on i.f[1] is null and point_by_name.organization_id = organization and point_by_name.name = i.f[2]
          left join app.companies purchaser_by_id
                 on i.f[5] ~* uuid_pattern and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when i.f[5] ~* uuid_pattern then i.f[5]::uuid end
          left join app.companies purchaser_by_name
                 on i.f[5] is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = i.f[6]),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.point_id_text is null and p.point_name is null
                        then 'WF_IMPORT_POINT_REQUIRED:measurement_point_name'
                   when p.measurement_point_id is null then 'WF_IMPORT_UNKNOWN_POINT:'
                        || case when p.point_id_text is null then 'measurement_point_name' else 'measurement_point_id' end
                   when p.ticket_number is null or p.ticket_number !~ '^\S{1,40}$' then 'WF_IMPORT_BAD_TICKET:ticket_number'
                   when p.ticket_date is null or not app.is_sane_date(p.ticket_date) then 'WF_IMPORT_BAD_DATE:ticket_date'
                   when p.ticket_date > current_date then 'WF_IMPORT_FUTURE_DATE:ticket_date'
                   when (p.purchaser_id_text is not null or p.purchaser_name is not null) and p.purchaser_company_id is null
                        then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
                   when p.number_texts[1] is null or p.numbers[1] is null then 'WF_IMPORT_NOT_A_NUMBER:gross_volume'
                   when not (p.numbers[1] > 0 and p.numbers[1] < 10000000 and p.numbers[1] = round(p.numbers[1], 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:gross_volume'
                   when p.number_texts[2] is null or p.numbers[2] is null then 'WF_IMPORT_NOT_A_NUMBER:observed_temperature_f'
                   when not (p.numbers[2] between -58 and 302 and p.numbers[2] = round(p.numbers[2], 1))
                        then 'WF_IMPORT_OUT_OF_RANGE:observed_temperature_f'
                   when p.number_texts[3] is null or p.numbers[3] is null then 'WF_IMPORT_NOT_A_NUMBER:api_gravity'
                   when not (p.numbers[3] > 0 and p.numbers[3] <= 100 and p.numbers[3] = round(p.numbers[3], 1))
                        then 'WF_IMPORT_OUT_OF_RANGE:api_gravity'
                   when p.number_texts[4] is not null and p.numbers[4] is null then 'WF_IMPORT_NOT_A_NUMBER:bsw_percent'
                   when not (coalesce(p.numbers[4], 0) >= 0 and coalesce(p.numbers[4], 0) < 100
                             and coalesce(p.numbers[4], 0) = round(coalesce(p.numbers[4], 0), 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:bsw_percent'
                   when p.number_texts[5] is not null and p.numbers[5] is null then 'WF_IMPORT_NOT_A_NUMBER:net_standard_volume'
                   when p.numbers[5] is not null and not (p.numbers[5] >= 0 and p.numbers[5] < 10000000
                                                          and p.numbers[5] = round(p.numbers[5], 2))
                        then 'WF_IMPORT_OUT_OF_RANGE:net_standard_volume'
                   -- Below 60 °F the correction is above 1: a gross volume near the limit can derive a net one over it.
                   when p.numbers[5] is null
                        and round(round(p.numbers[1] * app.crude_oil_ctl(p.numbers[3], p.numbers[2]), 2)
                                  * (1 - coalesce(p.numbers[4], 0) / 100), 2) >= 10000000
                        then 'WF_IMPORT_NET_TOO_LARGE:gross_volume'
               end as reason
          from parsed p)
    select c.line, c.point_label, c.measurement_point_id, c.ticket_number, c.ticket_date, c.purchaser_company_id,
           c.numbers[1], c.numbers[2], c.numbers[3], coalesce(c.numbers[4], 0), c.numbers[5],
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_POINT_REQUIRED' then 'Give the measurement_point_name or the measurement_point_id'
               when 'WF_IMPORT_UNKNOWN_POINT' then format('No measurement point %s in this organization', c.point_label)
               when 'WF_IMPORT_BAD_TICKET' then 'ticket_number is 1-40 characters without spaces'
               when 'WF_IMPORT_BAD_DATE' then format('%s is not a date (YYYY-MM-DD, from 1900)', coalesce(c.date_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s is after today', c.ticket_date)
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(
                   c.number_texts[array_position(array['gross_volume', 'observed_temperature_f', 'api_gravity', 'bsw_percent',
                                                       'net_standard_volume'], split_part(c.reason, ':', 2))], 'null'))
               when 'WF_IMPORT_NET_TOO_LARGE' then
                   'The net standard volume derived from gross_volume at this temperature is 10,000,000 barrels or more'
               when 'WF_IMPORT_OUT_OF_RANGE' then case split_part(c.reason, ':', 2)
                   when 'gross_volume' then 'gross_volume is above 0 and under 10,000,000 barrels, 2 decimals'
                   when 'observed_temperature_f' then 'observed_temperature_f is from -58 to 302 °F, 1 decimal'
                   when 'api_gravity' then 'api_gravity is above 0 and at most 100, 1 decimal'
                   when 'bsw_percent' then 'bsw_percent is from 0 to under 100, 2 decimals'
                   else 'net_standard_volume is from 0 to under 10,000,000 barrels, 2 decimals' end
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same ticket twice in one payload: the first valid occurrence wins.
    update ticket_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'ticket_number',
           message = format('Line %s already has this point and ticket number', d.first_line)
      from (select line, min(line) over (partition by measurement_point_id, ticket_number) as first_line
              from ticket_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'measurement_point', point_label,
                                                 'ticket_number', ticket_number, 'code', code, 'field', field,
                                                 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from ticket_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    -- A ticket sent without a net volume gets it derived, and keeps deriving it (null lets the
    -- trigger derive it again from the new figures).
    with upserted as (
        insert into app.run_tickets as t (organization_id, measurement_point_id, ticket_number, ticket_date,
                                          purchaser_company_id, gross_volume, observed_temperature_f, api_gravity,
                                          bsw_percent, net_standard_volume, created_at, updated_at)
        select organization, measurement_point_id, ticket_number, ticket_date, purchaser_company_id, gross_volume,
               observed_temperature_f, api_gravity, bsw_percent, net_standard_volume, statement_timestamp(),
               statement_timestamp()
          from ticket_import_rows where code is null
         order by measurement_point_id, ticket_number
        on conflict (organization_id, measurement_point_id, ticket_number) do update
           set ticket_date = excluded.ticket_date, purchaser_company_id = excluded.purchaser_company_id,
               gross_volume = excluded.gross_volume, observed_temperature_f = excluded.observed_temperature_f,
               api_gravity = excluded.api_gravity, bsw_percent = excluded.bsw_percent,
               net_standard_volume = case when excluded.net_volume_derived then null else excluded.net_standard_volume end
         where (t.ticket_date, t.purchaser_company_id, t.gross_volume, t.observed_temperature_f, t.api_gravity,
                t.bsw_percent, t.net_standard_volume, t.net_volume_derived)
               is distinct from
               (excluded.ticket_date, excluded.purchaser_company_id, excluded.gross_volume, excluded.observed_temperature_f,
                excluded.api_gravity, excluded.bsw_percent, excluded.net_standard_volume, excluded.net_volume_derived)
        returning t.created_at = t.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.run_tickets_import(uuid, jsonb, text, app.import_mode) is
    'The run ticket import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';

create function api.import_run_tickets(rows jsonb default null, csv text default null,
                                       mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set jit = off
as $$
declare
    organization uuid := app.current_organization_id();
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import run tickets', null, null);
    end if;
    perform app.assert_org_role('import run tickets', 'asset_writers');
    return app.run_tickets_import(organization, rows, csv, mode);
end
$$;
comment on function api.import_run_tickets(jsonb, text, app.import_mode) is
    'Imports up to 50,000 run tickets: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). Columns: '
    'measurement_point_id or measurement_point_name, ticket_number, ticket_date, purchaser_company_id or purchaser_name '
    '(optional), gross_volume, observed_temperature_f, api_gravity (at 60 °F), bsw_percent (default 0) and '
    'net_standard_volume (optional: derived by API MPMS 11.1 when left out). Re-sending a point''s ticket number replaces '
    'it. mode all_or_nothing (default) imports nothing when any row is rejected and answers 422; accept_valid imports the '
    'valid rows. The answer counts inserted, updated and unchanged rows and lists every rejected row with its line, code, '
    'field and message. Owners, admins, managers and engineers.';
grant execute on function api.import_run_tickets(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.run_tickets as
    select organization_id, id, measurement_point_id, ticket_number, ticket_date, purchaser_company_id, gross_volume,
           observed_temperature_f, api_gravity, bsw_percent, ctl, net_standard_volume, net_volume_derived, created_at,
           updated_at
      from app.run_tickets;
alter view api.run_tickets alter column organization_id set default app.current_organization_id();
comment on view api.run_tickets is
    'Oil run tickets of tank batteries and LACT units. POST one or a JSON array, or import many with a report of every '
    'rejected row at /rpc/import_run_tickets; a ticket '
    'without net_standard_volume gets it derived: gross x CTL (API MPMS Chapter 11.1 for crude oil, from api_gravity and '
    'observed_temperature_f), to the hundredth, less bsw_percent, to the hundredth. Everyone reads; owners, admins, managers '
    'and engineers write.';
comment on column api.run_tickets.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.run_tickets.id is 'Ticket id (UUID v7).';
comment on column api.run_tickets.measurement_point_id is 'The tank battery or LACT unit (see /measurement_points).';
comment on column api.run_tickets.ticket_number is 'Ticket number, unique per point, 1-40 characters without spaces.';
comment on column api.run_tickets.ticket_date is 'The day the oil was run; its month is the month it counts in.';
comment on column api.run_tickets.purchaser_company_id is 'The purchaser (see /companies).';
comment on column api.run_tickets.gross_volume is 'Gross observed volume, barrels, 2 decimals.';
comment on column api.run_tickets.observed_temperature_f is 'Observed temperature, °F, -58 to 302, 1 decimal.';
comment on column api.run_tickets.api_gravity is 'API gravity at 60 °F, above 0 and at most 100, 1 decimal.';
comment on column api.run_tickets.bsw_percent is 'Basic sediment and water, percent, 0 to under 100, 2 decimals.';
comment on column api.run_tickets.ctl is 'Temperature correction factor to 60 °F (API MPMS 11.1), 5 decimals; kept by the database.';
comment on column api.run_tickets.net_standard_volume is
    'Net standard volume, barrels at 60 °F free of sediment and water: as written on the ticket, or derived when left empty.';
comment on column api.run_tickets.net_volume_derived is 'true when the net standard volume was derived, not written.';
comment on column api.run_tickets.created_at is 'When it was created.';
comment on column api.run_tickets.updated_at is 'When it was last changed.';
grant select on api.run_tickets to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.run_tickets to wellflow_user;

-- Meter statements: a month's gas (with its heat content) or water measured at a measurement point,
-- from the meter's chart or electronic flow measurement, or the gatherer's statement.
set local role wellflow_owner;

create type app.metered_product as enum ('gas', 'water');

create table app.meter_statements (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint meter_statements_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    product app.metered_product not null,
    -- mcf of gas, or barrels of water.
    volume numeric not null constraint meter_statements_volume_check check (app.is_volume(volume) and volume < 100000000),
    -- Gas only: the heat content of the volume, MMBtu.
    heat_content_mmbtu numeric constraint meter_statements_heat_content_mmbtu_check check (
        app.is_volume(heat_content_mmbtu) and heat_content_mmbtu < 100000000),
    purchaser_company_id uuid,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint meter_statements_product_key unique (organization_id, measurement_point_id, month, product),
    constraint meter_statements_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint meter_statements_purchaser_company_id_fkey foreign key (organization_id, purchaser_company_id)
        references app.companies (organization_id, id),
    constraint meter_statements_heat_content_mmbtu_product_check check (heat_content_mmbtu is null or product = 'gas')
);
comment on table app.meter_statements is 'A month''s metered gas (with heat content) or water at a measurement point.';

create trigger meter_statements_set_updated_at before update on app.meter_statements
    for each row execute function app.set_updated_at();
create trigger meter_statements_audit after insert or update or delete on app.meter_statements
    for each row execute function app.audit_change();
create trigger meter_statements_require_asset_writer before insert or update or delete on app.meter_statements
    for each statement execute function app.require_org_role('asset_writers');

alter table app.meter_statements enable row level security;
alter table app.meter_statements force row level security;
create policy meter_statements_tenant_read on app.meter_statements
    for select
    using (organization_id = (select app.current_organization_id()));
create policy meter_statements_asset_writer_write on app.meter_statements
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.meter_statements to wellflow_api;
grant select on app.meter_statements to wellflow_worker;

-- The meter statement import, like the production import: every row checked and rejected with the
-- first rule it breaks, then the valid ones upserted by point, month and product.
create function app.meter_statements_import(organization uuid, rows jsonb, csv text, mode app.import_mode)
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    columns constant text[] := array['measurement_point_id', 'measurement_point_name', 'month', 'product', 'volume',
        'heat_content_mmbtu', 'purchaser_company_id', 'purchaser_name'];
    uuid_pattern constant text := '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';
    layout record;
    received integer;
    rejected jsonb;
    refusal jsonb;
    valid integer;
    inserted integer := 0;
    updated integer := 0;
begin
    layout := app.import_layout(rows, csv, columns,
        '{"measurement_point_name": "Mesa Battery 1", "month": "2024-06", "product": "gas", "volume": 2500, '
        '"heat_content_mmbtu": 2875}');
    -- plpgsql_check cannot see a table this function creates; the pragma describes it (a no-op when run).
    perform 'PRAGMA:TABLE: statement_import_rows (line integer, point_label text, measurement_point_id uuid, '
            'month date, product app.metered_product, volume numeric, heat_content_mmbtu numeric, '
            'purchaser_company_id uuid, code text, field text, message text)';
    create temporary table if not exists statement_import_rows (
        line integer, point_label text, measurement_point_id uuid, month date, product app.metered_product,
        volume numeric, heat_content_mmbtu numeric, purchaser_company_id uuid, code text, field text, message text)
        on commit drop;
    truncate statement_import_rows;

    insert into statement_import_rows
    with input as (
        select i.line, i.item, i.f from app.import_fields(rows, csv, columns, layout.header_width, layout.positions) i),
    parsed as materialized (
        select i.line, i.item, i.f[1] as point_id_text, i.f[2] as point_name, i.f[3] as month_text,
               i.f[4] as product_text, i.f[5] as volume_text, i.f[6] as heat_text, i.f[7] as purchaser_id_text,
               i.f[8] as purchaser_name,
               -- A month is YYYY-MM or its first day.
               app.parse_date(case when i.f[3] ~ '^\d{4}-\d{2}$' then i.f[3] || '-01' else i.f[3] end) as month,
               (select e from unnest(enum_range(null::app.metered_product)) e where e::text = lower(i.f[4])) as product,
               app.parse_numeric(i.f[5]) as volume, app.parse_numeric(i.f[6]) as heat,
               coalesce(point_by_id.id, point_by_name.id) as measurement_point_id, coalesce(i.f[2], i.f[1]) as point_label,
               coalesce(purchaser_by_id.id, purchaser_by_name.id) as purchaser_company_id
          from input i
          left join app.measurement_points point_by_id
                 on i.f[1] ~* uuid_pattern and point_by_id.organization_id = organization
                and point_by_id.id = case when i.f[1] ~* uuid_pattern then i.f[1]::uuid end
          left join app.measurement_points point_by_name
                 on i.f[1] is null and point_by_name.organization_id = organization and point_by_name.name = i.f[2]
          left join app.companies purchaser_by_id
                 on i.f[7] ~* uuid_pattern and purchaser_by_id.organization_id = organization
                and purchaser_by_id.id = case when i.f[7] ~* uuid_pattern then i.f[7]::uuid end
          left join app.companies purchaser_by_name
                 on i.f[7] is null and purchaser_by_name.organization_id = organization
                and purchaser_by_name.name = i.f[8]),
    -- The first failing rule names the row's reason (a CASE stops at the first true branch).
    coded as (
        select p.*,
               case
                   when jsonb_typeof(p.item) = 'object' then 'WF_IMPORT_COLUMN_COUNT:csv'
                   when p.item is not null then 'WF_IMPORT_NOT_AN_OBJECT:rows'
                   when p.point_id_text is null and p.point_name is null
                        then 'WF_IMPORT_POINT_REQUIRED:measurement_point_name'
                   when p.measurement_point_id is null then 'WF_IMPORT_UNKNOWN_POINT:'
                        || case when p.point_id_text is null then 'measurement_point_name' else 'measurement_point_id' end
                   when p.month is null or p.month <> date_trunc('month', p.month) or not app.is_sane_date(p.month)
                        then 'WF_IMPORT_BAD_MONTH:month'
                   when p.month > current_date then 'WF_IMPORT_FUTURE_DATE:month'
                   when p.product is null then 'WF_IMPORT_BAD_PRODUCT:product'
                   when p.volume is null then 'WF_IMPORT_NOT_A_NUMBER:volume'
                   when not (app.is_volume(p.volume) and p.volume < 100000000) then 'WF_IMPORT_OUT_OF_RANGE:volume'
                   when p.heat_text is not null and p.heat is null then 'WF_IMPORT_NOT_A_NUMBER:heat_content_mmbtu'
                   when p.heat is not null and p.product <> 'gas' then 'WF_IMPORT_HEAT_NOT_GAS:heat_content_mmbtu'
                   when p.heat is not null and not (app.is_volume(p.heat) and p.heat < 100000000)
                        then 'WF_IMPORT_OUT_OF_RANGE:heat_content_mmbtu'
                   when (p.purchaser_id_text is not null or p.purchaser_name is not null) and p.purchaser_company_id is null
                        then 'WF_IMPORT_UNKNOWN_PURCHASER:'
                        || case when p.purchaser_id_text is null then 'purchaser_name' else 'purchaser_company_id' end
               end as reason
          from parsed p)
    select c.line, c.point_label, c.measurement_point_id, c.month, c.product, c.volume, c.heat, c.purchaser_company_id,
           split_part(c.reason, ':', 1), split_part(c.reason, ':', 2),
           case split_part(c.reason, ':', 1)
               when 'WF_IMPORT_COLUMN_COUNT' then format('%s fields where the header names %s', c.item ->> '_columns',
                                                         layout.header_width)
               when 'WF_IMPORT_NOT_AN_OBJECT' then 'Each row must be a JSON object'
               when 'WF_IMPORT_POINT_REQUIRED' then 'Give the measurement_point_name or the measurement_point_id'
               when 'WF_IMPORT_UNKNOWN_POINT' then format('No measurement point %s in this organization', c.point_label)
               when 'WF_IMPORT_BAD_MONTH' then format('%s is not a month (YYYY-MM, from 1900)', coalesce(c.month_text, 'null'))
               when 'WF_IMPORT_FUTURE_DATE' then format('%s has not begun', to_char(c.month, 'YYYY-MM'))
               when 'WF_IMPORT_BAD_PRODUCT' then format('%s is not a metered product (gas, water)', coalesce(c.product_text, 'null'))
               when 'WF_IMPORT_NOT_A_NUMBER' then format('%s is not a number', coalesce(
                   case split_part(c.reason, ':', 2) when 'volume' then c.volume_text else c.heat_text end, 'null'))
               when 'WF_IMPORT_OUT_OF_RANGE' then format('%s is from 0 to under 100,000,000, at most 3 decimals',
                                                         split_part(c.reason, ':', 2))
               when 'WF_IMPORT_HEAT_NOT_GAS' then 'Only a gas statement has a heat content'
               when 'WF_IMPORT_UNKNOWN_PURCHASER' then format('No company %s in this organization',
                                                              coalesce(c.purchaser_id_text, c.purchaser_name))
           end
      from coded c;
    get diagnostics received = row_count;

    -- The same point, month and product twice in one payload: the first valid occurrence wins.
    update statement_import_rows r
       set code = 'WF_IMPORT_DUPLICATE_ROW', field = 'product',
           message = format('Line %s already has this point, month and product', d.first_line)
      from (select line, min(line) over (partition by measurement_point_id, month, product) as first_line
              from statement_import_rows where code is null) d
     where r.line = d.line and d.first_line <> d.line;

    select coalesce(jsonb_agg(jsonb_build_object('line', line, 'measurement_point', point_label, 'month',
                                                 to_char(month, 'YYYY-MM'), 'code', code, 'field', field,
                                                 'message', message) order by line)
                        filter (where code is not null), '[]'),
           count(*) filter (where code is null)
      into rejected, valid
      from statement_import_rows;
    refusal := app.import_refusal(mode, received, rejected);
    if refusal is not null then
        return refusal;
    end if;

    with upserted as (
        insert into app.meter_statements as s (organization_id, measurement_point_id, month, product, volume,
                                               heat_content_mmbtu, purchaser_company_id, created_at, updated_at)
        select organization, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
               statement_timestamp(), statement_timestamp()
          from statement_import_rows where code is null
         order by measurement_point_id, month, product
        on conflict (organization_id, measurement_point_id, month, product) do update
           set volume = excluded.volume, heat_content_mmbtu = excluded.heat_content_mmbtu,
               purchaser_company_id = excluded.purchaser_company_id
         where (s.volume, s.heat_content_mmbtu, s.purchaser_company_id)
               is distinct from (excluded.volume, excluded.heat_content_mmbtu, excluded.purchaser_company_id)
        returning s.created_at = s.updated_at as is_new)
    select count(*) filter (where is_new), count(*) filter (where not is_new) into inserted, updated from upserted;

    return jsonb_build_object('mode', mode, 'received', received, 'inserted', inserted, 'updated', updated,
                              'unchanged', valid - inserted - updated, 'rejected', rejected);
end
$$;
comment on function app.meter_statements_import(uuid, jsonb, text, app.import_mode) is
    'The meter statement import: every row checked with the first rule it breaks, then the valid rows upserted; answers the report.';

create function api.import_meter_statements(rows jsonb default null, csv text default null,
                                            mode app.import_mode default 'all_or_nothing')
returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
set client_min_messages = warning
set jit = off
as $$
declare
    organization uuid := app.current_organization_id();
begin
    if organization is null then
        perform app.raise_error(401, 'WF_SIGN_IN_REQUIRED', 'Sign in to import meter statements', null, null);
    end if;
    perform app.assert_org_role('import meter statements', 'asset_writers');
    return app.meter_statements_import(organization, rows, csv, mode);
end
$$;
comment on function api.import_meter_statements(jsonb, text, app.import_mode) is
    'Imports up to 50,000 meter statements: {"rows": [...]} (JSON objects) or {"csv": "..."} (header line first). Columns: '
    'measurement_point_id or measurement_point_name, month (YYYY-MM), product (gas or water), volume (mcf or barrels), '
    'heat_content_mmbtu (gas only, optional), purchaser_company_id or purchaser_name (optional). Re-sending a point''s '
    'month and product replaces it. mode all_or_nothing (default) imports nothing when any row is rejected and answers '
    '422; accept_valid imports the valid rows. The answer counts inserted, updated and unchanged rows and lists every '
    'rejected row with its line, code, field and message. Owners, admins, managers and engineers.';
grant execute on function api.import_meter_statements(jsonb, text, app.import_mode) to wellflow_user;
set local role wellflow_api;

create view api.meter_statements as
    select organization_id, id, measurement_point_id, month, product, volume, heat_content_mmbtu, purchaser_company_id,
           created_at, updated_at
      from app.meter_statements;
alter view api.meter_statements alter column organization_id set default app.current_organization_id();
comment on view api.meter_statements is
    'A month''s metered gas or water at a measurement point, one per point, month and product. POST one or a JSON array, or '
    'import many with a report of every rejected row at /rpc/import_meter_statements. Everyone reads; owners, admins, '
    'managers and engineers write.';
comment on column api.meter_statements.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.meter_statements.id is 'Statement id (UUID v7).';
comment on column api.meter_statements.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.meter_statements.month is 'First day of the month measured.';
comment on column api.meter_statements.product is 'gas or water.';
comment on column api.meter_statements.volume is 'mcf of gas or barrels of water, at most 3 decimals.';
comment on column api.meter_statements.heat_content_mmbtu is 'Gas only: the volume''s heat content, MMBtu.';
comment on column api.meter_statements.purchaser_company_id is 'Who bought or took it (see /companies).';
comment on column api.meter_statements.created_at is 'When it was created.';
comment on column api.meter_statements.updated_at is 'When it was last changed.';
grant select on api.meter_statements to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.meter_statements to wellflow_user;

-- Dispositions: where a measurement point's production went in a month besides what its run tickets
-- and meter statements deliver (those are its sales and deliveries): used on the lease, flared,
-- vented, injected or transferred, and the oil in its tanks at the start and end of the month. With
-- the deliveries they make the month's balance: opening + produced = deliveries + dispositions +
-- closing (api.disposition_balances).
set local role wellflow_owner;

create type app.allocated_product as enum ('oil', 'gas', 'water');
create type app.disposition_code as enum (
    'lease_use', 'flared', 'vented', 'injected', 'transferred', 'opening_inventory', 'closing_inventory');

create table app.dispositions (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint dispositions_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    product app.allocated_product not null,
    disposition app.disposition_code not null,
    volume numeric not null constraint dispositions_volume_check check (app.is_volume(volume) and volume < 100000000),
    -- Who took it (a transporter, a gatherer, a disposal well's operator), where it matters.
    company_id uuid,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint dispositions_disposition_key unique nulls not distinct
        (organization_id, measurement_point_id, month, product, disposition, company_id),
    constraint dispositions_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id),
    constraint dispositions_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id),
    -- Inventory is oil in the tanks.
    constraint dispositions_inventory_check check (
        disposition not in ('opening_inventory', 'closing_inventory') or product = 'oil')
);
comment on table app.dispositions is 'A measurement point''s month: what was used, flared, vented, injected or transferred, and inventory.';

create trigger dispositions_set_updated_at before update on app.dispositions
    for each row execute function app.set_updated_at();
create trigger dispositions_audit after insert or update or delete on app.dispositions
    for each row execute function app.audit_change();
create trigger dispositions_require_asset_writer before insert or update or delete on app.dispositions
    for each statement execute function app.require_org_role('asset_writers');

alter table app.dispositions enable row level security;
alter table app.dispositions force row level security;
create policy dispositions_tenant_read on app.dispositions
    for select
    using (organization_id = (select app.current_organization_id()));
create policy dispositions_asset_writer_write on app.dispositions
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.dispositions to wellflow_api;
grant select on app.dispositions to wellflow_worker;
set local role wellflow_api;

create view api.dispositions as
    select organization_id, id, measurement_point_id, month, product, disposition, volume, company_id, created_at, updated_at
      from app.dispositions;
alter view api.dispositions alter column organization_id set default app.current_organization_id();
comment on view api.dispositions is
    'Where a measurement point''s production went in a month besides its run tickets and meter statements: lease_use, '
    'flared, vented, injected, transferred, and (oil) opening_inventory and closing_inventory. Everyone reads; owners, '
    'admins, managers and engineers write.';
comment on column api.dispositions.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.dispositions.id is 'Disposition id (UUID v7).';
comment on column api.dispositions.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.dispositions.month is 'First day of the month.';
comment on column api.dispositions.product is 'oil (barrels), gas (mcf) or water (barrels).';
comment on column api.dispositions.disposition is
    'lease_use, flared, vented, injected, transferred, opening_inventory or closing_inventory (oil only).';
comment on column api.dispositions.volume is 'Volume, at most 3 decimals.';
comment on column api.dispositions.company_id is 'Who took it (see /companies), where it matters.';
comment on column api.dispositions.created_at is 'When it was created.';
comment on column api.dispositions.updated_at is 'When it was last changed.';
grant select on api.dispositions to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.dispositions to wellflow_user;

-- Allocation: each month, what a measurement point measured is spread back to the wells that flowed
-- to it, by their latest well tests. A well's share of a product is its test rate (the test's volume
-- per 24 hours, from its latest test on or before the month's last day) times its hours on in the
-- month at that point (the daily production's hours_on, 24 for a day reported without them), over the
-- same for every well of the point; each share is rounded to the hundredth and the rounding residue
-- goes to the well with the largest share (then the lowest well number), so the wells sum exactly to
-- the measurement. What is measured: the run tickets' net standard volumes (oil) or the meter
-- statements (gas, water), plus the other dispositions and the change in inventory
-- (app.point_month_volumes). Allocated volumes sit beside the daily production, which they do not
-- change; regulatory reports file them. Allocating a month again replaces it.
set local role wellflow_owner;

-- A point's month per product: what its tickets and statements delivered, its other dispositions,
-- inventory, and so what it produced.
create view app.point_month_volumes as
    with sources as (
        select t.organization_id, t.measurement_point_id, date_trunc('month', t.ticket_date)::date as month,
               'oil'::app.allocated_product as product, t.net_standard_volume as delivered, 0::numeric as other,
               0::numeric as opening, 0::numeric as closing
          from app.run_tickets t
        union all
        select s.organization_id, s.measurement_point_id, s.month, s.product::text::app.allocated_product, s.volume, 0, 0, 0
          from app.meter_statements s
        union all
        select d.organization_id, d.measurement_point_id, d.month, d.product, 0,
               case when d.disposition in ('opening_inventory', 'closing_inventory') then 0 else d.volume end,
               case when d.disposition = 'opening_inventory' then d.volume else 0 end,
               case when d.disposition = 'closing_inventory' then d.volume else 0 end
          from app.dispositions d)
    select s.organization_id, s.measurement_point_id, s.month, s.product, sum(s.delivered) as delivered,
           sum(s.other) as other_dispositions, sum(s.opening) as opening_inventory, sum(s.closing) as closing_inventory,
           sum(s.delivered) + sum(s.other) + sum(s.closing) - sum(s.opening) as produced
      from sources s
     group by s.organization_id, s.measurement_point_id, s.month, s.product;
comment on view app.point_month_volumes is
    'Per measurement point, month and product: delivered (tickets, statements), other dispositions, inventory, and produced = '
    'delivered + other dispositions + closing - opening inventory.';
grant select on app.point_month_volumes to wellflow_api, wellflow_worker;

create table app.allocations (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    measurement_point_id uuid not null,
    month date not null constraint allocations_month_check check (month = date_trunc('month', month) and app.is_sane_date(month)),
    well_id uuid not null,
    product app.allocated_product not null,
    -- How the share was found; well tests are the one method so far.
    method text not null default 'well_test' constraint allocations_method_check check (method = 'well_test'),
    well_test_id uuid not null,
    -- Written by app.allocate_month from its own figures.
    test_rate numeric not null,
    hours_on numeric not null,
    weight numeric not null,
    measured_volume numeric not null,
    allocated_volume numeric not null,
    residue_volume numeric not null default 0,
    allocated_by uuid references app.users (id),
    allocated_at timestamptz not null default clock_timestamp(),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint allocations_product_key unique (organization_id, measurement_point_id, month, well_id, product),
    constraint allocations_measurement_point_id_fkey foreign key (organization_id, measurement_point_id)
        references app.measurement_points (organization_id, id) on delete cascade,
    constraint allocations_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint allocations_well_test_id_fkey foreign key (organization_id, well_test_id)
        references app.well_tests (organization_id, id)
);
comment on table app.allocations is 'Each well''s share of what its measurement point measured in a month, by well test.';
create index allocations_well_month_idx on app.allocations (organization_id, well_id, month);
create index allocations_well_test_id_idx on app.allocations (organization_id, well_test_id);

-- Written only by app.allocate_month.
create function app.allocations_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if coalesce(current_setting('wellflow.allocating', true), '') <> 'on' then
        perform app.raise_error(400, 'WF_ALLOCATION_READ_ONLY', 'Allocations are written by /rpc/allocate_month', 'id',
            'Correct the tickets, statements, dispositions or well tests, then allocate the month again');
    end if;
    return null;
end
$$;
comment on function app.allocations_guard() is 'Statement trigger: allocations are written by app.allocate_month only.';

create trigger allocations_guard before insert or update or delete on app.allocations
    for each statement execute function app.allocations_guard();
create trigger allocations_set_updated_at before update on app.allocations
    for each row execute function app.set_updated_at();
create trigger allocations_stamp_actor before insert or update of allocated_by on app.allocations
    for each row execute function app.stamp_actor('allocated_by');
create trigger allocations_audit_insert after insert on app.allocations
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('measurement_point_id');
create trigger allocations_audit_delete after delete on app.allocations
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('measurement_point_id');

alter table app.allocations enable row level security;
alter table app.allocations force row level security;
create policy allocations_tenant on app.allocations
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.allocations to wellflow_api, wellflow_worker;

-- One month for one point or (measurement_point_id null) every point of the organization, in a few
-- statements whatever their number. A point whose wells lack a well test, or that measured a
-- product none of its wells has a rate of, is not allocated and is listed with its reason; asked
-- for one point, that is its error.
create function app.allocate_month(measurement_point_id uuid, month date) returns jsonb
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    first_day date;
    last_day date;
    failure record;
    failed jsonb;
    counts record;
begin
    perform app.assert_org_role('allocate production', 'asset_writers');
    if month is null or not app.is_sane_date(month) or date_trunc('month', month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_ALLOCATION_INPUT',
            format('month must be a month that has begun; got %s', coalesce(month::text, 'nothing')), 'month', null);
    end if;
    first_day := date_trunc('month', month)::date;
    last_day := (first_day + interval '1 month - 1 day')::date;
    if allocate_month.measurement_point_id is not null
       and not exists (select from app.measurement_points p
                        where p.organization_id = org and p.id = allocate_month.measurement_point_id) then
        perform app.raise_error(404, 'WF_MEASUREMENT_POINT_NOT_FOUND',
            format('No measurement point %s in this organization', allocate_month.measurement_point_id),
            'measurement_point_id', null);
    end if;
    perform pg_advisory_xact_lock(hashtextextended('allocations:' || org || ':' || first_day, 0));

    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: allocation_wells (measurement_point_id uuid, well_id uuid, well_number text, well_name text, '
            'hours_on numeric, well_test_id uuid, oil_rate numeric, gas_rate numeric, water_rate numeric)';
    perform 'PRAGMA:TABLE: allocation_points (measurement_point_id uuid, point_name text, code text, field text, '
            'message text)';
    create temporary table if not exists allocation_wells (
        measurement_point_id uuid, well_id uuid, well_number text, well_name text, hours_on numeric, well_test_id uuid,
        oil_rate numeric, gas_rate numeric, water_rate numeric) on commit drop;
    create temporary table if not exists allocation_points (
        measurement_point_id uuid, point_name text, code text, field text, message text) on commit drop;
    truncate allocation_wells, allocation_points;

    insert into allocation_points (measurement_point_id, point_name)
    select p.id, p.name from app.measurement_points p
     where p.organization_id = org
       and (allocate_month.measurement_point_id is null or p.id = allocate_month.measurement_point_id);

    -- The wells of each point in the month, their hours on there (over every period a well flowed to
    -- it in the month), and their latest test.
    insert into allocation_wells
    select p.measurement_point_id, w.id, w.well_number, w.name, p.hours_on,
           t.id, t.oil_bbl * 24 / t.duration_hours, t.gas_mcf * 24 / t.duration_hours, t.water_bbl * 24 / t.duration_hours
      from (select pw.measurement_point_id, pw.well_id,
                   sum(coalesce((select sum(coalesce(d.hours_on, 24)) from app.production d
                                  where d.organization_id = org and d.well_id = pw.well_id
                                    and d.production_date between greatest(first_day, pw.effective_from)
                                                              and least(last_day, coalesce(pw.effective_to, last_day))), 0))
                       as hours_on
              from app.measurement_point_wells pw
              join allocation_points ap on ap.measurement_point_id = pw.measurement_point_id
             where pw.organization_id = org and pw.effective && daterange(first_day, last_day, '[]')
             group by pw.measurement_point_id, pw.well_id) p
      join app.wells w on w.organization_id = org and w.id = p.well_id
      left join lateral (select t.id, t.oil_bbl, t.gas_mcf, t.water_bbl, t.duration_hours from app.well_tests t
                          where t.organization_id = org and t.well_id = w.id and t.test_date <= last_day
                          order by t.test_date desc, t.id desc limit 1) t on true;
    analyze allocation_wells;

    -- Why a point cannot be allocated, the first reason only: a well without a test, or a product it
    -- measured that none of its wells has a test rate and hours on for.
    update allocation_points ap
       set code = p.problem[1], field = p.problem[2], message = p.problem[3]
      from (select ap.measurement_point_id,
                   case when untested.well_name is not null
                        then array['WF_ALLOCATION_NO_TEST', 'well_id',
                                   format('%s has no well test on or before %s to allocate %s by', untested.well_name,
                                          last_day, ap.point_name)]
                        when unbased.products is not null
                        then array['WF_ALLOCATION_NO_BASIS', 'measurement_point_id',
                                   format('%s measured %s in %s, and none of its wells has a test rate and hours on for it',
                                          ap.point_name, unbased.products, to_char(first_day, 'YYYY-MM'))]
                   end as problem
              from allocation_points ap
              left join lateral (select w.well_name from allocation_wells w
                                  where w.measurement_point_id = ap.measurement_point_id and w.well_test_id is null
                                  order by w.well_number limit 1) untested on true
              cross join lateral (
                  select string_agg(v.product::text, ', ' order by v.product) as products
                    from app.point_month_volumes v
                   where v.organization_id = org and v.measurement_point_id = ap.measurement_point_id
                     and v.month = first_day and v.produced <> 0
                     and coalesce((select sum(case v.product when 'oil' then w.oil_rate when 'gas' then w.gas_rate
                                                             else w.water_rate end * w.hours_on)
                                     from allocation_wells w
                                    where w.measurement_point_id = ap.measurement_point_id), 0) = 0) unbased) p
     where p.measurement_point_id = ap.measurement_point_id and p.problem is not null;

    select * into failure from allocation_points ap where ap.code is not null order by ap.point_name limit 1;
    if found and allocate_month.measurement_point_id is not null then
        perform app.raise_error(422, failure.code, failure.message, failure.field,
            'Add the well test at /well_tests or correct the wells at /measurement_point_wells');
    end if;

    perform set_config('wellflow.allocating', 'on', true);
    delete from app.allocations a
     where a.organization_id = org and a.month = first_day
       and a.measurement_point_id in (select ap.measurement_point_id from allocation_points ap where ap.code is null);
    insert into app.allocations (organization_id, measurement_point_id, month, well_id, product, well_test_id, test_rate,
                                 hours_on, weight, measured_volume, allocated_volume, residue_volume, allocated_by)
    with shares as (
        select w.measurement_point_id, w.well_id, w.well_number, w.well_test_id, x.product, x.rate, w.hours_on,
               x.rate * w.hours_on / 24 as weight, coalesce(v.produced, 0) as measured
          from allocation_wells w
          join allocation_points ap on ap.measurement_point_id = w.measurement_point_id and ap.code is null
         cross join lateral (values ('oil'::app.allocated_product, w.oil_rate), ('gas', w.gas_rate),
                                    ('water', w.water_rate)) x (product, rate)
          left join app.point_month_volumes v on v.organization_id = org and v.measurement_point_id = w.measurement_point_id
                                             and v.month = first_day and v.product = x.product),
    rounded as (
        select s.*, case when sum(s.weight) over point_product > 0
                         then round(s.measured * s.weight / sum(s.weight) over point_product, 2) else 0 end as share,
               row_number() over (partition by s.measurement_point_id, s.product
                                  order by s.weight desc, s.well_number) as rank
          from shares s
        window point_product as (partition by s.measurement_point_id, s.product))
    select org, r.measurement_point_id, first_day, r.well_id, r.product, r.well_test_id, round(r.rate, 3), r.hours_on,
           round(r.weight, 3), r.measured,
           r.share + case when r.rank = 1 then r.measured - sum(r.share) over point_product else 0 end,
           case when r.rank = 1 then r.measured - sum(r.share) over point_product else 0 end,
           app.current_user_id()
      from rounded r
    window point_product as (partition by r.measurement_point_id, r.product);
    perform set_config('wellflow.allocating', '', true);

    select count(distinct a.measurement_point_id) as points, count(distinct a.well_id) as wells into counts
      from app.allocations a
     where a.organization_id = org and a.month = first_day
       and a.measurement_point_id in (select ap.measurement_point_id from allocation_points ap where ap.code is null);
    select coalesce(jsonb_agg(jsonb_build_object('measurement_point_id', ap.measurement_point_id, 'name', ap.point_name,
                                                 'code', ap.code, 'field', ap.field, 'message', ap.message)
                              order by ap.point_name), '[]')
      into failed
      from allocation_points ap where ap.code is not null;
    return jsonb_build_object('month', to_char(first_day, 'YYYY-MM'), 'allocated_points', counts.points,
                              'allocated_wells', counts.wells, 'failed', failed);
end
$$;
comment on function app.allocate_month(uuid, date) is
    'Allocates a month of one measurement point (or of every point) to its wells by well test; answers {month, '
    'allocated_points, allocated_wells, failed}.';
grant execute on function app.allocate_month(uuid, date) to wellflow_api;
set local role wellflow_api;

create view api.allocations as
    with readable as (
        select a.organization_id, a.id, a.measurement_point_id, a.month, a.well_id, a.product, a.method, a.well_test_id,
               a.test_rate, a.hours_on, a.weight, a.measured_volume, a.allocated_volume, a.residue_volume,
               coalesce(m.daily_volume, 0) as daily_volume, a.allocated_volume - coalesce(m.daily_volume, 0) as difference,
               a.allocated_by, a.allocated_at
          from app.allocations a
          left join lateral (select case a.product when 'oil' then sum(p.oil_bbl) when 'gas' then sum(p.gas_mcf)
                                                   else sum(p.water_bbl) end as daily_volume
                               from app.production p
                              where p.organization_id = a.organization_id and p.well_id = a.well_id
                                and p.production_date >= a.month and p.production_date < a.month + interval '1 month') m on true)
    select * from readable;
comment on view api.allocations is
    'Each well''s allocated share of its measurement point''s month, per product, beside the sum of its daily production '
    '(which allocation does not change) and the difference. Written by /rpc/allocate_month. Read-only.';
comment on column api.allocations.organization_id is 'The organization.';
comment on column api.allocations.id is 'Allocation id (UUID v7).';
comment on column api.allocations.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.allocations.month is 'First day of the month.';
comment on column api.allocations.well_id is 'The well (see /wells).';
comment on column api.allocations.product is 'oil, gas or water.';
comment on column api.allocations.method is 'well_test: the share is the test rate x hours on over the point''s total.';
comment on column api.allocations.well_test_id is 'The well''s latest test on or before the month''s end (see /well_tests).';
comment on column api.allocations.test_rate is 'The test''s volume per 24 hours, 3 decimals.';
comment on column api.allocations.hours_on is 'Hours on at the point in the month, from the daily production (24 for a day without hours).';
comment on column api.allocations.weight is 'test_rate x hours_on / 24: the well''s share before scaling.';
comment on column api.allocations.measured_volume is 'What the point produced: deliveries + other dispositions + inventory change.';
comment on column api.allocations.allocated_volume is
    'measured_volume x weight / the point''s total weight, to the hundredth, plus residue_volume.';
comment on column api.allocations.residue_volume is
    'The rounding residue, on the well with the largest weight (then the lowest well number), so the wells sum to measured_volume.';
comment on column api.allocations.daily_volume is 'The sum of the well''s daily production of the month.';
comment on column api.allocations.difference is 'allocated_volume - daily_volume.';
comment on column api.allocations.allocated_by is 'Who allocated the month.';
comment on column api.allocations.allocated_at is 'When.';

create view api.disposition_balances as
    with readable as (
        select v.organization_id, v.measurement_point_id, v.month, v.product, v.opening_inventory, a.allocated as produced,
               v.delivered, v.other_dispositions, v.closing_inventory,
               v.opening_inventory + coalesce(a.allocated, 0) - v.delivered - v.other_dispositions - v.closing_inventory as gap
          from app.point_month_volumes v
          left join lateral (select sum(a.allocated_volume) as allocated from app.allocations a
                              where a.organization_id = v.organization_id and a.measurement_point_id = v.measurement_point_id
                                and a.month = v.month and a.product = v.product) a on true)
    select * from readable;
comment on view api.disposition_balances is
    'Each measurement point''s month per product: opening inventory + produced (allocated to its wells) = delivered (run '
    'tickets, meter statements) + other dispositions + closing inventory; gap states by how much it does not hold (a month '
    'not allocated yet, or changed since). Read-only.';
comment on column api.disposition_balances.organization_id is 'The organization.';
comment on column api.disposition_balances.measurement_point_id is 'The point (see /measurement_points).';
comment on column api.disposition_balances.month is 'First day of the month.';
comment on column api.disposition_balances.product is 'oil, gas or water.';
comment on column api.disposition_balances.opening_inventory is 'Oil in the tanks at the start of the month.';
comment on column api.disposition_balances.produced is 'Allocated to the wells; empty until the month is allocated.';
comment on column api.disposition_balances.delivered is 'Run tickets'' net standard volumes (oil) or meter statements (gas, water).';
comment on column api.disposition_balances.other_dispositions is 'Lease use, flared, vented, injected and transferred.';
comment on column api.disposition_balances.closing_inventory is 'Oil in the tanks at the end of the month.';
comment on column api.disposition_balances.gap is 'opening + produced - delivered - other dispositions - closing; 0 when it balances.';

create function api.allocate_month(month date, measurement_point_id uuid default null) returns jsonb
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    return app.allocate_month(measurement_point_id, month);
end
$$;
comment on function api.allocate_month(date, uuid) is
    'Allocates a month''s measured oil, gas and water of one measurement point, or of every point when measurement_point_id is '
    'left out, to the wells that flowed there, by their latest well tests x hours on; the wells sum exactly to the measured '
    'volume (residue on the largest share). Allocating again replaces the month. Answers {"month", "allocated_points", '
    '"allocated_wells", "failed": [{measurement_point_id, name, code, field, message}]}; for one point a failure is its 422 '
    '(WF_ALLOCATION_NO_TEST, WF_ALLOCATION_NO_BASIS). Owners, admins, managers, engineers.';

grant select on api.allocations, api.disposition_balances to wellflow_user, wellflow_analyst;
grant execute on function api.allocate_month(date, uuid) to wellflow_user;

set local role wellflow_owner;

drop function app.regulatory_report_rows(uuid);

-- The rows of a report: one per well the organization operates in scope (in the rule's state, and on a
-- lease of a type the rule covers) with its month: the allocated volumes where the month is allocated
-- (app.allocations), else the sum of the daily production. A well a partner operates is the
-- partner's to report.
create function app.regulatory_report_rows(report_id uuid)
returns table (well_id uuid, well_number_formatted text, well_name text, lease_number text, lease_name text,
               county_name text, well_status text, operator_name text, operator_numbers jsonb,
               producing_days integer, oil_bbl numeric, gas_mcf numeric, water_bbl numeric, lease_type text,
               federal_lease_number text, rrc_lease_number text, rrc_district text, ocd_property_code integer,
               ocd_pool_code integer, ndic_file_number integer, measurement_point_id uuid, first_of_point boolean)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select w.id, app.format_well_number(w.well_number), w.name, l.lease_number, l.name, c.name, w.status::text,
           operator.name, coalesce(operator.state_operator_numbers, '{}'), coalesce(m.producing_days, 0),
           case when allocated.wells > 0 then allocated.oil else coalesce(m.oil_bbl, 0) end,
           case when allocated.wells > 0 then allocated.gas else coalesce(m.gas_mcf, 0) end,
           case when allocated.wells > 0 then allocated.water else coalesce(m.water_bbl, 0) end,
           l.lease_type::text, l.federal_lease_number, l.rrc_lease_number, l.rrc_district, l.ocd_property_code,
           w.ocd_pool_code, w.ndic_file_number, allocated.measurement_point_id,
           -- Forms that report a battery's storage and runs once put them on its first well.
           allocated.measurement_point_id is not null
           and row_number() over (partition by allocated.measurement_point_id order by w.well_number) = 1
      from app.regulatory_reports r
      join ref.filing_rules rule on rule.agency = r.agency and rule.form = r.form
      join app.wells w on w.organization_id = r.organization_id
                      and (r.scope = 'organization' or w.id = r.well_id or w.lease_id = r.lease_id)
                      and (rule.state_code is null or substr(w.well_number, 1, 2) = rule.state_code)
      left join app.leases l on l.organization_id = w.organization_id and l.id = w.lease_id
      left join app.companies operator on operator.organization_id = w.organization_id and operator.id = w.operator_company_id
      join ref.well_number_counties c on c.state_code = substr(w.well_number, 1, 2)
                                     and c.county_code = substr(w.well_number, 3, 3)
      left join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id
                                               and m.month = r.period
      left join lateral (select count(*) as wells, min(a.measurement_point_id::text)::uuid as measurement_point_id,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'oil'), 0) as oil,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'gas'), 0) as gas,
                                coalesce(sum(a.allocated_volume) filter (where a.product = 'water'), 0) as water
                           from app.allocations a
                          where a.organization_id = w.organization_id and a.well_id = w.id and a.month = r.period) allocated
             on true
     where r.organization_id = app.current_organization_id() and r.id = report_id
       and (m.well_id is not null or allocated.wells > 0
            or w.status in ('producing', 'shut_in', 'temporarily_abandoned', 'injecting'))
       and w.operated and (rule.lease_types is null or l.lease_type::text = any (rule.lease_types))
     -- A battery's wells together, each group by well number.
     order by allocated.measurement_point_id nulls first, w.well_number
$$;
comment on function app.regulatory_report_rows(uuid) is
    'One row per operated well in the report''s scope, state and lease types with the month''s volumes, allocated where '
    'the month is, and the measurement point it was allocated from.';
-- The disposition section of a report: for each measurement point its rows' wells were allocated
-- from in the month (the rows' measurement_point_id, which the caller has already read), what left
-- it (run tickets by purchaser, meter statements) and its other dispositions and inventory.
create function app.regulatory_report_dispositions(report_id uuid, measurement_point_ids uuid[])
returns table (measurement_point_id uuid, point_name text, meter_number text, product text, disposition text,
               company_name text, volume numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    with report as (
        select r.organization_id, r.period from app.regulatory_reports r
         where r.organization_id = app.current_organization_id() and r.id = report_id)
    select p.id, p.name, p.meter_number, x.product, x.disposition, x.company_name, x.volume
      from report
      join app.measurement_points p on p.organization_id = report.organization_id and p.id = any (measurement_point_ids)
     cross join lateral (
           select 'oil' as product, 'sold' as disposition, c.name as company_name, sum(t.net_standard_volume) as volume
             from app.run_tickets t
             left join app.companies c on c.organization_id = t.organization_id and c.id = t.purchaser_company_id
            where t.organization_id = p.organization_id and t.measurement_point_id = p.id
              and t.ticket_date >= report.period and t.ticket_date < report.period + interval '1 month'
            group by c.name
           union all
           select s.product::text, case s.product when 'gas' then 'sold' else 'disposed' end, c.name, s.volume
             from app.meter_statements s
             left join app.companies c on c.organization_id = s.organization_id and c.id = s.purchaser_company_id
            where s.organization_id = p.organization_id and s.measurement_point_id = p.id and s.month = report.period
           union all
           select d.product::text, d.disposition::text, c.name, d.volume
             from app.dispositions d
             left join app.companies c on c.organization_id = d.organization_id and c.id = d.company_id
            where d.organization_id = p.organization_id and d.measurement_point_id = p.id and d.month = report.period) x
     order by p.name, x.product, x.disposition, x.company_name
$$;
comment on function app.regulatory_report_dispositions(uuid, uuid[]) is
    'The disposition section of a report: per measurement point of its wells, what was sold, used, flared, vented, injected '
    'or transferred in the month, and inventory.';

grant execute on function app.regulatory_report_rows(uuid), app.regulatory_report_dispositions(uuid, uuid[]) to wellflow_worker;

-- One well, month and product. The volume and price come from the month's sales statements
-- unless the caller chooses otherwise: production (the month's produced volume at a given price)
-- or entered (a volume and price given here); the distribution records the choice.
create or replace function app.distribute_revenue(well_id uuid, sales_month date, product app.sales_product,
                                       volume_source app.volume_source, price numeric, volume numeric,
                                       other_deductions numeric)
returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    well app.wells;
    first_day date;
    loaded integer;
begin
    -- plpgsql_check cannot see distribution_inputs, which app.distribution_inputs_prepare creates; the pragma describes it.
    perform 'PRAGMA:TABLE: distribution_inputs (well_id uuid, product app.sales_product, '
            'volume_source app.volume_source, volume numeric, heat_content_mmbtu numeric, price numeric, '
            'gross_value numeric, deductions numeric[])';
    perform app.assert_org_role('calculate revenue distributions', 'finance_writers');
    if product is null then
        perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'product is oil, gas, ngl or condensate', 'product', null);
    end if;
    first_day := app.distribution_month(sales_month);
    select * into well from app.wells w where w.organization_id = org and w.id = distribute_revenue.well_id;
    if not found then
        perform app.raise_error(404, 'WF_WELL_NOT_FOUND', format('No well %s in this organization', well_id), 'well_id', null);
    end if;

    if coalesce(volume_source, 'sales_statements') = 'sales_statements' then
        if coalesce(price, volume, other_deductions) is not null then
            perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
                format('%s comes from the sales statements', case when price is not null then 'price'
                       when volume is not null then 'volume' else 'other_deductions' end),
                case when price is not null then 'price' when volume is not null then 'volume' else 'other_deductions' end,
                'Import the statements at /rpc/import_sales_statements, or choose volume_source production or entered');
        end if;
        loaded := app.distribution_inputs_from_sales(org, first_day, well.id, distribute_revenue.product);
        if loaded = 0 then
            perform app.raise_error(422, 'WF_DISTRIBUTION_NO_SALES',
                format('%s has no %s sales statement for %s', well.name, product, to_char(first_day, 'YYYY-MM')),
                'sales_month', 'Import them at /rpc/import_sales_statements, or choose volume_source production');
        end if;
    else
        perform app.require_amount(price, 'price', 4, true, 1e6);
        perform app.require_amount(other_deductions, 'other_deductions', 2, false);
        if volume_source = 'production' then
            if volume is not null then
                perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'volume comes from the month''s production', 'volume',
                    'Choose volume_source entered to give a volume');
            end if;
            if product = 'ngl' then
                perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT', 'Production records no NGL volume', 'product',
                    'Distribute NGLs from sales statements');
            end if;
            -- The month's allocated volume where the month is allocated, else the daily production's sum.
            select coalesce(
                       (select sum(a.allocated_volume) from app.allocations a
                         where a.organization_id = org and a.well_id = well.id and a.month = first_day
                           and a.product::text = app.base_product(distribute_revenue.product)::text),
                       (select case when app.base_product(distribute_revenue.product) = 'oil' then m.oil_bbl else m.gas_mcf end
                          from app.production_monthly_wells m
                         where m.organization_id = org and m.well_id = well.id and m.month = first_day))
              into volume;
            if volume is null then
                perform app.raise_error(422, 'WF_DISTRIBUTION_NO_VOLUME',
                    format('%s has no production for %s', well.name, to_char(first_day, 'YYYY-MM')), 'volume',
                    'Choose volume_source entered to give the sold volume');
            end if;
        else
            perform app.require_amount(volume, 'volume', 3, true, 1e10);
        end if;
        if volume * price >= 1e12 then
            perform app.raise_error(400, 'WF_DISTRIBUTION_INPUT',
                format('volume x price is %s, above what one distribution holds (below 1,000,000,000,000)', volume * price),
                'price', null);
        end if;
        perform app.distribution_inputs_prepare();
        insert into distribution_inputs
        values (well.id, distribute_revenue.product, volume_source, volume, null, price, round(volume * price, 2),
                array[0, 0, 0, 0, 0, 0, coalesce(other_deductions, 0)]);
    end if;

    if (app.distribute_revenue_inputs(org, first_day, true) ->> 'unchanged')::integer > 0 then
        perform app.raise_error(409, 'WF_DISTRIBUTION_APPROVED',
            format('The %s distribution of %s for %s is approved, and recalculating it changes no owner''s amounts: '
                   'there is nothing to adjust', product, well.name, to_char(first_day, 'YYYY-MM')),
            'sales_month', 'Correct the sales statement, price, volume or deck first');
    end if;
    return (select d.id from app.revenue_distributions d
             where d.organization_id = org and d.well_id = well.id and d.sales_month = first_day
               and d.product = distribute_revenue.product
             order by d.revision desc limit 1);
end
$$;
comment on function app.distribute_revenue(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric) is
    'Calculates (or recalculates, while draft) one well-month-product distribution, or its adjustment once approved; '
    'returns the id of the revision written.';

set local role wellflow_api;

comment on function api.calculate_revenue_distribution(uuid, date, app.sales_product, app.volume_source, numeric, numeric, numeric) is
    'Calculates a well''s revenue for a month and product over the deck in effect on the first day. volume_source '
    'sales_statements (the default) reads the month''s /sales_statements: volume, price and deductions by type; production '
    'takes the month''s produced volume (allocated, where the month is allocated at /allocations) at the given price; '
    'entered takes the given volume and price. Taxes per component on '
    'each owner''s taxable value, deductions among the owners who bear them, cents residue to the operator. Re-running a draft '
    'replaces it; re-running an approved month writes an adjustment (the next revision) holding only the differences, '
    'owner by owner, and answers 409 WF_DISTRIBUTION_APPROVED when nothing changed. Accountants, admins, owners.';

commit;
