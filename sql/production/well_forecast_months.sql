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
