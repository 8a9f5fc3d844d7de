-- Verify wellflow:fields on pg
select organization_id, id, name, created_at, updated_at from app.fields where false;
select 1 / count(*) from pg_class where oid = 'app.fields'::regclass and relrowsecurity and relforcerowsecurity;
