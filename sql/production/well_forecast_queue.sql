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
