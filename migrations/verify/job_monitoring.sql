-- Verify wellflow:job_monitoring on pg
select organization_id, id, job_id, error from app.job_errors where false;
select 'app.job_queue_stats()'::regprocedure, 'app.retry_job(bigint)'::regprocedure;
