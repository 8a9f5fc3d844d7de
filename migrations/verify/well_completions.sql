-- Verify wellflow:well_completions on pg
-- Raises unless completions exist with their pool code and the forms say which are filed per completion.
select completion_code, ocd_pool_code, production_share from app.well_completions where false;
select completion_code, ocd_pool_code from api.well_completions where false;
select per_completion from api.filing_rules where false;
select completion_code, injection, injection_pressure_psi from app.regulatory_report_rows(null) where false;
