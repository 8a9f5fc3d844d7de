-- Verify wellflow:api_compliance on pg
select organization_id, id, status, due_date from api.regulatory_reports where false;
select schedule_id, period, due_date, status from api.compliance_calendar where false;
select organization_id, queue_name, todo from api.job_queue_stats where false;
select 'api.download_report_file(uuid, text)'::regprocedure;
