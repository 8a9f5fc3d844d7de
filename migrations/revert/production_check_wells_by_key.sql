-- Revert wellflow:production_check_wells_by_key from pg
-- The check as released: a join of the statement's rows with the wells.
begin;
set local role wellflow_owner;

create or replace function app.production_check_wells() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    missing record;
    early record;
begin
    select n.organization_id, n.well_id into missing
      from (select distinct organization_id, well_id from new_rows) n
     where not exists (select from app.wells w where w.organization_id = n.organization_id and w.id = n.well_id)
     limit 1;
    if found then
        raise foreign_key_violation using
            message = 'insert or update on table "production" violates foreign key constraint "production_well_id_fkey"',
            detail = format('Key (organization_id, well_id)=(%s, %s) is not present in table "wells".',
                            missing.organization_id, missing.well_id),
            constraint = 'production_well_id_fkey', table = 'production', schema = 'app';
    end if;
    -- A well produces from its spud date on, when the date is known.
    select n.well_id, n.production_date, w.spud_date into early
      from new_rows n join app.wells w on w.organization_id = n.organization_id and w.id = n.well_id
     where n.production_date < w.spud_date
     limit 1;
    if found then
        raise check_violation using
            message = format('Production day %s is before the well''s spud date %s', early.production_date,
                             early.spud_date),
            detail = format('Well %s', early.well_id),
            constraint = 'production_production_date_check', table = 'production', schema = 'app';
    end if;
    return null;
end
$$;
comment on function app.production_check_wells() is
    'Statement trigger: every production row names a well of its organization (foreign-key error otherwise) '
    'and is not before the well''s spud date.';

commit;
