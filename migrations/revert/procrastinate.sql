-- Revert wellflow:procrastinate from pg
begin;
drop schema procrastinate cascade;
commit;
