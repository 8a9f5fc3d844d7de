-- Deploy wellflow:api_compliance to pg
-- Frozen copy of sql/api_compliance.sql as first released; later changes alter, never edit this file.
begin;

-- REST resources for compliance and jobs: filing rules, regulatory reports and their files,
-- compliance schedules and calendar, data-quality issues, job queue monitoring.
set local role wellflow_api;

-- PostgREST's "any" media type: functions returning it answer with raw bytes and their own Content-Type.
create domain api."*/*" as bytea;
comment on domain api."*/*" is 'Raw file bytes; the function sets the Content-Type.';

create view api.filing_rules as
    select agency, form, title, state_code, months_after, due_day, source, primary_source from ref.filing_rules;
comment on view api.filing_rules is 'When each monthly report is due, with the rule''s source.';
comment on column api.filing_rules.agency is 'Agency: NM-OCD, ND-DMR, ONRR, TX-RRC.';
comment on column api.filing_rules.form is 'Form: C-115, FORM-5, OGOR, PR.';
comment on column api.filing_rules.title is 'Form title.';
comment on column api.filing_rules.state_code is 'Well-number state whose wells the form covers; empty for federal forms.';
comment on column api.filing_rules.months_after is 'Months after the production month in which the report is due.';
comment on column api.filing_rules.due_day is 'Day of that month; empty means its last day. Weekends and federal holidays move it to the next business day.';
comment on column api.filing_rules.source is 'Regulation or source of the rule.';
comment on column api.filing_rules.primary_source is 'True when the rule comes from the regulation itself.';

create view api.regulatory_reports as
    select organization_id, id, agency, form, period, scope, lease_id, well_id, amendment, status, due_date,
           requested_by, generated_at, submitted_at, confirmation_number, decided_at, rejection_reason, last_error,
           created_at, updated_at
      from app.regulatory_reports;
comment on view api.regulatory_reports is
    'Monthly regulatory filings: request with /rpc/request_regulatory_report, download files with /rpc/download_report_file, '
    'then /rpc/submit_regulatory_report and /rpc/record_regulatory_decision.';
comment on column api.regulatory_reports.organization_id is 'The organization.';
comment on column api.regulatory_reports.id is 'Report id (UUID v7).';
comment on column api.regulatory_reports.agency is 'Agency (see /filing_rules).';
comment on column api.regulatory_reports.form is 'Form (see /filing_rules).';
comment on column api.regulatory_reports.period is 'First day of the production month reported.';
comment on column api.regulatory_reports.scope is 'organization, lease or well.';
comment on column api.regulatory_reports.lease_id is 'The lease, for a lease report.';
comment on column api.regulatory_reports.well_id is 'The well, for a well report.';
comment on column api.regulatory_reports.amendment is '0 for the original filing; 1, 2, ... for amendments.';
comment on column api.regulatory_reports.status is 'draft, generating, generated, submitted, accepted or rejected.';
comment on column api.regulatory_reports.due_date is 'When it is due, rolled over weekends and federal holidays.';
comment on column api.regulatory_reports.requested_by is 'The user who requested it.';
comment on column api.regulatory_reports.generated_at is 'When its files were generated.';
comment on column api.regulatory_reports.submitted_at is 'When it was submitted to the agency.';
comment on column api.regulatory_reports.confirmation_number is 'The agency''s confirmation number.';
comment on column api.regulatory_reports.decided_at is 'When the agency accepted or rejected it.';
comment on column api.regulatory_reports.rejection_reason is 'The agency''s reason for a rejection.';
comment on column api.regulatory_reports.last_error is 'Why the last generation attempt failed, if it did.';
comment on column api.regulatory_reports.created_at is 'When it was requested.';
comment on column api.regulatory_reports.updated_at is 'When it last changed.';

create view api.regulatory_report_files as
    select organization_id, id, report_id, format, file_name, content_type, sha256, byte_size, created_at, updated_at
      from app.regulatory_report_files;
comment on view api.regulatory_report_files is 'Files of a report with their SHA-256; the bytes come from /rpc/download_report_file.';
comment on column api.regulatory_report_files.organization_id is 'The organization.';
comment on column api.regulatory_report_files.id is 'File id (UUID v7).';
comment on column api.regulatory_report_files.report_id is 'The report (see /regulatory_reports).';
comment on column api.regulatory_report_files.format is 'csv (the form''s layout), html or pdf.';
comment on column api.regulatory_report_files.file_name is 'File name for downloads.';
comment on column api.regulatory_report_files.content_type is 'MIME type.';
comment on column api.regulatory_report_files.sha256 is 'SHA-256 of the bytes, hexadecimal.';
comment on column api.regulatory_report_files.byte_size is 'Size in bytes.';
comment on column api.regulatory_report_files.created_at is 'When it was first generated.';
comment on column api.regulatory_report_files.updated_at is 'When it was last regenerated.';

create view api.compliance_schedules as
    select organization_id, id, agency, form, scope, lease_id, well_id, first_period, reminder_days, active,
           created_at, updated_at
      from app.compliance_schedules;
alter view api.compliance_schedules alter column organization_id set default app.current_organization_id();
comment on view api.compliance_schedules is
    'What the organization files, for which entity, from which production month, and how many days ahead to remind owners and admins.';
comment on column api.compliance_schedules.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.compliance_schedules.id is 'Schedule id (UUID v7).';
comment on column api.compliance_schedules.agency is 'Agency (see /filing_rules).';
comment on column api.compliance_schedules.form is 'Form (see /filing_rules).';
comment on column api.compliance_schedules.scope is 'organization, lease or well.';
comment on column api.compliance_schedules.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_schedules.well_id is 'The well, for a well schedule.';
comment on column api.compliance_schedules.first_period is 'First production month to file (first day of the month).';
comment on column api.compliance_schedules.reminder_days is 'Days before the due date to send reminders, e.g. {14,3}.';
comment on column api.compliance_schedules.active is 'Inactive schedules create no obligations.';
comment on column api.compliance_schedules.created_at is 'When it was created.';
comment on column api.compliance_schedules.updated_at is 'When it last changed.';

create view api.compliance_obligations as
    select app.current_organization_id() as organization_id, o.*
      from app.compliance_obligations(current_date) o;
comment on view api.compliance_obligations is
    'Every filing obligation through the current month: due date rolled over weekends and federal holidays, and its status.';
comment on column api.compliance_obligations.organization_id is 'The organization.';
comment on column api.compliance_obligations.schedule_id is 'The schedule (see /compliance_schedules).';
comment on column api.compliance_obligations.agency is 'Agency.';
comment on column api.compliance_obligations.form is 'Form.';
comment on column api.compliance_obligations.title is 'Form title.';
comment on column api.compliance_obligations.scope is 'organization, lease or well.';
comment on column api.compliance_obligations.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_obligations.well_id is 'The well, for a well schedule.';
comment on column api.compliance_obligations.period is 'Production month (first day).';
comment on column api.compliance_obligations.deadline is 'The deadline the rule gives, before rolling.';
comment on column api.compliance_obligations.due_date is 'When it is due: the deadline moved to the next business day.';
comment on column api.compliance_obligations.rolled_over is 'The weekend days and holidays the due date was moved over, if any.';
comment on column api.compliance_obligations.report_id is 'The report filed or in progress for it.';
comment on column api.compliance_obligations.report_status is 'That report''s status.';
comment on column api.compliance_obligations.status is 'upcoming, due (inside the reminder window), overdue or done (submitted or accepted).';
comment on column api.compliance_obligations.days_until_due is 'Days from today to the due date (negative when overdue).';
comment on column api.compliance_obligations.reminder_days is 'Reminder lead times of the schedule.';

create view api.compliance_calendar as
    select distinct on (o.schedule_id) o.*
      from api.compliance_obligations o
     where o.status <> 'done'
     order by o.schedule_id, o.period;
comment on view api.compliance_calendar is 'The next open obligation of each schedule: what is due next and when.';
comment on column api.compliance_calendar.organization_id is 'The organization.';
comment on column api.compliance_calendar.schedule_id is 'The schedule (see /compliance_schedules).';
comment on column api.compliance_calendar.agency is 'Agency.';
comment on column api.compliance_calendar.form is 'Form.';
comment on column api.compliance_calendar.title is 'Form title.';
comment on column api.compliance_calendar.scope is 'organization, lease or well.';
comment on column api.compliance_calendar.lease_id is 'The lease, for a lease schedule.';
comment on column api.compliance_calendar.well_id is 'The well, for a well schedule.';
comment on column api.compliance_calendar.period is 'Production month (first day).';
comment on column api.compliance_calendar.deadline is 'The deadline the rule gives, before rolling.';
comment on column api.compliance_calendar.due_date is 'Next due date, rolled over weekends and federal holidays.';
comment on column api.compliance_calendar.rolled_over is 'The weekend days and holidays the due date was moved over, if any.';
comment on column api.compliance_calendar.report_id is 'The report in progress for it, if any.';
comment on column api.compliance_calendar.report_status is 'That report''s status.';
comment on column api.compliance_calendar.status is 'upcoming, due or overdue.';
comment on column api.compliance_calendar.days_until_due is 'Days from today to the due date.';
comment on column api.compliance_calendar.reminder_days is 'Reminder lead times of the schedule.';

create view api.data_quality_issues as
    select organization_id, id, well_id, issue_date, kind, field, observed, expected, message, status, detected_at,
           resolved_at
      from app.data_quality_issues;
comment on view api.data_quality_issues is
    'Anomalies the validation job found after production imports and edits; resolved when a revalidation no longer finds them.';
comment on column api.data_quality_issues.organization_id is 'The organization.';
comment on column api.data_quality_issues.id is 'Issue id (UUID v7).';
comment on column api.data_quality_issues.well_id is 'The well (see /wells).';
comment on column api.data_quality_issues.issue_date is 'The day (spikes) or the first day of the month (monthly findings).';
comment on column api.data_quality_issues.kind is
    'missing_days, spike, production_on_inactive_well, production_before_spud, gas_oil_ratio_out_of_range or water_cut_out_of_range.';
comment on column api.data_quality_issues.field is 'The column the finding is about.';
comment on column api.data_quality_issues.observed is 'The value found.';
comment on column api.data_quality_issues.expected is 'The reference it was compared with (trailing average, limit).';
comment on column api.data_quality_issues.message is 'What was found, in words.';
comment on column api.data_quality_issues.status is 'open or resolved.';
comment on column api.data_quality_issues.detected_at is 'When it was first found.';
comment on column api.data_quality_issues.resolved_at is 'When a revalidation no longer found it.';

create view api.job_queue_stats as
    select app.current_organization_id() as organization_id, s.* from app.job_queue_stats() s;
comment on view api.job_queue_stats is 'The organization''s background jobs per queue and task (owners and admins; empty for others).';
comment on column api.job_queue_stats.organization_id is 'The organization.';
comment on column api.job_queue_stats.queue_name is 'validation, reports or notifications.';
comment on column api.job_queue_stats.task_name is 'The task, named <table>__<action>.';
comment on column api.job_queue_stats.todo is 'Jobs waiting.';
comment on column api.job_queue_stats.doing is 'Jobs running.';
comment on column api.job_queue_stats.succeeded is 'Jobs that succeeded.';
comment on column api.job_queue_stats.failed is 'Jobs that ran out of attempts.';
comment on column api.job_queue_stats.cancelled is 'Jobs cancelled.';
comment on column api.job_queue_stats.succeeded_last_hour is 'Throughput: jobs that succeeded in the last hour.';
comment on column api.job_queue_stats.failed_last_hour is 'Jobs that failed in the last hour.';
comment on column api.job_queue_stats.oldest_todo_at is 'When the oldest waiting job was queued.';

create view api.failed_jobs as
    select app.current_organization_id() as organization_id, f.* from app.failed_jobs() f;
comment on view api.failed_jobs is 'The organization''s jobs that ran out of attempts, with their last error; retry with /rpc/retry_job.';
comment on column api.failed_jobs.organization_id is 'The organization.';
comment on column api.failed_jobs.job_id is 'Job id.';
comment on column api.failed_jobs.queue_name is 'Queue.';
comment on column api.failed_jobs.task_name is 'Task.';
comment on column api.failed_jobs.args is 'The job''s arguments.';
comment on column api.failed_jobs.attempts is 'Attempts made.';
comment on column api.failed_jobs.failed_at is 'When the last attempt failed.';
comment on column api.failed_jobs.last_error is 'The error of the last attempt.';
comment on column api.failed_jobs.errors is 'Number of failed attempts recorded.';

create function api.request_regulatory_report(agency text, form text, period date, scope app.report_scope default 'organization',
                                              lease_id uuid default null, well_id uuid default null)
returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    report_id uuid := app.request_regulatory_report(agency, form, period, scope, lease_id, well_id);
begin
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid) is
    'Requests a report for a production month that has ended; its files are generated in the background (status generating, then generated).';

create function api.submit_regulatory_report(report_id uuid, confirmation_number text) returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.submit_regulatory_report(report_id, confirmation_number);
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.submit_regulatory_report(uuid, text) is 'Marks a generated report submitted, with the agency''s confirmation number.';

create function api.record_regulatory_decision(report_id uuid, accepted boolean, reason text default null)
returns api.regulatory_reports
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.record_regulatory_decision(report_id, accepted, reason);
    return (select r from api.regulatory_reports r where r.id = report_id);
end
$$;
comment on function api.record_regulatory_decision(uuid, boolean, text) is 'Records the agency''s acceptance, or rejection with its reason.';

create function api.download_report_file(report_id uuid, format text) returns api."*/*"
language plpgsql stable security definer
set search_path = pg_catalog, app
as $$
declare
    file record;
begin
    select f.file_name, f.content_type, f.content into file
      from api.regulatory_report_files m
      join app.regulatory_report_files f on f.organization_id = m.organization_id and f.id = m.id
     where m.report_id = download_report_file.report_id and m.format = download_report_file.format;
    if not found then
        perform app.raise_error(404, 'WF_REPORT_FILE_NOT_FOUND',
            format('Report %s has no %s file (yet)', report_id, format), 'format', 'Files appear once the report is generated');
    end if;
    perform set_config('response.headers', json_build_array(
        json_build_object('Content-Type', file.content_type),
        json_build_object('Content-Disposition', format('attachment; filename="%s"', file.file_name)))::text, true);
    return file.content;
end
$$;
comment on function api.download_report_file(uuid, text) is 'The bytes of a report file (format csv, html or pdf), as a download.';

create function api.retry_job(job_id bigint) returns bigint
language sql volatile security definer
set search_path = pg_catalog, app
as $$ select app.retry_job(job_id) $$;
comment on function api.retry_job(bigint) is 'Re-enqueues a failed job of the organization (owners and admins); returns the new job id.';

grant select on api.filing_rules to wellflow_user, wellflow_analyst, wellflow_anon;
grant select on api.regulatory_reports, api.regulatory_report_files, api.compliance_schedules,
    api.compliance_obligations, api.compliance_calendar, api.data_quality_issues to wellflow_user, wellflow_analyst;
grant select on api.job_queue_stats, api.failed_jobs to wellflow_user;
grant insert, update, delete on api.compliance_schedules to wellflow_user;
grant execute on function api.request_regulatory_report(text, text, date, app.report_scope, uuid, uuid),
    api.submit_regulatory_report(uuid, text), api.record_regulatory_decision(uuid, boolean, text),
    api.download_report_file(uuid, text), api.retry_job(bigint) to wellflow_user;

commit;
