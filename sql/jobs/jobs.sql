-- What organization admins see of the job queue: their own jobs' depth, throughput and failures
-- with the error each attempt raised, and a retry for jobs that ran out of attempts. Jobs belong
-- to the organization in their organization_id argument (app.defer_job requires it).
set local role wellflow_owner;

create table app.job_errors (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    job_id bigint not null,
    task_name text not null,
    attempt integer not null,
    error text not null,
    occurred_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id)
);
comment on table app.job_errors is 'The error of each failed job attempt, recorded by the worker inside the job''s organization.';
create index job_errors_job_id_idx on app.job_errors (organization_id, job_id);

create table app.job_retries (
    organization_id uuid not null references app.organizations (id),
    failed_job_id bigint not null,
    new_job_id bigint not null,
    retried_by uuid references app.users (id),
    retried_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, failed_job_id)
);
comment on table app.job_retries is 'Failed jobs an admin retried, and the job that replaced each.';

create table app.job_alerts (
    organization_id uuid not null references app.organizations (id),
    job_id bigint not null,
    alerted_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, job_id)
);
comment on table app.job_alerts is 'Failed jobs whose admins have been e-mailed, so each alert goes out once.';

alter table app.job_errors enable row level security;
alter table app.job_errors force row level security;
alter table app.job_retries enable row level security;
alter table app.job_retries force row level security;
create trigger job_retries_stamp_actor before insert or update of retried_by on app.job_retries
    for each row execute function app.stamp_actor('retried_by');
alter table app.job_alerts enable row level security;
alter table app.job_alerts force row level security;
create policy job_errors_tenant_all on app.job_errors for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy job_retries_tenant_all on app.job_retries for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy job_alerts_tenant_all on app.job_alerts for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select, insert on app.job_errors, app.job_alerts to wellflow_worker;
grant select on app.job_errors, app.job_retries to wellflow_api;

-- Per queue and task: what waits, runs, succeeded and failed, and the last hour's throughput.
create function app.job_queue_stats()
returns table (queue_name text, task_name text, todo bigint, doing bigint, succeeded bigint, failed bigint,
               cancelled bigint, succeeded_last_hour bigint, failed_last_hour bigint, oldest_todo_at timestamptz)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select j.queue_name::text, j.task_name::text,
           count(*) filter (where j.status = 'todo'), count(*) filter (where j.status = 'doing'),
           count(*) filter (where j.status = 'succeeded'), count(*) filter (where j.status = 'failed'),
           count(*) filter (where j.status = 'cancelled'),
           count(*) filter (where j.status = 'succeeded' and finished.at > now() - interval '1 hour'),
           count(*) filter (where j.status = 'failed' and finished.at > now() - interval '1 hour'),
           min(queued.at) filter (where j.status = 'todo')
      from procrastinate.procrastinate_jobs j
      left join lateral (select max(e.at) as at from procrastinate.procrastinate_events e
                          where e.job_id = j.id and e.type::text in ('succeeded', 'failed')) finished on true
      left join lateral (select min(e.at) as at from procrastinate.procrastinate_events e
                          where e.job_id = j.id and e.type::text = 'deferred') queued on true
     where j.args ->> 'organization_id' = app.current_organization_id()::text
       and app.current_role_may('admins')
     group by j.queue_name, j.task_name
$$;
comment on function app.job_queue_stats() is 'Queue depth, throughput and failures of the current organization''s jobs (owners and admins).';

create function app.failed_jobs()
returns table (job_id bigint, queue_name text, task_name text, args jsonb, attempts integer, failed_at timestamptz,
               last_error text, errors bigint)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select j.id, j.queue_name::text, j.task_name::text, j.args, j.attempts,
           (select max(e.at) from procrastinate.procrastinate_events e where e.job_id = j.id and e.type::text = 'failed'),
           (select x.error from app.job_errors x where x.organization_id = app.current_organization_id()
                                                  and x.job_id = j.id order by x.occurred_at desc limit 1),
           (select count(*) from app.job_errors x where x.organization_id = app.current_organization_id() and x.job_id = j.id)
      from procrastinate.procrastinate_jobs j
     where j.status = 'failed'
       and j.args ->> 'organization_id' = app.current_organization_id()::text
       and app.current_role_may('admins')
       and not exists (select from app.job_retries r where r.organization_id = app.current_organization_id()
                                                       and r.failed_job_id = j.id)
$$;
comment on function app.failed_jobs() is 'The current organization''s jobs that ran out of attempts and were not retried, with their last error.';

-- A fresh job with the same task and arguments (every task is idempotent).
create function app.retry_job(job_id bigint) returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    failed record;
    new_job_id bigint;
begin
    perform app.assert_org_role('retry jobs', 'admins');
    select j.queue_name, j.task_name, j.args into failed from app.failed_jobs() j where j.job_id = retry_job.job_id;
    if not found then
        perform app.raise_error(404, 'WF_JOB_NOT_FOUND',
            format('No failed job %s of this organization is waiting for a retry', job_id), 'job_id', null);
    end if;
    new_job_id := app.defer_job(failed.queue_name, failed.task_name, failed.args);
    insert into app.job_retries (organization_id, failed_job_id, new_job_id, retried_by)
    values (app.current_organization_id(), job_id, new_job_id, app.current_user_id());
    return new_job_id;
end
$$;
comment on function app.retry_job(bigint) is 'Re-enqueues a failed job of the current organization (owners and admins); returns the new job id.';

-- Organizations with work for the periodic scans; owned by wellflow_auth, which may list them.
create function app.active_organization_ids() returns setof uuid
language sql stable security definer
set search_path = pg_catalog, app
as $$ select o.id from app.organizations o where o.status = 'active' order by o.id $$;
alter function app.active_organization_ids() owner to wellflow_auth;
comment on function app.active_organization_ids() is 'Active organizations, for periodic jobs that then act inside each one.';

grant execute on function app.job_queue_stats(), app.failed_jobs() to wellflow_api, wellflow_user;
grant execute on function app.retry_job(bigint) to wellflow_api;
grant execute on function app.active_organization_ids() to wellflow_worker;
set local role wellflow_api;

create view api.job_queue_stats as
    select app.current_organization_id() as organization_id, s.* from app.job_queue_stats() s;
comment on view api.job_queue_stats is 'The organization''s background jobs per queue and task (owners and admins; empty for others).';
comment on column api.job_queue_stats.organization_id is 'The organization.';
comment on column api.job_queue_stats.queue_name is 'validation, reports or notifications.';
comment on column api.job_queue_stats.task_name is 'The task, named <table>__<action>.';
comment on column api.job_queue_stats.todo is 'Jobs waiting.';
comment on column api.job_queue_stats.doing is 'Jobs running.';
comment on column api.job_queue_stats.succeeded is 'Jobs that succeeded.';
comment on column api.job_queue_stats.failed is 'Jobs that ran out of attempts.';
comment on column api.job_queue_stats.cancelled is 'Jobs cancelled.';
comment on column api.job_queue_stats.succeeded_last_hour is 'Throughput: jobs that succeeded in the last hour.';
comment on column api.job_queue_stats.failed_last_hour is 'Jobs that failed in the last hour.';
comment on column api.job_queue_stats.oldest_todo_at is 'When the oldest waiting job was queued.';

create view api.failed_jobs as
    select app.current_organization_id() as organization_id, f.* from app.failed_jobs() f;
comment on view api.failed_jobs is 'The organization''s jobs that ran out of attempts, with their last error; retry with /rpc/retry_job.';
comment on column api.failed_jobs.organization_id is 'The organization.';
comment on column api.failed_jobs.job_id is 'Job id.';
comment on column api.failed_jobs.queue_name is 'Queue.';
comment on column api.failed_jobs.task_name is 'Task.';
comment on column api.failed_jobs.args is 'The job''s arguments.';
comment on column api.failed_jobs.attempts is 'Attempts made.';
comment on column api.failed_jobs.failed_at is 'When the last attempt failed.';
comment on column api.failed_jobs.last_error is 'The error of the last attempt.';
comment on column api.failed_jobs.errors is 'Number of failed attempts recorded.';

create function api.retry_job(job_id bigint) returns bigint
language sql volatile security definer
set search_path = pg_catalog, app
as $$ select app.retry_job(job_id) $$;
comment on function api.retry_job(bigint) is 'Re-enqueues a failed job of the organization (owners and admins); returns the new job id.';
grant select on api.job_queue_stats, api.failed_jobs to wellflow_user;
grant execute on function api.retry_job(bigint)
    to wellflow_user;
