-- Verify wellflow:schemas on pg
do $$
begin
    if (select count(*) from pg_namespace where nspname in ('app', 'api', 'auth', 'ref', 'audit')) <> 5 then
        raise exception 'a wellflow schema is missing';
    end if;
    if has_schema_privilege('public', 'public', 'create') then
        raise exception 'public may still create in schema public';
    end if;
end
$$;
