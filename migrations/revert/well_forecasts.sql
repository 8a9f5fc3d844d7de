-- Revert wellflow:well_forecasts from pg
-- No forecasts: production triggers queue validation only.
begin;
set local role wellflow_api;
drop view api.remaining_volumes, api.remaining_volumes_by_field, api.remaining_volumes_by_lease, api.well_forecast_months,
    api.well_forecasts, api.well_forecast_overrides;
drop trigger forecast_settings_write on api.forecast_settings;
drop view api.forecast_settings;
drop function api.forecast_settings_write();
set local role wellflow_owner;
drop trigger production_queue_forecasts_after_insert on app.production;
drop trigger production_queue_forecasts_after_update on app.production;
drop trigger production_queue_forecasts_after_delete on app.production;
drop trigger wells_queue_forecasts on app.wells;
drop function app.forecast_settings_of(uuid);
drop table app.well_forecast_queue, app.well_forecast_overrides, app.well_forecast_years, app.well_forecast_months, app.well_forecasts,
    app.forecast_settings;
drop function app.queue_stale_well_forecasts(), app.release_well_forecasts(timestamptz),
    app.store_well_forecasts(timestamptz, jsonb), app.claim_well_forecasts(integer), app.wells_queue_forecasts(),
    app.well_forecast_overrides_queue(), app.production_queue_forecasts(), app.queue_well_forecasts(uuid, uuid[]);
drop type app.forecast_status, app.forecast_product;
commit;
