-- Verify wellflow:data_quality on pg
select organization_id, id, well_id, issue_date, kind, status from app.data_quality_issues where false;
select 'app.validate_production()'::regprocedure;
