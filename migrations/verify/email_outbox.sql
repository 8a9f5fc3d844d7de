-- Verify wellflow:email_outbox on pg
select organization_id, id, to_address, template, context, status, attempts from app.email_outbox where false;
select 1 / count(*) from pg_trigger where tgname = 'memberships_send_welcome';
