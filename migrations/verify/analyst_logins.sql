-- Verify wellflow:analyst_logins on pg
-- Raises unless the analyst login functions exist, owned by wellflow_analyst_admin.
select 1 / count(*) from pg_proc p
 where p.oid = 'auth.create_analyst_login(uuid, text, integer, uuid)'::regprocedure
   and p.proowner = 'wellflow_analyst_admin'::regrole;
select 'api.create_analyst_login(text, integer)'::regprocedure, 'api.revoke_analyst_login(text)'::regprocedure,
       'api.analyst_logins'::regclass;
