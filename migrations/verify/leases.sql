-- Verify wellflow:leases on pg
select organization_id, id, name, created_at, updated_at from app.leases where false;
select 1 / count(*) from pg_class where oid = 'app.leases'::regclass and relrowsecurity and relforcerowsecurity;
