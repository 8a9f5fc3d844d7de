-- Verify wellflow:read_only_views on pg
-- Raises unless the read-only views are not updatable and the verb rule exists.
do $$
begin
    perform 'app.refuse_unsupported_verb()'::regprocedure;
    if pg_relation_is_updatable('api.severance_tax_rates', true) <> 0
       or pg_relation_is_updatable('api.production_monthly_wells', true) <> 0 then
        raise exception 'read-only views are still auto-updatable';
    end if;
end
$$;
