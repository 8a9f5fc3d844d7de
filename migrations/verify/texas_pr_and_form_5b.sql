-- Verify wellflow:texas_pr_and_form_5b on pg
-- Raises unless dispositions carry their authority and report rows their well type and RRC field number.
select release_authority from app.dispositions where false;
select release_authority from api.dispositions where false;
select well_type, rrc_field_number from app.regulatory_report_rows(null) where false;
select release_authority from app.regulatory_report_dispositions(null, null) where false;
