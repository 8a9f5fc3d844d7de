-- Revert wellflow:job_monitoring from pg
begin;
drop function app.active_organization_ids();
drop function app.retry_job(bigint);
drop function app.failed_jobs();
drop function app.job_queue_stats();
drop table app.job_alerts;
drop table app.job_retries;
drop table app.job_errors;
commit;
