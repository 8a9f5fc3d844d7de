-- An engineer's own decline parameters for a well and product. The refit keeps them: the forecast
-- is then computed from these instead of fitted, and says so (status pinned). Every change is in
-- the audit log; removing the row lets the next fit take over again.
set local role wellflow_owner;

create table app.well_forecast_overrides (
    organization_id uuid not null references app.organizations (id),
    well_id uuid not null,
    product app.forecast_product not null,
    initial_rate numeric not null
        constraint well_forecast_overrides_initial_rate_check check (
            initial_rate > 0 and initial_rate < 1000000 and initial_rate = round(initial_rate, 3)),
    initial_decline numeric not null
        constraint well_forecast_overrides_initial_decline_check check (
            initial_decline > 0 and initial_decline < 1 and initial_decline = round(initial_decline, 6)),
    b_factor numeric not null
        constraint well_forecast_overrides_b_factor_check check (
            b_factor >= 0 and b_factor <= 2 and b_factor = round(b_factor, 4)),
    terminal_decline numeric not null
        constraint well_forecast_overrides_terminal_decline_check check (
            terminal_decline > 0 and terminal_decline < 0.5 and terminal_decline = round(terminal_decline, 4)),
    note text not null
        constraint well_forecast_overrides_note_check check (char_length(btrim(note)) between 1 and 500),
    pinned_by uuid references app.users (id) default app.current_user_id(),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, well_id, product),
    constraint well_forecast_overrides_well_id_fkey foreign key (organization_id, well_id)
        references app.wells (organization_id, id) on delete cascade,
    -- A decline that ends faster than it starts is no modified hyperbolic.
    constraint well_forecast_overrides_terminal_decline_below_initial_check check (terminal_decline < initial_decline)
);
comment on table app.well_forecast_overrides is 'Decline parameters an engineer pinned for a well and product; the refit keeps them.';
create index well_forecast_overrides_pinned_by_idx on app.well_forecast_overrides (pinned_by);

create trigger well_forecast_overrides_set_updated_at before update on app.well_forecast_overrides
    for each row execute function app.set_updated_at();
create trigger well_forecast_overrides_stamp_actor before insert or update of pinned_by on app.well_forecast_overrides
    for each row execute function app.stamp_actor('pinned_by');
create trigger well_forecast_overrides_audit after insert or update or delete on app.well_forecast_overrides
    for each row execute function app.audit_change();
create trigger well_forecast_overrides_require_asset_writer before insert or update or delete on app.well_forecast_overrides
    for each statement execute function app.require_org_role('asset_writers');

alter table app.well_forecast_overrides enable row level security;
alter table app.well_forecast_overrides force row level security;

create policy well_forecast_overrides_tenant_read on app.well_forecast_overrides
    for select
    using (organization_id = (select app.current_organization_id()));
create policy well_forecast_overrides_asset_writer_write on app.well_forecast_overrides
    for all
    using (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()) and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.well_forecast_overrides to wellflow_api;
grant select on app.well_forecast_overrides to wellflow_worker;
set local role wellflow_api;

create view api.well_forecast_overrides as
    select organization_id, well_id, product, initial_rate, initial_decline, b_factor, terminal_decline, note, pinned_by,
           created_at, updated_at
      from app.well_forecast_overrides;
alter view api.well_forecast_overrides alter column organization_id set default app.current_organization_id();
comment on view api.well_forecast_overrides is
    'Decline parameters an engineer pins for a well and product: the well''s forecast (/well_forecasts) is computed from them '
    'instead of fitted (status pinned) within a minute, and every refit keeps them until the row is deleted. Every change '
    'is in the audit log. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.well_forecast_overrides.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.well_forecast_overrides.well_id is 'The well (see /wells).';
comment on column api.well_forecast_overrides.product is 'oil or gas.';
comment on column api.well_forecast_overrides.initial_rate is 'qi: rate at the start of the peak month, per day, above 0, 3 decimals.';
comment on column api.well_forecast_overrides.initial_decline is 'Di: annual secant effective decline, in (0, 1), 6 decimals.';
comment on column api.well_forecast_overrides.b_factor is 'b: hyperbolic exponent, 0-2, 4 decimals.';
comment on column api.well_forecast_overrides.terminal_decline is
    'Dterm: annual effective decline of the exponential tail, in (0, 0.5) and below initial_decline, 4 decimals.';
comment on column api.well_forecast_overrides.note is 'Why the parameters are pinned (1-500 characters).';
comment on column api.well_forecast_overrides.pinned_by is 'Who pinned them (the signed-in user).';
comment on column api.well_forecast_overrides.created_at is 'When the row was created.';
comment on column api.well_forecast_overrides.updated_at is 'When the row was last changed.';
grant select on api.well_forecast_overrides to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.well_forecast_overrides to wellflow_user;
