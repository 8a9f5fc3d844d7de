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
set local role wellflow_api;

create view api.run_tickets as
    select organization_id, id, measurement_point_id, ticket_number, ticket_date, purchaser_company_id, gross_volume,
           observed_temperature_f, api_gravity, bsw_percent, ctl, net_standard_volume, net_volume_derived, created_at,
           updated_at
      from app.run_tickets;
alter view api.run_tickets alter column organization_id set default app.current_organization_id();
comment on view api.run_tickets is
    'Oil run tickets of tank batteries and LACT units. POST one or a JSON array (or CSV with Content-Type: text/csv); a ticket '
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
