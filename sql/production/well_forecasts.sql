-- Decline-curve forecasts, one per well and product: a modified hyperbolic Arps decline (Robertson,
-- SPE-18731-MS: hyperbolic until its decline falls to the terminal decline, exponential after)
-- fitted by the worker to the well's monthly production since its peak, or pinned by an engineer
-- (app.well_forecast_overrides). The worker writes them through app.store_well_forecasts only.
set local role wellflow_owner;

create type app.forecast_product as enum ('oil', 'gas');
comment on type app.forecast_product is 'The products a decline curve is fitted to.';
create type app.forecast_status as enum ('fitted', 'pinned', 'not_enough_history', 'not_producing', 'fit_failed');
comment on type app.forecast_status is
    'fitted: parameters fitted to the history; pinned: an engineer''s parameters; not_enough_history, not_producing '
    '(plugged and abandoned or injecting), fit_failed: no forecast, reason says why.';

create table app.well_forecasts (
    organization_id uuid not null references app.organizations (id),
    well_id uuid not null,
    product app.forecast_product not null,
    status app.forecast_status not null,
    -- Why there is no forecast; empty for a fitted or pinned one.
    reason text,
    -- Modified hyperbolic: the rate at the start of the fitted period (the peak month), its annual
    -- secant effective decline, the b-factor, and the annual effective decline of the exponential tail.
    initial_rate numeric,
    initial_decline numeric,
    b_factor numeric,
    terminal_decline numeric,
    -- The fitted period: the peak month to the last producing month, and how many producing months it
    -- holds (a few hundred at most).
    fit_start date,
    fit_end date,
    -- squawk-ignore prefer-bigint-over-int
    months_fitted integer not null default 0,
    -- Coefficient of determination of the fitted monthly volumes, on a log scale (1 is a perfect fit).
    r_squared numeric,
    -- The rate (per day) the forecast ends at, from the organization's settings.
    economic_limit numeric not null,
    -- Everything the well produced of the product, up to fit_end (or its last month).
    cumulative numeric not null,
    -- The forecast after fit_end to the economic limit.
    remaining numeric not null,
    eur numeric generated always as (cumulative + remaining) stored,
    forecast_end date,
    fitted_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, well_id, product),
    constraint well_forecasts_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade,
    constraint well_forecasts_parameters_check check (
        (status in ('fitted', 'pinned')) = (initial_rate is not null and initial_decline is not null and b_factor is not null
                                            and terminal_decline is not null and fit_start is not null)),
    constraint well_forecasts_reason_check check ((status in ('fitted', 'pinned')) = (reason is null))
);
comment on table app.well_forecasts is
    'Each well''s decline-curve forecast per product (modified hyperbolic Arps), fitted by the worker or pinned by an engineer.';
create index well_forecasts_fitted_at_idx on app.well_forecasts (organization_id, fitted_at);

alter table app.well_forecasts enable row level security;
alter table app.well_forecasts force row level security;
create policy well_forecasts_tenant on app.well_forecasts
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.well_forecasts to wellflow_api, wellflow_worker;
set local role wellflow_api;

create view api.well_forecasts as
    with readable as (
        select f.organization_id, f.well_id, f.product, f.status, f.reason, f.initial_rate, f.initial_decline, f.b_factor,
               f.terminal_decline, f.fit_start, f.fit_end, f.months_fitted, f.r_squared, f.economic_limit, f.cumulative,
               f.remaining, f.eur, f.forecast_end, f.fitted_at
          from app.well_forecasts f)
    select * from readable;
comment on view api.well_forecasts is
    'Each well''s decline-curve forecast per product: a modified hyperbolic Arps decline fitted by the worker to the well''s '
    'monthly production since its peak (shut-in months skipped, time counted in producing days), or an engineer''s pinned '
    'parameters (/well_forecast_overrides), to the economic limit of /forecast_settings. Refitted within a minute of a change '
    'to the well''s production, and nightly when older than a month. EUR = cumulative + remaining. Read-only.';
comment on column api.well_forecasts.organization_id is 'The organization.';
comment on column api.well_forecasts.well_id is 'The well (see /wells).';
comment on column api.well_forecasts.product is 'oil (bbl) or gas (mcf).';
comment on column api.well_forecasts.status is
    'fitted, pinned (an engineer''s parameters), or no forecast: not_enough_history, not_producing (plugged and abandoned '
    'or injecting: nothing remains; a shut-in well keeps its forecast), fit_failed.';
comment on column api.well_forecasts.reason is 'Why there is no forecast; empty for a fitted or pinned one.';
comment on column api.well_forecasts.initial_rate is 'qi: the rate at the start of the peak month, per day, 3 decimals.';
comment on column api.well_forecasts.initial_decline is 'Di: initial decline, annual secant effective (0-1), 6 decimals.';
comment on column api.well_forecasts.b_factor is 'b: the hyperbolic exponent (0-2), 4 decimals.';
comment on column api.well_forecasts.terminal_decline is
    'Dterm: annual effective decline of the exponential tail, from /forecast_settings unless pinned.';
comment on column api.well_forecasts.fit_start is 'The peak month: first month of the fitted period.';
comment on column api.well_forecasts.fit_end is 'The last month with production.';
comment on column api.well_forecasts.months_fitted is 'Producing months in the fitted period (shut-in months are skipped).';
comment on column api.well_forecasts.r_squared is 'Fit quality: R² of the log monthly volumes since the peak (1 is perfect), 4 decimals.';
comment on column api.well_forecasts.economic_limit is 'The rate, per day, the forecast ends below.';
comment on column api.well_forecasts.cumulative is 'Produced through fit_end, bbl or mcf.';
comment on column api.well_forecasts.remaining is 'Forecast after fit_end to the economic limit (at most 50 years), bbl or mcf.';
comment on column api.well_forecasts.eur is 'Estimated ultimate recovery: cumulative + remaining.';
comment on column api.well_forecasts.forecast_end is 'The last forecast month above the economic limit; empty when none is.';
comment on column api.well_forecasts.fitted_at is 'When the forecast was computed.';

grant select on api.well_forecasts to wellflow_user, wellflow_analyst;
