-- Verify wellflow:well_forecasts on pg
-- Raises unless the forecast tables, views and the job's functions exist.
select oil_economic_limit, terminal_decline from app.forecast_settings where false;
select status, initial_rate, eur from app.well_forecasts where false;
select is_forecast, volume from app.well_forecast_months where false;
select year, remaining from app.well_forecast_years where false;
select initial_decline, pinned_by from app.well_forecast_overrides where false;
select claimed_at from app.well_forecast_queue where false;
select remaining from api.remaining_volumes where false;
select 'app.claim_well_forecasts(integer)'::regprocedure, 'app.store_well_forecasts(timestamptz, jsonb)'::regprocedure,
       'app.queue_stale_well_forecasts()'::regprocedure;
