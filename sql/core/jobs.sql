-- Enqueueing background jobs from SQL, in the caller's transaction, so a job exists
-- if and only if the change that needs it commits.
set local role wellflow_owner;

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
