-- Revert wellflow:compliance_schedules from pg
begin;
drop function app.compliance_obligations(date);
drop function app.due_date_rolled_over(date, date);
drop table app.compliance_reminders;
drop table app.compliance_schedules;
drop type app.obligation_status;
drop function app.all_distinct(integer[]);
commit;
