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
