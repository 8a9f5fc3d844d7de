-- Verify wellflow:roles on pg
do $$
begin
    if (select count(*) from pg_roles where rolname in ('wellflow_owner', 'wellflow_api', 'wellflow_auth',
            'wellflow_authenticator', 'wellflow_anon', 'wellflow_user', 'wellflow_worker', 'wellflow_analyst')) <> 8 then
        raise exception 'a wellflow role is missing';
    end if;
    if exists (select from pg_roles where rolname like 'wellflow\_%' and rolbypassrls and rolname <> 'wellflow_auth') then
        raise exception 'only wellflow_auth may bypass row level security';
    end if;
end
$$;
