-- Verify wellflow:jobs on pg
select 'app.defer_job(text, text, jsonb, text, timestamptz)'::regprocedure;
