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
