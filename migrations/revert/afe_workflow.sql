-- Revert wellflow:afe_workflow from pg
begin;
drop trigger afe_line_items_check_overrun on app.afe_line_items;
drop function app.afe_check_overrun();
drop function app.create_supplement(uuid, text, text);
drop function app.close_afe(uuid);
drop function app.reopen_afe(uuid);
drop function app.decide_afe(uuid, uuid, app.afe_decision, text);
drop function app.afe_threshold_met(numeric, app.finance_settings);
drop function app.submit_afe(uuid);
drop function app.move_afe(app.afes, app.afe_status);
drop function app.afe_for_update(uuid);
drop table app.afe_transitions;
commit;
