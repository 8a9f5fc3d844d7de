-- Revert wellflow:role_assertions from pg
begin;
drop function app.assert_org_role(text, text[]);
commit;
