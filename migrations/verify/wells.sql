-- Verify wellflow:wells on pg
select organization_id, id, name, created_at, updated_at from app.wells where false;
select 1 / count(*) from pg_class where oid = 'app.wells'::regclass and relrowsecurity and relforcerowsecurity;
