-- Verify wellflow:api_core on pg
select id, name, slug, status from api.organizations where false;
select id, email, full_name, status from api.users where false;
select organization_id, id, user_id, org_role, status from api.memberships where false;
select 'api.me()'::regprocedure;
