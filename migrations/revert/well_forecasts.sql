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
    app.store_well_forecasts(timestamptz, jsonb), app.claim_well_forecasts(integer), app.wells_queue_forecasts(), app.forecast_job_priority(),
    app.well_forecast_overrides_queue(), app.production_queue_forecasts(), app.queue_well_forecasts(uuid, uuid[]);
drop type app.forecast_status, app.forecast_product;
-- Jobs without a priority again.
drop function app.defer_job_once(text, text, jsonb, text, integer);
drop function app.defer_job(text, text, jsonb, text, timestamptz, integer);
-- Procrastinate's own functions use unqualified names, hence the pinned search_path.
create function app.defer_job(queue_name text, task_name text, args jsonb,
                              queueing_lock text default null,
                              scheduled_at timestamptz default null)
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
        row(queue_name, task_name, 0, null, queueing_lock, args, scheduled_at)::procrastinate_job_to_defer_v1]);
    return job_ids[1];
end
$$;
comment on function app.defer_job(text, text, jsonb, text, timestamptz) is
    'Enqueues a Procrastinate job in the current transaction: the job exists if and only if the change commits.';
grant execute on function app.defer_job(text, text, jsonb, text, timestamptz) to wellflow_api, wellflow_auth, wellflow_worker;

-- Enqueues a job unless one with the same queueing lock is already waiting.
create function app.defer_job_once(queue_name text, task_name text, args jsonb, queueing_lock text) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    if exists (select from procrastinate.procrastinate_jobs j
                where j.queueing_lock = defer_job_once.queueing_lock and j.status = 'todo') then
        return null;
    end if;
    return app.defer_job(queue_name, task_name, args, queueing_lock);
exception when unique_violation then
    return null;                                  -- a concurrent transaction enqueued it first
end
$$;
comment on function app.defer_job_once(text, text, jsonb, text) is
    'Enqueues a job in the current transaction unless the same queueing lock already waits.';
grant execute on function app.defer_job_once(text, text, jsonb, text) to wellflow_api, wellflow_worker;
commit;
