-- Verify wellflow:role_assertions on pg
select 'app.assert_org_role(text, text[])'::regprocedure;
