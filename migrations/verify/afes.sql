-- Verify wellflow:afes on pg
select organization_id, id, afe_number, status, estimated_total, parent_afe_id from app.afes where false;
do $$ begin
    if not (select relforcerowsecurity from pg_class where oid = 'app.afes'::regclass) then
        raise exception 'app.afes must force row level security';
    end if;
end $$;
