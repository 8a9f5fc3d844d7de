-- Revert wellflow:wells from pg
begin;
drop table app.wells;
drop function app.wells_validate();
drop type app.well_type;
drop type app.well_status;
commit;
