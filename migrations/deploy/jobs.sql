-- Deploy wellflow:jobs to pg
-- Frozen copy of sql/jobs.sql as first released; later changes alter, never edit this file.
begin;

-- Enqueueing background jobs from SQL, in the caller's transaction (DESIGN §8).
set local role wellflow_owner;

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

commit;
