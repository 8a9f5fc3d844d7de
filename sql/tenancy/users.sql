-- People who sign in. A user may belong to several organizations (app.memberships);
-- credentials live apart in auth.credentials so no API role can ever read a hash.
set local role wellflow_owner;

create type app.user_status as enum ('invited', 'active', 'disabled');

create table app.users (
    id uuid primary key default app.uuid_generate_v7(),
    email citext not null
        constraint users_email_check check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
    full_name text not null
        constraint users_full_name_check check (length(btrim(full_name)) between 1 and 200),
    status app.user_status not null default 'invited',
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    constraint users_email_key unique (email)
);
comment on table app.users is 'People who can sign in; organization access comes from app.memberships.';

create trigger users_set_updated_at before update on app.users
    for each row execute function app.set_updated_at();

alter table app.users enable row level security;
alter table app.users force row level security;

grant select, update (full_name) on app.users to wellflow_api;
grant select on app.users
    to wellflow_auth, wellflow_worker;
grant insert, update on app.users
    to wellflow_auth;
set local role wellflow_api;

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
grant select on api.users
    to wellflow_user, wellflow_analyst;
grant update (full_name) on api.users to wellflow_user;
grant execute on function api.me() to wellflow_user;
