-- Verify wellflow:organizations on pg
select id, name, slug, status, created_at, updated_at from app.organizations where false;
