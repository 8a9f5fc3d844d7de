-- Verify wellflow:measurement_and_allocation on pg
-- Raises unless the measurement and allocation tables and the allocation function exist.
select id, kind from app.measurement_points where false;
select well_id, effective from app.measurement_point_wells where false;
select ctl, net_standard_volume from app.run_tickets where false;
select product, volume from app.meter_statements where false;
select disposition, volume from app.dispositions where false;
select allocated_volume, residue_volume from app.allocations where false;
select 'app.allocate_month(uuid, date)'::regprocedure;
