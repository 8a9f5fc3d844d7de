-- Verify wellflow:api_audit_log on pg
select organization_id, id, table_name, row_id, action, user_id, request_id from api.audit_log where false;
