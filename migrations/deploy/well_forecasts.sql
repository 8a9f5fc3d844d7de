-- Deploy wellflow:well_forecasts to pg
-- Decline-curve forecasts: organization settings (economic limits, terminal decline, months a fit
-- needs), each well's modified hyperbolic forecast per product with its months and yearly totals, an
-- engineer's pinned parameters, remaining volumes by lease, field and organization per year, and the
-- queue that refits a well after its production changes, at a job priority below the jobs people
-- wait for.
begin;

-- Jobs take a priority (a new argument with a default: the functions are replaced, callers keep working).
set local role wellflow_owner;
drop function app.defer_job_once(text, text, jsonb, text);
drop function app.defer_job(text, text, jsonb, text, timestamptz);

-- Procrastinate's own functions use unqualified names, hence the pinned search_path. Workers take
-- the highest priority first: bulk work (forecast refits) runs below 0 so the jobs people wait
-- for (validation, reports, e-mail) pass it.
create function app.defer_job(queue_name text, task_name text, args jsonb,
                              queueing_lock text default null,
                              scheduled_at timestamptz default null,
                              priority integer default 0)
returns bigint
language plpgsql volatile security definer
set search_path = procrastinate, pg_catalog
as $$
declare
    job_ids bigint[];
begin
    if args ->> 'organization_id' is null then
        raise exception 'every job carries organization_id (task %)', task_name;
    end if;
    job_ids := procrastinate_defer_jobs_v1(array[
        row(queue_name, task_name, priority, null, queueing_lock, args, scheduled_at)::procrastinate_job_to_defer_v1]);
    return job_ids[1];
end
$$;
comment on function app.defer_job(text, text, jsonb, text, timestamptz, integer) is
    'Enqueues a Procrastinate job in the current transaction: the job exists if and only if the change commits. Workers '
    'take higher priorities first (default 0).';
grant execute on function app.defer_job(text, text, jsonb, text, timestamptz, integer)
    to wellflow_api, wellflow_auth, wellflow_worker;

-- Enqueues a job unless one with the same queueing lock is already waiting.
create function app.defer_job_once(queue_name text, task_name text, args jsonb, queueing_lock text,
                                   priority integer default 0) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    if exists (select from procrastinate.procrastinate_jobs j
                where j.queueing_lock = defer_job_once.queueing_lock and j.status = 'todo') then
        return null;
    end if;
    return app.defer_job(queue_name, task_name, args, queueing_lock, null, priority);
exception when unique_violation then
    return null;                                  -- a concurrent transaction enqueued it first
end
$$;
comment on function app.defer_job_once(text, text, jsonb, text, integer) is
    'Enqueues a job in the current transaction unless the same queueing lock already waits.';
grant execute on function app.defer_job_once(text, text, jsonb, text, integer) to wellflow_api, wellflow_worker;

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

-- The months of each forecast: the fitted curve over the fitted period (for plotting beside the
-- history) and the forecast after it to the economic limit, whose sum is the forecast's remaining.
set local role wellflow_owner;

create table app.well_forecast_months (
    organization_id uuid not null,
    well_id uuid not null,
    product app.forecast_product not null,
    month date not null,
    -- Past the fitted period: what remains; within it: the fitted curve.
    is_forecast boolean not null,
    -- Average rate per producing day, and the month's volume (bbl or mcf).
    rate numeric not null,
    volume numeric not null,
    primary key (organization_id, well_id, product, month),
    constraint well_forecast_months_forecast_fkey foreign key (organization_id, well_id, product)
        references app.well_forecasts (organization_id, well_id, product) on delete cascade
);
comment on table app.well_forecast_months is 'Each forecast''s fitted and forecast months.';

alter table app.well_forecast_months enable row level security;
alter table app.well_forecast_months force row level security;
create policy well_forecast_months_tenant on app.well_forecast_months
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.well_forecast_months to wellflow_api, wellflow_worker;
set local role wellflow_api;

create view api.well_forecast_months as
    with readable as (
        select m.organization_id, m.well_id, m.product, m.month, m.is_forecast, m.rate, m.volume
          from app.well_forecast_months m)
    select * from readable;
comment on view api.well_forecast_months is
    'The months of each forecast (/well_forecasts): the fitted curve over the fitted period (is_forecast false) and the '
    'forecast after it to the economic limit (is_forecast true), whose volumes sum to the forecast''s remaining. Read-only.';
comment on column api.well_forecast_months.organization_id is 'The organization.';
comment on column api.well_forecast_months.well_id is 'The well (see /wells).';
comment on column api.well_forecast_months.product is 'oil (bbl) or gas (mcf).';
comment on column api.well_forecast_months.month is 'First day of the month.';
comment on column api.well_forecast_months.is_forecast is 'true after the fitted period (remaining); false: the fitted curve.';
comment on column api.well_forecast_months.rate is 'Average rate per producing day (every day of a forecast month), 3 decimals.';
comment on column api.well_forecast_months.volume is 'The month''s volume, bbl or mcf, 2 decimals.';

grant select on api.well_forecast_months to wellflow_user, wellflow_analyst;

-- Each forecast's remaining volume per calendar year, written with its months: the totals by
-- lease, field and organization read these (a few dozen rows per forecast) instead of summing
-- every forecast month (hundreds per forecast) on each request.
set local role wellflow_owner;

create table app.well_forecast_years (
    organization_id uuid not null,
    well_id uuid not null,
    product app.forecast_product not null,
    -- squawk-ignore prefer-bigint-over-int
    year integer not null,
    remaining numeric not null,
    primary key (organization_id, well_id, product, year),
    constraint well_forecast_years_forecast_fkey foreign key (organization_id, well_id, product)
        references app.well_forecasts (organization_id, well_id, product) on delete cascade
);
comment on table app.well_forecast_years is 'Each forecast''s remaining volume per calendar year (the sum of its forecast months).';

alter table app.well_forecast_years enable row level security;
alter table app.well_forecast_years force row level security;
create policy well_forecast_years_tenant on app.well_forecast_years
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.well_forecast_years to wellflow_api, wellflow_worker;
set local role wellflow_api;

-- Remaining volumes by year, summed over a lease's, a field's and the organization's wells. A
-- well without a forecast adds nothing; wells counts the forecasts with volume in the year.
create view api.remaining_volumes_by_lease as
    with readable as (
        select y.organization_id, w.lease_id, y.year, y.product, sum(y.remaining) as remaining,
               count(distinct y.well_id) as wells
          from app.well_forecast_years y
          join app.wells w on w.organization_id = y.organization_id and w.id = y.well_id
         where w.lease_id is not null
         group by y.organization_id, w.lease_id, y.year, y.product)
    select * from readable;
comment on view api.remaining_volumes_by_lease is
    'Forecast remaining volumes per lease, year and product: the sum of its wells'' forecast months (/well_forecast_months). '
    'Read-only.';
comment on column api.remaining_volumes_by_lease.organization_id is 'The organization.';
comment on column api.remaining_volumes_by_lease.lease_id is 'The lease (see /leases).';
comment on column api.remaining_volumes_by_lease.year is 'Calendar year.';
comment on column api.remaining_volumes_by_lease.product is 'oil (bbl) or gas (mcf).';
comment on column api.remaining_volumes_by_lease.remaining is 'Forecast volume in the year.';
comment on column api.remaining_volumes_by_lease.wells is 'Wells with forecast volume in the year.';

create view api.remaining_volumes_by_field as
    with readable as (
        select y.organization_id, w.field_id, y.year, y.product, sum(y.remaining) as remaining,
               count(distinct y.well_id) as wells
          from app.well_forecast_years y
          join app.wells w on w.organization_id = y.organization_id and w.id = y.well_id
         where w.field_id is not null
         group by y.organization_id, w.field_id, y.year, y.product)
    select * from readable;
comment on view api.remaining_volumes_by_field is
    'Forecast remaining volumes per field, year and product: the sum of its wells'' forecast months. Read-only.';
comment on column api.remaining_volumes_by_field.organization_id is 'The organization.';
comment on column api.remaining_volumes_by_field.field_id is 'The field (see /fields).';
comment on column api.remaining_volumes_by_field.year is 'Calendar year.';
comment on column api.remaining_volumes_by_field.product is 'oil (bbl) or gas (mcf).';
comment on column api.remaining_volumes_by_field.remaining is 'Forecast volume in the year.';
comment on column api.remaining_volumes_by_field.wells is 'Wells with forecast volume in the year.';

create view api.remaining_volumes as
    with readable as (
        select y.organization_id, y.year, y.product, sum(y.remaining) as remaining, count(*) as wells
          from app.well_forecast_years y
         group by y.organization_id, y.year, y.product)
    select * from readable;
comment on view api.remaining_volumes is
    'Forecast remaining volumes of the whole organization per year and product. Read-only.';
comment on column api.remaining_volumes.organization_id is 'The organization.';
comment on column api.remaining_volumes.year is 'Calendar year.';
comment on column api.remaining_volumes.product is 'oil (bbl) or gas (mcf).';
comment on column api.remaining_volumes.remaining is 'Forecast volume in the year.';
comment on column api.remaining_volumes.wells is 'Wells with forecast volume in the year.';

grant select on api.remaining_volumes_by_lease, api.remaining_volumes_by_field, api.remaining_volumes
    to wellflow_user, wellflow_analyst;

-- An engineer's own decline parameters for a well and product. The refit keeps them: the forecast
-- is then computed from these instead of fitted, and says so (status pinned). Every change is in
-- the audit log; removing the row lets the next fit take over again.
set local role wellflow_owner;

create table app.well_forecast_overrides (
    organization_id uuid not null references app.organizations (id),
    well_id uuid not null,
    product app.forecast_product not null,
    initial_rate numeric not null
        constraint well_forecast_overrides_initial_rate_check check (
            initial_rate > 0 and initial_rate < 1000000 and initial_rate = round(initial_rate, 3)),
    initial_decline numeric not null
        constraint well_forecast_overrides_initial_decline_check check (
            initial_decline > 0 and initial_decline < 1 and initial_decline = round(initial_decline, 6)),
    b_factor numeric not null
        constraint well_forecast_overrides_b_factor_check check (
            b_factor >= 0 and b_factor <= 2 and b_factor = round(b_factor, 4)),
    terminal_decline numeric not null
        constraint well_forecast_overrides_terminal_decline_check check (
            terminal_decline > 0 and terminal_decline < 0.5 and terminal_decline = round(terminal_decline, 4)),
    note text not null
        constraint well_forecast_overrides_note_check check (char_length(btrim(note)) between 1 and 500),
    pinned_by uuid references app.users (id) default app.current_user_id(),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, well_id, product),
    constraint well_forecast_overrides_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade,
    -- A decline that ends faster than it starts is no modified hyperbolic.
    constraint well_forecast_overrides_terminal_decline_below_initial_check check (terminal_decline < initial_decline)
);
comment on table app.well_forecast_overrides is 'Decline parameters an engineer pinned for a well and product; the refit keeps them.';
create index well_forecast_overrides_pinned_by_idx on app.well_forecast_overrides (pinned_by);

create trigger well_forecast_overrides_set_updated_at before update on app.well_forecast_overrides
    for each row execute function app.set_updated_at();
create trigger well_forecast_overrides_stamp_actor before insert or update of pinned_by on app.well_forecast_overrides
    for each row execute function app.stamp_actor('pinned_by');
create trigger well_forecast_overrides_audit after insert or update or delete on app.well_forecast_overrides
    for each row execute function app.audit_change();
create trigger well_forecast_overrides_require_asset_writer before insert or update or delete on app.well_forecast_overrides
    for each statement execute function app.require_org_role('asset_writers');

alter table app.well_forecast_overrides enable row level security;
alter table app.well_forecast_overrides force row level security;

create policy well_forecast_overrides_tenant_read on app.well_forecast_overrides
    for select
    using (organization_id = (select app.current_organization_id()));
create policy well_forecast_overrides_asset_writer_write on app.well_forecast_overrides
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.well_forecast_overrides to wellflow_api;
grant select on app.well_forecast_overrides to wellflow_worker;
set local role wellflow_api;

create view api.well_forecast_overrides as
    select organization_id, well_id, product, initial_rate, initial_decline, b_factor, terminal_decline, note, pinned_by,
           created_at, updated_at
      from app.well_forecast_overrides;
alter view api.well_forecast_overrides alter column organization_id set default app.current_organization_id();
comment on view api.well_forecast_overrides is
    'Decline parameters an engineer pins for a well and product: the well''s forecast (/well_forecasts) is computed from them '
    'instead of fitted (status pinned) within a minute, and every refit keeps them until the row is deleted. Every change '
    'is in the audit log. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.well_forecast_overrides.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.well_forecast_overrides.well_id is 'The well (see /wells).';
comment on column api.well_forecast_overrides.product is 'oil or gas.';
comment on column api.well_forecast_overrides.initial_rate is 'qi: rate at the start of the peak month, per day, above 0, 3 decimals.';
comment on column api.well_forecast_overrides.initial_decline is 'Di: annual secant effective decline, in (0, 1), 6 decimals.';
comment on column api.well_forecast_overrides.b_factor is 'b: hyperbolic exponent, 0-2, 4 decimals.';
comment on column api.well_forecast_overrides.terminal_decline is
    'Dterm: annual effective decline of the exponential tail, in (0, 0.5) and below initial_decline, 4 decimals.';
comment on column api.well_forecast_overrides.note is 'Why the parameters are pinned (1-500 characters).';
comment on column api.well_forecast_overrides.pinned_by is 'Who pinned them (the signed-in user).';
comment on column api.well_forecast_overrides.created_at is 'When the row was created.';
comment on column api.well_forecast_overrides.updated_at is 'When the row was last changed.';
grant select on api.well_forecast_overrides to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.well_forecast_overrides to wellflow_user;

-- Wells waiting for the forecast job. A change to a well's production or to its pinned parameters
-- queues the well and one refit job per organization (forecasts__refit, debounced by its queueing
-- lock); the nightly scan queues wells whose forecast is older than a month. Each job claims a batch
-- of wells and enqueues the next job before it fits, so several workers share a large queue.
set local role wellflow_owner;

create table app.well_forecast_queue (
    organization_id uuid not null references app.organizations (id),
    well_id uuid not null,
    queued_at timestamptz not null default clock_timestamp(),
    -- Set while a job fits the well; a change meanwhile clears it, so the well is fitted again.
    claimed_at timestamptz,
    primary key (organization_id, well_id),
    constraint well_forecast_queue_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade
);
comment on table app.well_forecast_queue is 'Wells waiting for the forecast job.';
create index well_forecast_queue_queued_at_idx on app.well_forecast_queue (organization_id, queued_at);

alter table app.well_forecast_queue enable row level security;
alter table app.well_forecast_queue force row level security;
create policy well_forecast_queue_tenant_all on app.well_forecast_queue
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

-- Refits are bulk work that no one waits on: below the default priority, so validation, reports and
-- e-mail jobs pass a long forecast queue.
create function app.forecast_job_priority() returns integer
language sql immutable parallel safe
as $$ select -10 $$;
comment on function app.forecast_job_priority() is 'The priority of forecast refit jobs: below every job people wait for (0).';
grant execute on function app.forecast_job_priority() to wellflow_api, wellflow_worker;

-- One rule for queueing: the wells go in (a claimed well goes back to waiting) and each
-- organization's refit job is enqueued unless one already waits.
create function app.queue_well_forecasts(organization uuid, well_ids uuid[]) returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    queued integer;
begin
    -- In key order, as the job's store locks them: two writers never wait on each other crosswise.
    insert into app.well_forecast_queue (organization_id, well_id)
    select distinct organization, w from unnest(well_ids) w order by 2
    on conflict (organization_id, well_id) do update set queued_at = excluded.queued_at, claimed_at = null;
    get diagnostics queued = row_count;
    if queued > 0 then
        perform app.defer_job_once('forecasts', 'forecasts__refit', jsonb_build_object('organization_id', organization),
                                   'forecasts__refit:' || organization, app.forecast_job_priority());
    end if;
    return queued;
end
$$;
comment on function app.queue_well_forecasts(uuid, uuid[]) is
    'Queues wells for the forecast job and enqueues the organization''s refit job unless one waits.';
grant execute on function app.queue_well_forecasts(uuid, uuid[]) to wellflow_api;

-- Statement trigger on production: the wells whose days changed.
create function app.production_queue_forecasts() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    organization uuid;
begin
    for organization in select distinct c.organization_id from changed_rows c loop
        perform app.queue_well_forecasts(organization, array(select distinct c.well_id from changed_rows c
                                                               where c.organization_id = organization));
    end loop;
    return null;
end
$$;
comment on function app.production_queue_forecasts() is
    'Statement trigger: queues the wells whose production changed for the forecast job.';

create trigger production_queue_forecasts_after_insert after insert on app.production
    referencing new table as changed_rows
    for each statement execute function app.production_queue_forecasts();
create trigger production_queue_forecasts_after_update after update on app.production
    referencing new table as changed_rows
    for each statement execute function app.production_queue_forecasts();
create trigger production_queue_forecasts_after_delete after delete on app.production
    referencing old table as changed_rows
    for each statement execute function app.production_queue_forecasts();

-- Pinned parameters changed: the well's forecast follows them (or the fit again, once removed).
create function app.well_forecast_overrides_queue() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    if tg_op = 'DELETE' then
        perform app.queue_well_forecasts(old.organization_id, array[old.well_id]);
    else
        perform app.queue_well_forecasts(new.organization_id, array[new.well_id]);
    end if;
    return null;
end
$$;
comment on function app.well_forecast_overrides_queue() is 'Trigger: a changed override queues its well for the forecast job.';
create trigger well_forecast_overrides_queue after insert or update or delete on app.well_forecast_overrides
    for each row execute function app.well_forecast_overrides_queue();

-- A well that is plugged, converted to injection or brought back has other reserves: it is fitted
-- again (once it has production to fit).
create function app.wells_queue_forecasts() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    if exists (select from app.production_monthly_wells m where m.organization_id = new.organization_id and m.well_id = new.id) then
        perform app.queue_well_forecasts(new.organization_id, array[new.id]);
    end if;
    return null;
end
$$;
comment on function app.wells_queue_forecasts() is 'Trigger: a well''s new status queues it for the forecast job.';
create trigger wells_queue_forecasts after update of status on app.wells
    for each row when (old.status is distinct from new.status)
    execute function app.wells_queue_forecasts();

-- The job's first step, in a transaction of its own so the next job can start beside it: claims up
-- to batch_size waiting wells (oldest first; a claim older than ten minutes is a job that died) under
-- one claim time and, when more wait, enqueues the next job.
create function app.claim_well_forecasts(batch_size integer) returns table (well_id uuid, claimed_at timestamptz)
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    org constant uuid := app.current_organization_id();
    stamp constant timestamptz := clock_timestamp();
begin
    return query
    with picked as (
        select q.well_id from app.well_forecast_queue q
         where q.organization_id = org and (q.claimed_at is null or q.claimed_at < stamp - interval '10 minutes')
         order by q.queued_at, q.well_id
         limit batch_size
           for update skip locked)
    update app.well_forecast_queue q set claimed_at = stamp
      from picked where q.organization_id = org and q.well_id = picked.well_id
    returning q.well_id, q.claimed_at;
    if exists (select from app.well_forecast_queue q
                where q.organization_id = org and (q.claimed_at is null or q.claimed_at < stamp - interval '10 minutes')) then
        perform app.defer_job_once('forecasts', 'forecasts__refit', jsonb_build_object('organization_id', org),
                                   'forecasts__refit:' || org, app.forecast_job_priority());
    end if;
end
$$;
comment on function app.claim_well_forecasts(integer) is
    'The forecast job''s claim of a batch of the current organization''s queued wells, all under one claim time; enqueues '
    'the next job when more wait.';
grant execute on function app.claim_well_forecasts(integer) to wellflow_worker;

-- The job's last step: the forecasts of the wells still held by this claim replace their earlier ones,
-- and those wells leave the queue. A well changed during the fit (queued again, claim cleared) or
-- claimed since by another job keeps its place: that fit is not stored over a newer one.
-- forecasts is a JSON array of app.well_forecasts rows, each with "months": [[month, is_forecast,
-- rate, volume], ...].
create function app.store_well_forecasts(claim timestamptz, forecasts jsonb) returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    org constant uuid := app.current_organization_id();
    held uuid[];
    stored integer;
begin
    select coalesce(array_agg(h.well_id order by h.well_id), '{}') into held
      from (select q.well_id from app.well_forecast_queue q
             where q.organization_id = org and q.claimed_at = claim
             order by q.well_id
               for update) h;
    delete from app.well_forecasts f where f.organization_id = org and f.well_id = any (held);
    insert into app.well_forecasts (organization_id, well_id, product, status, reason, initial_rate, initial_decline,
                                    b_factor, terminal_decline, fit_start, fit_end, months_fitted, r_squared,
                                    economic_limit, cumulative, remaining, forecast_end)
    select org, f.well_id, f.product, f.status, f.reason, f.initial_rate, f.initial_decline, f.b_factor,
           f.terminal_decline, f.fit_start, f.fit_end, f.months_fitted, f.r_squared, f.economic_limit, f.cumulative,
           f.remaining, f.forecast_end
      from jsonb_populate_recordset(null::app.well_forecasts, forecasts) f
     where f.well_id = any (held);
    get diagnostics stored = row_count;
    insert into app.well_forecast_months (organization_id, well_id, product, month, is_forecast, rate, volume)
    select org, (f ->> 'well_id')::uuid, (f ->> 'product')::app.forecast_product, (m ->> 0)::date, (m ->> 1)::boolean,
           (m ->> 2)::numeric, (m ->> 3)::numeric
      from jsonb_array_elements(forecasts) f
     cross join lateral jsonb_array_elements(f -> 'months') m
     where (f ->> 'well_id')::uuid = any (held);
    insert into app.well_forecast_years (organization_id, well_id, product, year, remaining)
    select org, m.well_id, m.product, extract(year from m.month)::integer, sum(m.volume)
      from app.well_forecast_months m
     where m.organization_id = org and m.well_id = any (held) and m.is_forecast
     group by m.well_id, m.product, extract(year from m.month);
    delete from app.well_forecast_queue q where q.organization_id = org and q.claimed_at = claim;
    return stored;
end
$$;
comment on function app.store_well_forecasts(timestamptz, jsonb) is
    'The forecast job''s results for the wells its claim still holds: replaces their forecasts, months and yearly totals, '
    'and takes them off the queue.';
grant execute on function app.store_well_forecasts(timestamptz, jsonb) to wellflow_worker;

-- A job that failed gives its wells back at once, for its retry or the next job.
create function app.release_well_forecasts(claim timestamptz) returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    released integer;
begin
    update app.well_forecast_queue q set claimed_at = null
     where q.organization_id = app.current_organization_id() and q.claimed_at = claim;
    get diagnostics released = row_count;
    return released;
end
$$;
comment on function app.release_well_forecasts(timestamptz) is 'Gives a failed forecast job''s claimed wells back to the queue.';
grant execute on function app.release_well_forecasts(timestamptz) to wellflow_worker;

-- The nightly scan: wells with production whose forecast is missing or older than a month.
create function app.queue_stale_well_forecasts() returns integer
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    org constant uuid := app.current_organization_id();
begin
    return app.queue_well_forecasts(org, array(
        select w.id from app.wells w
         where w.organization_id = org
           and exists (select from app.production_monthly_wells m where m.organization_id = org and m.well_id = w.id)
           and not exists (select from app.well_forecasts f
                            where f.organization_id = org and f.well_id = w.id
                              and f.fitted_at >= clock_timestamp() - interval '1 month')
           and not exists (select from app.well_forecast_queue q
                            where q.organization_id = org and q.well_id = w.id
                              and (q.claimed_at is null or q.claimed_at >= clock_timestamp() - interval '10 minutes'))));
end
$$;
comment on function app.queue_stale_well_forecasts() is
    'Queues the current organization''s wells with production whose forecast is missing or older than a month.';
grant execute on function app.queue_stale_well_forecasts() to wellflow_worker;

commit;
