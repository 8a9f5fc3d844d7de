-- Well-months waiting for the validation job: production and well triggers add to it, the
-- job drains it organization by organization (app.validate_production).
set local role wellflow_owner;

-- Well-months changed since their last validation.
create table app.production_validation_queue (
    organization_id uuid not null references app.organizations (id),
    well_id uuid not null,
    month date not null,
    queued_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, well_id, month)
);
comment on table app.production_validation_queue is 'Well-months waiting for the validation job.';
alter table app.production_validation_queue enable row level security;
alter table app.production_validation_queue force row level security;
create policy production_validation_queue_tenant_all on app.production_validation_queue
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

-- The organization's validation job, enqueued once however many changes queue its well-months
-- before it runs (its queueing lock): production, a well's status and an allocation all call it.
create function app.defer_validation(organization_id uuid) returns void
language sql volatile
set search_path = pg_catalog, app
as $$
    select app.defer_job_once('validation', 'production__validate', jsonb_build_object('organization_id', organization_id),
                              'production__validate:' || organization_id);
$$;
comment on function app.defer_validation(uuid) is
    'Enqueues the organization''s validation job unless one is already waiting.';
