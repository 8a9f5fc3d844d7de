-- Verify wellflow:role_rules on pg
select 1 / count(*) from pg_proc where oid = 'app.require_org_role()'::regprocedure;
