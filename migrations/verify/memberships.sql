-- Verify wellflow:memberships on pg
select organization_id, id, user_id, org_role, status, created_at, updated_at from app.memberships where false;
select 1 / count(*) from pg_policies where schemaname = 'app' and tablename = 'users' and policyname = 'users_same_organization_read';
