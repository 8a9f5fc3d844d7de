-- The tenant context of the current request: its organization, user and role, read from the
-- token's claims where they can be trusted and from the analyst mapping otherwise.
set local role wellflow_owner;

-- Request claims are only trusted on connections whose login role sets them honestly:
-- PostgREST's authenticator, the job worker and superusers (which bypass RLS anyway).
-- Anyone else can `set request.jwt.claims` to anything, so their claims are ignored.
create function app.claims_trusted() returns boolean
language sql stable
set search_path = pg_catalog
as $$
    select session_user::text in ('wellflow_authenticator', 'wellflow_worker')
        or coalesce((select rolsuper from pg_roles where rolname = session_user), false)
$$;
comment on function app.claims_trusted() is 'True when request.jwt.claims on this connection come from PostgREST, the worker or a superuser.';

create function app.current_claim(claim text) returns text
language sql stable
set search_path = pg_catalog, app
as $$
    -- On a pooled connection the setting reads '' once it has been set, never NULL.
    select case when app.claims_trusted()
        then nullif(nullif(current_setting('request.jwt.claims', true), '')::json ->> claim, '')
    end
$$;
comment on function app.current_claim(text) is 'One claim of the current request token, or NULL when absent or untrusted.';

create function app.current_organization_id() returns uuid
language sql stable security definer
set search_path = pg_catalog, app, auth
as $$
    select case when app.claims_trusted()
        then app.current_claim('org_id')::uuid
        else (select a.organization_id from auth.analyst_organizations a
              where a.role_name = session_user
                and a.role_id = (select r.oid from pg_roles r where r.rolname = session_user))
    end
$$;
comment on function app.current_organization_id() is
    'The organization of the current request: from the token on trusted connections, from the analyst mapping otherwise.';

create function app.current_user_id() returns uuid
language sql stable
set search_path = pg_catalog, app
as $$ select app.current_claim('sub')::uuid $$;
comment on function app.current_user_id() is 'The signed-in user of the current request, or NULL.';

create function app.current_org_role() returns text
language sql stable
set search_path = pg_catalog, app
as $$ select app.current_claim('org_role') $$;
comment on function app.current_org_role() is 'The organization role (owner, admin, manager, engineer, accountant, viewer) of the current request.';

create function app.current_role_in(variadic roles text[]) returns boolean
language sql stable
set search_path = pg_catalog, app
as $$ select coalesce(app.current_org_role() = any (roles), false) $$;
comment on function app.current_role_in(text[]) is 'True when the current organization role is one of the given roles; app.current_role_may asks it for a named role set.';
grant execute on function app.claims_trusted(), app.current_claim(text), app.current_organization_id(), app.current_user_id(), app.current_org_role(), app.current_role_in(text[])
    to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst;
