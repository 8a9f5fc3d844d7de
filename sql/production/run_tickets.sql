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
