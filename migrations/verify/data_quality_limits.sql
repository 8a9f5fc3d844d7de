-- Verify wellflow:data_quality_limits on pg
-- Raises unless the limits table and the reclassification finding exist.
select field_id, gas_oil_ratio_limit, water_cut_limit from app.data_quality_settings where false;
select 'gas_well_reclassification'::app.data_quality_kind;
select 'app.data_quality_limits(uuid, uuid)'::regprocedure;
