-- Revert wellflow:jobs from pg
begin;
drop function app.defer_job(text, text, jsonb, text, timestamptz);
commit;
