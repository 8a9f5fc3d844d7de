-- Revert wellflow:data_quality from pg
begin;
drop function app.validate_production();
drop trigger wells_queue_validation on app.wells;
drop function app.wells_queue_validation();
drop trigger production_queue_validation_after_delete on app.production;
drop trigger production_queue_validation_after_update on app.production;
drop trigger production_queue_validation_after_insert on app.production;
drop function app.production_queue_validation();
drop function app.defer_job_once(text, text, jsonb, text);
drop table app.production_validation_queue;
drop table app.data_quality_issues;
drop type app.data_quality_status;
drop type app.data_quality_kind;
commit;
