-- Revert wellflow:notifications from pg
begin;
revoke execute on function app.queue_email(uuid, text, text, jsonb) from wellflow_worker;
revoke insert on app.email_outbox from wellflow_worker;
commit;
