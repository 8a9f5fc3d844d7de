-- Revert wellflow:fields from pg
begin;
drop table app.fields;
drop type app.field_status;
commit;
