-- Revert wellflow:afe_approvals from pg
begin;
drop table app.afe_approvals;
drop function app.afe_approvals_guard();
drop type app.afe_decision;
commit;
