-- Verify wellflow:compliance_schedules on pg
select organization_id, id, agency, form, first_period, reminder_days from app.compliance_schedules where false;
select 'app.compliance_obligations(date)'::regprocedure;
