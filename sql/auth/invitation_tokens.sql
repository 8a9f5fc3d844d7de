-- One-time invitation tokens (stored as SHA-256) that let an invited person choose a password.
set local role wellflow_owner;

create table auth.invitation_tokens (
    token_hash bytea primary key,
    user_id uuid not null references app.users (id) on delete cascade,
    expires_at timestamptz not null,
    used_at timestamptz
);
comment on table auth.invitation_tokens is 'SHA-256 of one-time tokens that let an invited user choose a password.';
alter table auth.invitation_tokens enable row level security;
alter table auth.invitation_tokens force row level security;
grant select, insert, update, delete on auth.invitation_tokens
    to wellflow_auth;

-- A new, one-time invitation token for a user who has no password yet; the plain token
-- only ever travels in the welcome e-mail.
create function auth.issue_invitation_token(invitee uuid) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public, auth
as $$
declare
    token text;
begin
    if exists (select from auth.credentials c where c.user_id = invitee and c.password_hash is not null) then
        return null;
    end if;
    token := auth.base64url(gen_random_bytes(32));
    insert into auth.invitation_tokens (token_hash, user_id, expires_at)
    values (digest(token, 'sha256'), invitee, clock_timestamp() + interval '7 days');
    return token;
end
$$;
alter function auth.issue_invitation_token(uuid) owner to wellflow_auth;

create function api.accept_invitation(token text, password text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    invitee uuid;
begin
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.token_hash = digest(coalesce(accept_invitation.token, ''), 'sha256')
       and t.used_at is null and t.expires_at > clock_timestamp()
    returning t.user_id into invitee;
    if invitee is null then
        perform app.raise_error(400, 'WF_INVITATION_INVALID',
            'This invitation link is unknown, used or expired', 'token', 'Ask an administrator for a new invitation');
    end if;
    update auth.credentials
       set password_hash = auth.hash_password(accept_invitation.password),
           password_changed_at = clock_timestamp(), failed_login_count = 0, locked_until = null
     where user_id = invitee;
    update app.users set status = 'active' where id = invitee and status = 'invited';
    return json_build_object('user_id', invitee, 'status', 'active');
end
$$;
alter function api.accept_invitation(text, text) owner to wellflow_auth;
comment on function api.accept_invitation(text, text) is
    'Choose a password with the one-time token from a welcome e-mail (valid 7 days); the account becomes active.';
grant execute on function api.accept_invitation(text, text)
    to wellflow_anon, wellflow_user;
