-- Verify wellflow:allocation_revalidates on pg
-- Raises unless allocations queue validation through the shared helper.
select 'app.defer_validation(uuid)'::regprocedure, 'app.allocations_queue_validation()'::regprocedure;
select 1 / count(*) from pg_trigger where tgname = 'allocations_queue_validation_insert';
