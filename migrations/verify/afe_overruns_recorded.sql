-- Verify wellflow:afe_overruns_recorded on pg
-- Raises unless AFEs carry their overrun flag and invoiced total and the overrun rule flags instead of refusing.
select overrun_flagged_at, invoiced_total from app.afes where false;
select bill_overrun_before_supplement from app.finance_settings where false;
select overrun_flagged_at, invoiced_total from api.afes where false;
select 'app.flag_afe_overruns(uuid[])'::regprocedure;
select 1 / (to_regprocedure('app.afe_check_overrun()') is null)::integer;
