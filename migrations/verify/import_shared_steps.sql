-- Verify wellflow:import_shared_steps on pg
-- Raises unless the shared import steps exist.
select 'app.import_fields(jsonb, text, text[], integer, integer[])'::regprocedure,
       'app.import_refusal(app.import_mode, integer, jsonb)'::regprocedure;
