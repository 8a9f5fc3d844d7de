-- Revert wellflow:regulatory_reports from pg
begin;
drop function app.record_report_error(uuid, text);
drop function app.store_report_files(uuid, jsonb);
drop function app.regulatory_report_rows(uuid);
drop function app.record_regulatory_decision(uuid, boolean, text);
drop function app.submit_regulatory_report(uuid, text);
drop function app.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid);
drop function app.move_report(app.regulatory_reports, app.report_status, text, text);
drop function app.report_for_update(uuid);
drop table app.regulatory_report_files;
drop table app.regulatory_reports;
drop function app.regulatory_reports_guard();
drop function app.report_workflow_active();
drop table app.report_transitions;
drop type app.report_status;
drop type app.report_scope;
commit;
