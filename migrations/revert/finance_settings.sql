-- Revert wellflow:finance_settings from pg
begin;
drop function app.finance_settings_of(uuid);
drop table app.finance_settings;
commit;
