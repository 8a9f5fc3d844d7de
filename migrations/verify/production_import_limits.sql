-- Verify wellflow:production_import_limits on pg
-- Raises unless the layout step refuses an oversized CSV line.
do $$
begin
    perform app.production_import_layout(null, 'well_number,production_date' || chr(10) || repeat('x', 4001));
    raise exception 'a 4001-byte line was accepted';
exception when sqlstate 'PGRST' then
    if sqlerrm not like '%WF_IMPORT_LINE_TOO_LONG%' then
        raise;
    end if;
end
$$;
