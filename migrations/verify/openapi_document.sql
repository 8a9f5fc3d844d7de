-- Verify wellflow:openapi_document on pg
-- Raises unless the document lists /wells and the verb rule exists.
select 'app.api_resource_methods(regclass)'::regprocedure;
select 1 / (api.openapi_document()::jsonb -> 'paths' ? '/wells')::integer;
