-- Revert wellflow:sessions from pg
begin;
drop function api.accept_invitation(text, text);
drop function auth.issue_invitation_token(uuid);
drop function api.invite_member(text, text, app.org_role);
drop function auth.check_request();
drop function api.login(text, text, uuid);
drop function auth.account_locked(timestamptz);
drop function auth.error_response(integer, text, text, text, text);
drop function auth.token_lifetime();
drop function auth.lockout_interval();
drop function auth.max_failed_logins();
commit;
