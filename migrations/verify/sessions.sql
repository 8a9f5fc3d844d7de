-- Verify wellflow:sessions on pg
select 'api.login(text, text, uuid)'::regprocedure, 'auth.check_request()'::regprocedure,
       'api.invite_member(text, text, app.org_role)'::regprocedure, 'api.accept_invitation(text, text)'::regprocedure;
select 1 / (not has_function_privilege('wellflow_user', 'auth.set_jwt_secret(text)', 'execute'))::integer;
