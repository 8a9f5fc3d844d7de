-- Verify wellflow:finance_settings on pg
select organization_id, afe_approval_threshold, afe_overrun_percent from app.finance_settings where false;
select 'app.finance_settings_of(uuid)'::regprocedure;
