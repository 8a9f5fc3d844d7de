-- Deploy wellflow:production_check_wells_by_key to pg
-- The statement check of production rows looks each distinct well up by primary key.
begin;
set local role wellflow_owner;

-- One look-up per distinct well of the statement, by the wells' primary key (a scalar subquery
-- runs as a parameterized probe whatever the statistics say): a transition table has none, and
-- joining it to wells bulk-created moments before (their statistics stale) nested-looped every new
-- row against every well of the organization, 182 million comparisons for 50 wells' ten years.
create or replace function app.production_check_wells() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    offending record;
begin
    select c.organization_id, c.well_id, c.first_day, c.well[1] as spud_date, c.well is null as unknown
      into offending
      from (select n.organization_id, n.well_id, n.first_day,
                   (select array[w.spud_date] from app.wells w
                     where w.organization_id = n.organization_id and w.id = n.well_id) as well
              from (select organization_id, well_id, min(production_date) as first_day
                      from new_rows group by organization_id, well_id) n) c
     where c.well is null or c.first_day < c.well[1]
     order by c.well is null desc
     limit 1;
    if not found then
        return null;
    elsif offending.unknown then
        raise foreign_key_violation using
            message = 'insert or update on table "production" violates foreign key constraint "production_well_id_fkey"',
            detail = format('Key (organization_id, well_id)=(%s, %s) is not present in table "wells".',
                            offending.organization_id, offending.well_id),
            constraint = 'production_well_id_fkey', table = 'production', schema = 'app';
    end if;
    -- A well produces from its spud date on, when the date is known.
    raise check_violation using
        message = format('Production day %s is before the well''s spud date %s', offending.first_day,
                         offending.spud_date),
        detail = format('Well %s', offending.well_id),
        constraint = 'production_production_date_check', table = 'production', schema = 'app';
end
$$;
comment on function app.production_check_wells() is
    'Statement trigger: every production row names a well of its organization (foreign-key error otherwise) '
    'and is not before the well''s spud date.';

commit;
