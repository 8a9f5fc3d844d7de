-- Revert wellflow:helpers from pg
begin;
drop function app.current_role_in(text[]);
drop function app.current_org_role();
drop function app.current_user_id();
drop function app.current_organization_id();
drop function app.current_claim(text);
drop function app.claims_trusted();
drop table auth.analyst_organizations;
drop function app.raise_error(integer, text, text, text, text);
drop function app.error_body(text, text, text, text);
drop function app.set_updated_at();
drop function app.uuid_generate_v7();
commit;
