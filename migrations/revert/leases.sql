-- Revert wellflow:leases from pg
begin;
drop table app.leases;
drop type app.lease_status;
commit;
