-- Analyst logins: PostgreSQL login roles, members of wellflow_analyst only, each bound to one
-- organization through auth.analyst_organizations. Organization owners and admins create and
-- revoke them through the API; a DBA uses `scripts/wellflow analyst`. Both go through the two
-- functions below, which wellflow_analyst_admin owns: it holds CREATEROLE, which on PostgreSQL 15
-- reaches every non-superuser role, so no role is a member of it and nobody logs in as it; its
-- power is only what these fixed function bodies do.
set local role wellflow_owner;

-- Role names are cluster-wide: wellflow_<organization slug>_<name>. A slug has no underscore, so
-- two organizations can never produce the same name.
create function auth.analyst_role_name(organization uuid, name text) returns text
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    slug text := (select o.slug from app.organizations o where o.id = organization);
    role_name text;
begin
    if slug is null then
        perform app.raise_error(404, 'WF_ORGANIZATION_NOT_FOUND', 'No such organization', 'organization_id', null);
    end if;
    if name is null or name !~ '^[a-z][a-z0-9_]{0,29}$' then
        perform app.raise_error(400, 'WF_ANALYST_NAME',
            'An analyst login name is 1-30 lower-case letters, digits or underscores, starting with a letter', 'name',
            'Example: jane_smith');
    end if;
    role_name := format('wellflow_%s_%s', slug, name);
    if octet_length(role_name) > 63 then
        perform app.raise_error(400, 'WF_ANALYST_NAME',
            format('The login name %s is longer than PostgreSQL''s 63 bytes', role_name), 'name',
            format('Use at most %s characters', 63 - octet_length(role_name) + length(name)));
    end if;
    return role_name;
end
$$;
comment on function auth.analyst_role_name(uuid, text) is
    'The cluster-wide login name of an organization''s analyst: wellflow_<slug>_<name> (checked, at most 63 bytes).';

create function auth.create_analyst_login(organization uuid, name text, connection_limit integer default 3,
                                          created_by uuid default null) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    login_name text := auth.analyst_role_name(organization, name);
    password text := auth.base64url(gen_random_bytes(24));
    setting text;
    logins integer;
    sessions integer;
begin
    if connection_limit is null or connection_limit not between 1 and 20 then
        perform app.raise_error(400, 'WF_ANALYST_CONNECTION_LIMIT', 'connection_limit is 1 to 20 sessions',
            'connection_limit', null);
    end if;
    if exists (select from pg_roles r where r.rolname = login_name) then
        perform app.raise_error(409, 'WF_ANALYST_LOGIN_EXISTS', format('The login %s already exists', login_name),
            'name', 'Revoke it first, or choose another name');
    end if;
    -- Connections are shared by every tenant: an organization holds at most 5 logins and 20 sessions
    -- between them. One organization's requests are counted one at a time.
    perform pg_advisory_xact_lock(hashtextextended('analyst logins ' || organization::text, 0));
    select count(*), coalesce(sum(r.rolconnlimit), 0) into logins, sessions
      from auth.analyst_organizations a join pg_roles r on r.oid = a.role_id
     where a.organization_id = organization;
    if logins >= 5 or sessions + connection_limit > 20 then
        perform app.raise_error(409, 'WF_ANALYST_LOGIN_LIMIT',
            format('The organization has %s analyst logins with %s sessions between them; at most 5 logins and 20 '
                   'sessions', logins, sessions), 'connection_limit', 'Revoke a login, or ask for fewer sessions');
    end if;
    -- A row of this name binds a role that is gone (dropped from another database of the cluster).
    delete from auth.analyst_organizations a where a.role_name = login_name;
    execute format('create role %I login inherit nocreatedb nocreaterole password %L connection limit %s',
                   login_name, password, connection_limit);
    execute format('grant wellflow_analyst to %I', login_name);
    -- The group's time limits, copied: PostgreSQL reads role settings of the login only.
    for setting in select unnest(s.setconfig) from pg_db_role_setting s
                    where s.setrole = 'wellflow_analyst'::regrole and s.setdatabase = 0 loop
        execute format('alter role %I set %s = %L', login_name, split_part(setting, '=', 1),
                       substr(setting, strpos(setting, '=') + 1));
    end loop;
    execute format('alter role %I set search_path = api, public', login_name);
    execute format('alter role %I set default_transaction_read_only = on', login_name);
    insert into auth.analyst_organizations (role_name, organization_id, created_by, role_id)
    values (login_name, organization, create_analyst_login.created_by,
            (select r.oid from pg_roles r where r.rolname = login_name));
    return json_build_object('role_name', login_name, 'password', password, 'organization_id', organization,
                             'database', current_database(), 'connection_limit', connection_limit);
end
$$;
comment on function auth.create_analyst_login(uuid, text, integer, uuid) is
    'Creates an analyst login of the organization (member of wellflow_analyst only, read-only, the group''s time '
    'limits, search_path api, public) and answers its name and password, which is shown this once.';

create function auth.revoke_analyst_login(organization uuid, role_name text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
declare
    bound oid;
    ended integer := 0;
begin
    select a.role_id into bound from auth.analyst_organizations a
     where a.role_name = revoke_analyst_login.role_name
       and (organization is null or a.organization_id = organization);
    if not found then
        perform app.raise_error(404, 'WF_ANALYST_LOGIN_NOT_FOUND',
            format('No analyst login %s in this organization', role_name), 'name', null);
    end if;
    delete from auth.analyst_organizations a where a.role_name = revoke_analyst_login.role_name;
    -- Only the role this row binds: a role of the same name made since is someone else's.
    if exists (select from pg_roles r where r.oid = bound) then
        -- No new session from now on; the open ones end (waiting up to 5 s each) before the role goes.
        execute format('alter role %I nologin', role_name);
        select count(*) filter (where pg_terminate_backend(a.pid, 5000)) into ended
          from pg_stat_activity a where a.usesysid = bound;
        execute format('drop role %I', role_name);
    end if;
    return json_build_object('role_name', role_name, 'revoked', true, 'sessions_ended', ended);
end
$$;
comment on function auth.revoke_analyst_login(uuid, text) is
    'Drops an analyst login after ending its sessions; organization NULL (the DBA command) finds it in any organization.';

-- The logins of the current request's organization, for its owners and admins only.
create function auth.analyst_logins()
returns table (role_name text, organization_id uuid, connection_limit integer, open_sessions integer,
               created_at timestamptz, created_by uuid)
language sql stable security definer
set search_path = pg_catalog, app, auth
as $$
    select a.role_name::text, a.organization_id, r.rolconnlimit,
           (select count(*)::integer from pg_stat_activity s where s.usename = a.role_name),
           a.created_at, a.created_by
      from auth.analyst_organizations a
      join pg_roles r on r.oid = a.role_id
     where a.organization_id = app.current_organization_id() and app.current_role_may('admins')
     order by a.role_name
$$;
comment on function auth.analyst_logins() is
    'The analyst logins of the current organization, with their connection limit and open sessions (owners and '
    'admins only).';

-- Handed over by the deploying superuser: wellflow_owner is no member of wellflow_analyst_admin.
reset role;
alter function auth.analyst_role_name(uuid, text) owner to wellflow_analyst_admin;
alter function auth.create_analyst_login(uuid, text, integer, uuid) owner to wellflow_analyst_admin;
alter function auth.revoke_analyst_login(uuid, text) owner to wellflow_analyst_admin;
alter function auth.analyst_logins() owner to wellflow_analyst_admin;
grant execute on function auth.create_analyst_login(uuid, text, integer, uuid),
    auth.revoke_analyst_login(uuid, text), auth.analyst_role_name(uuid, text) to wellflow_owner;
-- Functions in a view run with the privileges of the caller, so the web role calls this one.
grant execute on function auth.analyst_logins() to wellflow_api, wellflow_user;
set local role wellflow_owner;
grant execute on function app.raise_error(integer, text, text, text, text), app.error_body(text, text, text, text),
    auth.base64url(bytea)
    to wellflow_analyst_admin;
grant execute on function app.current_role_may(app.role_set), app.role_set_roles(app.role_set),
    app.current_role_in(text[]), app.current_org_role(), app.current_claim(text), app.claims_trusted(),
    app.current_organization_id() to wellflow_analyst_admin;

create function api.create_analyst_login(name text, connection_limit integer default 3) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
begin
    perform app.assert_org_role('create analyst logins', 'admins');
    return auth.create_analyst_login(app.current_organization_id(), name, connection_limit, app.current_user_id());
end
$$;
comment on function api.create_analyst_login(text, integer) is
    'Owners and admins: creates a read-only PostgreSQL login for an analyst of this organization, named '
    'wellflow_<organization slug>_<name>, and answers {role_name, password, organization_id, database, '
    'connection_limit}. The password is shown only in this answer. The login reads the api views of this '
    'organization only, with a 120 s statement timeout; docs/analysts.md explains how to connect.';

create function api.revoke_analyst_login(name text) returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app, auth
as $$
declare
    organization uuid := app.current_organization_id();
begin
    perform app.assert_org_role('revoke analyst logins', 'admins');
    if organization is null then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN', 'Revoking an analyst login needs an organization', null, null);
    end if;
    return auth.revoke_analyst_login(organization,
        case when name like 'wellflow\_%' then name else auth.analyst_role_name(organization, name) end);
end
$$;
comment on function api.revoke_analyst_login(text) is
    'Owners and admins: drops an analyst login of this organization (the name given at creation, or the full '
    'role_name) and ends its open sessions; answers {role_name, revoked, sessions_ended}.';
grant execute on function api.create_analyst_login(text, integer), api.revoke_analyst_login(text) to wellflow_user;

set local role wellflow_api;
create view api.analyst_logins as
    with readable as (
        select l.* from auth.analyst_logins() l)
    select * from readable;
comment on view api.analyst_logins is
    'Owners and admins: the analyst logins of this organization (create with /rpc/create_analyst_login, revoke '
    'with /rpc/revoke_analyst_login).';
comment on column api.analyst_logins.role_name is 'The PostgreSQL login name: wellflow_<organization slug>_<name>.';
comment on column api.analyst_logins.organization_id is 'The organization whose rows the login reads.';
comment on column api.analyst_logins.connection_limit is 'How many sessions the login may hold at once.';
comment on column api.analyst_logins.open_sessions is 'Sessions of the login open now.';
comment on column api.analyst_logins.created_at is 'When the login was created.';
comment on column api.analyst_logins.created_by is 'Who created it (NULL: a DBA, with scripts/wellflow analyst add).';
grant select on api.analyst_logins to wellflow_user;
set local role wellflow_owner;
