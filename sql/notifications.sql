-- The worker writes e-mails too (compliance reminders, failed-job alerts): it may queue outbox
-- rows inside the organization it acts for, and the reminders it has sent.
set local role wellflow_owner;

grant insert on app.email_outbox to wellflow_worker;
grant execute on function app.queue_email(uuid, text, text, jsonb) to wellflow_worker;
