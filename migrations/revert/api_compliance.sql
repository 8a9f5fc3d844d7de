-- Revert wellflow:api_compliance from pg
begin;
drop function api.retry_job(bigint);
drop function api.download_report_file(uuid, text);
drop function api.record_regulatory_decision(uuid, boolean, text);
drop function api.submit_regulatory_report(uuid, text);
drop function api.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid);
drop view api.failed_jobs;
drop view api.job_queue_stats;
drop view api.data_quality_issues;
drop view api.compliance_calendar;
drop view api.compliance_obligations;
drop view api.compliance_schedules;
drop view api.regulatory_report_files;
drop view api.regulatory_reports;
drop view api.filing_rules;
drop domain api."*/*";
commit;
