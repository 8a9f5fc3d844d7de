-- Verify wellflow:regulatory_reports on pg
select organization_id, id, agency, form, period, status, due_date from app.regulatory_reports where false;
select organization_id, id, report_id, format, sha256, byte_size from app.regulatory_report_files where false;
