-- One-time invitation tokens (stored as SHA-256): the link in an invitation e-mail that accepts the
-- pending membership and, for a person without a password yet, sets one.
set local role wellflow_owner;

create table auth.invitation_tokens (
    token_hash bytea primary key,
    user_id uuid not null references app.users (id) on delete cascade,
    expires_at timestamptz not null,
    used_at timestamptz,
    organization_id uuid references app.organizations (id) on delete cascade
);
comment on table auth.invitation_tokens is
    'SHA-256 of one-time tokens that accept an invitation to an organization (and set a first password).';
alter table auth.invitation_tokens enable row level security;
alter table auth.invitation_tokens force row level security;
grant select, insert, update, delete on auth.invitation_tokens
    to wellflow_auth;

-- A new, one-time token accepting the invitation of invitee to organization; the plain token only
-- ever travels in the invitation e-mail.
create function auth.issue_invitation_token(invitee uuid, organization uuid) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, public, auth
as $$
declare
    token text := auth.base64url(gen_random_bytes(32));
begin
    insert into auth.invitation_tokens (token_hash, user_id, expires_at, organization_id)
    values (digest(token, 'sha256'), invitee, clock_timestamp() + interval '7 days', organization);
    return token;
end
$$;
alter function auth.issue_invitation_token(uuid, uuid) owner to wellflow_auth;
comment on function auth.issue_invitation_token(uuid, uuid) is
    'A new one-time token (7 days) accepting the invitation of a user to an organization.';

-- Accepting: the pending membership becomes active; a person without a password chooses one (an
-- account that has one keeps it: the link is no way to change a password); every outstanding
-- token of the person is used up and scrubbed from the outbox, sent or not.
create function api.accept_invitation(token text, password text default null) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    invitation record;
    has_password boolean;
begin
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.token_hash = digest(coalesce(accept_invitation.token, ''), 'sha256')
       and t.used_at is null and t.expires_at > clock_timestamp()
    returning t.user_id, t.organization_id into invitation;
    if invitation.user_id is null then
        perform app.raise_error(400, 'WF_INVITATION_INVALID',
            'This invitation link is unknown, used or expired', 'token', 'Ask an administrator for a new invitation');
    end if;
    select c.password_hash is not null into has_password from auth.credentials c where c.user_id = invitation.user_id;
    if has_password and accept_invitation.password is not null then
        perform app.raise_error(400, 'WF_PASSWORD_EXISTS',
            'This account already has a password: accept the invitation without one', 'password',
            'Send only the token, then sign in with your password');
    end if;
    if not has_password then
        update auth.credentials
           set password_hash = auth.hash_password(accept_invitation.password),
               password_changed_at = clock_timestamp(), failed_login_count = 0, locked_until = null
         where user_id = invitation.user_id;
    end if;
    update app.users set status = 'active' where id = invitation.user_id and status = 'invited';
    update app.memberships m set status = 'active'
     where m.organization_id = invitation.organization_id and m.user_id = invitation.user_id and m.status = 'pending';
    update auth.invitation_tokens t set used_at = clock_timestamp()
     where t.user_id = invitation.user_id and t.used_at is null;
    update app.email_outbox o set context = o.context - 'invitation_token'
     where o.to_address = (select u.email from app.users u where u.id = invitation.user_id)
       and o.context ? 'invitation_token';
    return json_build_object('user_id', invitation.user_id, 'organization_id', invitation.organization_id,
                             'status', 'active', 'password_set', not has_password);
end
$$;
alter function api.accept_invitation(text, text) owner to wellflow_auth;
comment on function api.accept_invitation(text, text) is
    'Accept an invitation with the one-time token from its e-mail (valid 7 days): the membership becomes active. '
    'A person without a password sends one (at least 10 characters); an existing account sends the token alone.';
grant execute on function api.accept_invitation(text, text)
    to wellflow_anon, wellflow_user;
