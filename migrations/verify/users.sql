-- Verify wellflow:users on pg
select id, email, full_name, status, created_at, updated_at from app.users where false;
