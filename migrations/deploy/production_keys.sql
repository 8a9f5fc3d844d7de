-- Deploy wellflow:production_keys to pg
-- Frozen copy of sql/production_keys.sql as first released; later changes alter, never edit this file.
begin;

-- A production row is one well's day: its well and date are its identity. Moving a row to another
-- day or well is a delete and an insert. TimescaleDB cannot move a row to another chunk by
-- UPDATE (an internal chunk constraint fails), so refusing it clearly keeps both storage paths alike.
set local role wellflow_owner;

create function app.production_keys_fixed() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if new.production_date is distinct from old.production_date or new.well_id is distinct from old.well_id then
        perform app.raise_error(400, 'WF_PRODUCTION_KEY_FIXED',
            'A production row''s well and day do not change', case when new.well_id is distinct from old.well_id
                                                                  then 'well_id' else 'production_date' end,
            'Delete the day and send it again with the right well and date');
    end if;
    return new;
end
$$;
comment on function app.production_keys_fixed() is 'Trigger: the well and day of a production row cannot be updated.';
grant execute on function app.production_keys_fixed() to wellflow_api, wellflow_worker, wellflow_user;

create trigger production_keys_fixed before update of production_date, well_id on app.production
    for each row execute function app.production_keys_fixed();

commit;
