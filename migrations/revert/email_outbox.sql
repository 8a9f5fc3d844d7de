-- Revert wellflow:email_outbox from pg
begin;
drop trigger memberships_send_welcome on app.memberships;
drop function app.memberships_send_welcome();
drop function app.queue_email(uuid, text, text, jsonb);
drop table app.email_outbox;
drop type app.email_status;
commit;
