-- Verify wellflow:invitations_and_sessions on pg
-- Raises unless the invitation, sign-out and who-did-it rules are in place.
do $$
begin
    perform 'api.logout()'::regprocedure, 'api.change_password(text, text)'::regprocedure,
            'auth.issue_invitation_token(uuid, uuid)'::regprocedure, 'app.stamp_actor()'::regprocedure,
            'auth.revoked_tokens'::regclass, 'auth.unknown_login_attempts'::regclass;
    if has_table_privilege('wellflow_user', 'api.memberships', 'insert') then
        raise exception 'web users may still insert memberships directly';
    end if;
end
$$;
