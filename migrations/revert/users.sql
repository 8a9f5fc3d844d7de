-- Revert wellflow:users from pg
begin;
drop table app.users;
drop type app.user_status;
commit;
