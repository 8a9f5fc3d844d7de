-- Verify wellflow:notifications on pg
select 1 / has_table_privilege('wellflow_worker', 'app.email_outbox', 'insert')::integer;
