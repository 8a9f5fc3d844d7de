-- What the decline-curve forecasts of an organization stop at and tend to: the economic-limit rates
-- below which a well no longer pays its way, the terminal decline a hyperbolic decline switches to,
-- and how many producing months since the peak a fit needs. Without a row the defaults of
-- app.forecast_settings_of apply.
set local role wellflow_owner;

create table app.forecast_settings (
    organization_id uuid not null references app.organizations (id),
    -- Oil rate (bbl/d) below which a forecast ends.
    oil_economic_limit numeric not null
        constraint forecast_settings_oil_economic_limit_check check (
            oil_economic_limit > 0 and oil_economic_limit < 100000 and oil_economic_limit = round(oil_economic_limit, 2)),
    -- Gas rate (mcf/d) below which a forecast ends.
    gas_economic_limit numeric not null
        constraint forecast_settings_gas_economic_limit_check check (
            gas_economic_limit > 0 and gas_economic_limit < 1000000 and gas_economic_limit = round(gas_economic_limit, 2)),
    -- Annual effective decline of the exponential tail the modified hyperbolic switches to when its
    -- decline falls to it.
    terminal_decline numeric not null
        constraint forecast_settings_terminal_decline_check check (
            terminal_decline > 0 and terminal_decline < 0.5 and terminal_decline = round(terminal_decline, 4)),
    -- Producing months since the peak a fit needs (three parameters are fitted).
    -- squawk-ignore prefer-bigint-over-int
    minimum_months integer not null
        constraint forecast_settings_minimum_months_check check (minimum_months between 4 and 60),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id)
);
comment on table app.forecast_settings is
    'Decline-curve forecast settings per organization; a missing row means the defaults of app.forecast_settings_of.';

create trigger forecast_settings_set_updated_at before update on app.forecast_settings
    for each row execute function app.set_updated_at();
create trigger forecast_settings_audit after insert or update or delete on app.forecast_settings
    for each row execute function app.audit_change();
create trigger forecast_settings_require_asset_writer before insert or update or delete on app.forecast_settings
    for each statement execute function app.require_org_role('asset_writers');

alter table app.forecast_settings enable row level security;
alter table app.forecast_settings force row level security;

create policy forecast_settings_tenant_read on app.forecast_settings
    for select
    using (organization_id = (select app.current_organization_id()));
create policy forecast_settings_asset_writer_write on app.forecast_settings
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.forecast_settings to wellflow_api;
grant select on app.forecast_settings to wellflow_worker;

-- The one place the defaults live: 5 bbl/d of oil and 30 mcf/d of gas, rates below which a
-- stripper well's revenue rarely covers its lease operating expense; a terminal decline of 6 % a
-- year, the usual floor for shale wells' late life; six producing months since the peak.
create function app.forecast_settings_of(organization uuid) returns app.forecast_settings
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select coalesce(
        (select s from app.forecast_settings s where s.organization_id = organization),
        row(organization, 5, 30, 0.06, 6, null, null)::app.forecast_settings)
$$;
comment on function app.forecast_settings_of(uuid) is
    'The organization''s forecast settings, or the defaults (5 bbl/d oil and 30 mcf/d gas economic limits, 6 % terminal '
    'decline, 6 producing months since the peak) when it has none.';
grant execute on function app.forecast_settings_of(uuid) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.forecast_settings as
    select s.organization_id, s.oil_economic_limit, s.gas_economic_limit, s.terminal_decline, s.minimum_months, s.updated_at
      from app.organizations o cross join lateral app.forecast_settings_of(o.id) s;
comment on view api.forecast_settings is
    'The organization''s decline-curve forecast settings (one row, defaults until changed). Everyone reads; owners, admins, '
    'managers and engineers PATCH it; a change refits every forecast of the organization.';
comment on column api.forecast_settings.organization_id is 'The organization.';
comment on column api.forecast_settings.oil_economic_limit is 'Oil rate, bbl/d, below which a forecast ends; default 5.';
comment on column api.forecast_settings.gas_economic_limit is 'Gas rate, mcf/d, below which a forecast ends; default 30.';
comment on column api.forecast_settings.terminal_decline is
    'Annual effective decline of the exponential tail a modified hyperbolic forecast switches to once its decline falls to '
    'it; default 0.06.';
comment on column api.forecast_settings.minimum_months is
    'Producing months since the peak a well needs before it is fitted, 4-60; default 6.';
comment on column api.forecast_settings.updated_at is 'When the settings were last changed; null while they are the defaults.';

-- Writes to the settings view land in app.forecast_settings (created on first change).
create function api.forecast_settings_write() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.forecast_settings (organization_id, oil_economic_limit, gas_economic_limit, terminal_decline,
                                       minimum_months)
    values (old.organization_id, new.oil_economic_limit, new.gas_economic_limit, new.terminal_decline, new.minimum_months)
    on conflict (organization_id) do update
       set oil_economic_limit = excluded.oil_economic_limit,
           gas_economic_limit = excluded.gas_economic_limit,
           terminal_decline = excluded.terminal_decline,
           minimum_months = excluded.minimum_months;
    -- Every forecast ends at, or needs, something else now: each well with one is fitted again.
    if (new.oil_economic_limit, new.gas_economic_limit, new.terminal_decline, new.minimum_months)
       is distinct from (old.oil_economic_limit, old.gas_economic_limit, old.terminal_decline, old.minimum_months) then
        perform app.queue_well_forecasts(old.organization_id, array(
            select distinct f.well_id from app.well_forecasts f where f.organization_id = old.organization_id));
    end if;
    return new;
end
$$;
comment on function api.forecast_settings_write() is 'Trigger: PATCH /forecast_settings stores the organization''s settings.';
create trigger forecast_settings_write instead of update on api.forecast_settings
    for each row execute function api.forecast_settings_write();

grant select on api.forecast_settings to wellflow_user, wellflow_analyst;
grant update on api.forecast_settings to wellflow_user;
