-- Verify wellflow:serving_role_timeouts on pg
-- Raises unless every serving role has a statement and a lock timeout.
do $$
declare
    missing text;
begin
    select string_agg(r.rolname, ', ') into missing
      from pg_roles r
     where r.rolname in ('wellflow_user', 'wellflow_anon', 'wellflow_analyst', 'wellflow_authenticator')
       and not exists (select from pg_db_role_setting s
                        where s.setrole = r.oid and s.setdatabase = 0
                          and exists (select from unnest(s.setconfig) c where c like 'statement\_timeout=%')
                          and exists (select from unnest(s.setconfig) c where c like 'lock\_timeout=%'));
    if missing is not null then
        raise exception 'serving roles without time limits: %', missing;
    end if;
end
$$;
