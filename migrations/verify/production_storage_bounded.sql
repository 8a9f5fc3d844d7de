-- Verify wellflow:production_storage_bounded on pg
-- Raises unless no web role can create partitions and the history has its own storage.
do $$
begin
    if has_function_privilege('wellflow_user', 'app.ensure_production_partitions(date, date)', 'execute') then
        raise exception 'web users may still create partitions';
    end if;
    perform 'app.production_partition_bounds()'::regprocedure, 'app.create_production_partition(date, date, text)'::regprocedure;
    if not exists (select from pg_extension where extname = 'timescaledb')
       and not exists (select from app.production_partition_bounds() where lower = '1900-01-01') then
        raise exception 'production history has no partition';
    end if;
end
$$;
