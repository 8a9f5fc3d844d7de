-- Revert wellflow:credentials from pg
begin;
drop function auth.hash_password(text);
drop function auth.sign_jwt(json);
drop function auth.base64url(bytea);
drop function auth.base64url_decode(text);
drop function auth.set_jwt_secret(text);
drop table auth.jwt_secrets;
drop table auth.invitation_tokens;
drop table auth.credentials;
commit;
