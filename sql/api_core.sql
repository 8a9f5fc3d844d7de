-- REST resources for tenancy: organizations, users, memberships and the caller.
set local role wellflow_api;

create view api.organizations as
    select id, name, slug, status, created_at, updated_at
      from app.organizations;
comment on view api.organizations is 'The organization of the signed-in user. Owners may rename it.';
comment on column api.organizations.id is 'Organization id (UUID v7); every tenant row carries it as organization_id.';
comment on column api.organizations.name is 'Display name, 1-200 characters.';
comment on column api.organizations.slug is 'Short unique handle: lower-case letters, digits and single dashes.';
comment on column api.organizations.status is 'active or suspended; a suspended organization cannot sign in.';
comment on column api.organizations.created_at is 'When the organization was created.';
comment on column api.organizations.updated_at is 'When the organization was last changed.';

create view api.users as
    select id, email, full_name, status, created_at, updated_at
      from app.users;
comment on view api.users is 'People who belong to the signed-in organization. Each user may change their own full_name.';
comment on column api.users.id is 'User id (UUID v7).';
comment on column api.users.email is 'Sign-in e-mail, unique, case-insensitive.';
comment on column api.users.full_name is 'Name shown to colleagues, 1-200 characters.';
comment on column api.users.status is 'invited (no password yet), active, or disabled (cannot sign in).';
comment on column api.users.created_at is 'When the user was created.';
comment on column api.users.updated_at is 'When the user was last changed.';

create view api.memberships as
    select organization_id, id, user_id, org_role, status, created_at, updated_at
      from app.memberships;
alter view api.memberships alter column organization_id set default app.current_organization_id();
comment on view api.memberships is
    'Who may act in the organization and with which role. Owners and admins add, change and revoke memberships; only owners manage the owner role.';
comment on column api.memberships.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.memberships.id is 'Membership id (UUID v7).';
comment on column api.memberships.user_id is 'The member (see api.users).';
comment on column api.memberships.org_role is 'owner, admin, manager, engineer, accountant or viewer (read-only).';
comment on column api.memberships.status is 'active or revoked; a revoked member''s tokens stop working at once.';
comment on column api.memberships.created_at is 'When the membership was created.';
comment on column api.memberships.updated_at is 'When the membership was last changed.';

create function api.me() returns json
language sql stable
set search_path = pg_catalog, app
as $$
    select json_build_object(
        'user', (select json_build_object('id', u.id, 'email', u.email, 'full_name', u.full_name, 'status', u.status)
                   from api.users u where u.id = app.current_user_id()),
        'organization', (select json_build_object('id', o.id, 'name', o.name, 'slug', o.slug)
                           from api.organizations o where o.id = app.current_organization_id()),
        'org_role', app.current_org_role())
$$;
comment on function api.me() is 'The signed-in user, their organization and their role in it.';

grant select on api.organizations, api.users, api.memberships to wellflow_user, wellflow_analyst;
grant update (name) on api.organizations to wellflow_user;
grant update (full_name) on api.users to wellflow_user;
grant insert (organization_id, id, user_id, org_role, status), update (org_role, status), delete
    on api.memberships to wellflow_user;
grant execute on function api.me() to wellflow_user;
