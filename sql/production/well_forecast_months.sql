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

-- Remaining volumes by year, summed over a lease's, a field's and the organization's wells. A
-- well without a forecast adds nothing; wells counts the forecasts with volume in the year.
create view api.remaining_volumes_by_lease as
    with readable as (
        select m.organization_id, w.lease_id, extract(year from m.month)::integer as year, m.product,
               sum(m.volume) as remaining, count(distinct m.well_id) as wells
          from app.well_forecast_months m
          join app.wells w on w.organization_id = m.organization_id and w.id = m.well_id
         where m.is_forecast and w.lease_id is not null
         group by m.organization_id, w.lease_id, extract(year from m.month), m.product)
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
        select m.organization_id, w.field_id, extract(year from m.month)::integer as year, m.product,
               sum(m.volume) as remaining, count(distinct m.well_id) as wells
          from app.well_forecast_months m
          join app.wells w on w.organization_id = m.organization_id and w.id = m.well_id
         where m.is_forecast and w.field_id is not null
         group by m.organization_id, w.field_id, extract(year from m.month), m.product)
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
        select m.organization_id, extract(year from m.month)::integer as year, m.product,
               sum(m.volume) as remaining, count(distinct m.well_id) as wells
          from app.well_forecast_months m
         where m.is_forecast
         group by m.organization_id, extract(year from m.month), m.product)
    select * from readable;
comment on view api.remaining_volumes is
    'Forecast remaining volumes of the whole organization per year and product. Read-only.';
comment on column api.remaining_volumes.organization_id is 'The organization.';
comment on column api.remaining_volumes.year is 'Calendar year.';
comment on column api.remaining_volumes.product is 'oil (bbl) or gas (mcf).';
comment on column api.remaining_volumes.remaining is 'Forecast volume in the year.';
comment on column api.remaining_volumes.wells is 'Wells with forecast volume in the year.';

grant select on api.well_forecast_months, api.remaining_volumes_by_lease, api.remaining_volumes_by_field,
                api.remaining_volumes to wellflow_user, wellflow_analyst;
