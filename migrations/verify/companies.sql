-- Verify wellflow:companies on pg
select organization_id, id, name, created_at, updated_at from app.companies where false;
select 1 / count(*) from pg_class where oid = 'app.companies'::regclass and relrowsecurity and relforcerowsecurity;
