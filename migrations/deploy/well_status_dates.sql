-- Deploy wellflow:well_status_dates to pg
-- Frozen copy of sql/well_status_dates.sql as first released; later changes alter, never edit this file.
begin;

-- When a well's current status took effect: production after a shut-in or plugging date is a
-- data-quality finding, production before it is history. Set with the status or stamped today.
set local role wellflow_owner;

-- Existing wells get today: their history before today stays unflagged.
alter table app.wells add column status_date date not null default current_date;

create function app.wells_stamp_status_date() returns trigger
language plpgsql
set search_path = pg_catalog
as $$
begin
    if new.status is distinct from old.status and new.status_date is not distinct from old.status_date then
        new.status_date := current_date;
    end if;
    return new;
end
$$;
comment on function app.wells_stamp_status_date() is 'Trigger: a new status takes effect today unless status_date says otherwise.';
create trigger wells_stamp_status_date before update on app.wells
    for each row execute function app.wells_stamp_status_date();

set local role wellflow_api;
create or replace view api.wells as
    select organization_id, id, well_number, app.format_well_number(well_number) as well_number_formatted,
           name, lease_id, field_id, operator_company_id, status, well_type, horizontal, offshore,
           drilling_contractor_id, rig_name, surface_latitude, surface_longitude, spud_date, completion_date,
           first_production_date, measured_depth, true_vertical_depth, lateral_length, created_at, updated_at,
           status_date
      from app.wells;
alter view api.wells alter column organization_id set default app.current_organization_id();
comment on column api.wells.status_date is
    'When the current status took effect; defaults to today when the status changes. Production after a shut-in or plugging date is flagged.';

commit;
