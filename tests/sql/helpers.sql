-- The `tests` helper schema: installed only in test databases, never by a migration.
create schema tests;
comment on schema tests is 'Test helpers: create organizations and users, act as a signed-in user.';
create extension if not exists pgtap with schema tests;
grant usage on schema tests to public;

create function tests.create_organization(name text default 'Test Operator') returns uuid
language sql
as $$
    insert into app.organizations (name, slug)
    values (name, 'org-' || replace(app.uuid_generate_v7()::text, '-', ''))
    returning id
$$;

-- bcrypt cost 4 (the minimum) keeps the suite fast; production hashes use cost 10.
create function tests.create_user(email text default null, password text default 'correct-horse-battery',
                                  full_name text default 'Test User') returns uuid
language plpgsql
as $$
declare
    new_id uuid;
begin
    insert into app.users (email, full_name, status)
    values (coalesce(email, 'user-' || replace(app.uuid_generate_v7()::text, '-', '') || '@test.example'),
            full_name, 'active')
    returning id into new_id;
    insert into auth.credentials (user_id, password_hash) values (new_id, crypt(password, gen_salt('bf', 4)));
    return new_id;
end
$$;

create function tests.add_member(user_id uuid, organization_id uuid, org_role app.org_role default 'viewer')
returns uuid
language sql
as $$
    insert into app.memberships (organization_id, user_id, org_role)
    values (organization_id, user_id, org_role)
    returning id
$$;

-- Acts exactly as PostgREST does for a signed-in request: the web role and the claims,
-- for the rest of the current transaction.
create function tests.authenticate_as(user_id uuid, organization_id uuid) returns void
language plpgsql
as $$
declare
    member_role app.org_role;
begin
    select m.org_role into member_role from app.memberships m
     where m.user_id = authenticate_as.user_id and m.organization_id = authenticate_as.organization_id;
    perform set_config('request.jwt.claims', json_build_object(
        'role', 'wellflow_user', 'sub', user_id, 'org_id', organization_id, 'org_role', member_role)::text, true);
    set local role wellflow_user;
end
$$;

create function tests.clear_authentication() returns void
language plpgsql
as $$
begin
    reset role;
    perform set_config('request.jwt.claims', '', true);
end
$$;

grant execute on all functions in schema tests to public;
