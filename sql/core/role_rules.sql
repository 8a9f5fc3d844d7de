-- Who may write what. The role sets below are the only place that lists organization roles:
-- policies ask app.current_role_may(set), table writes are guarded by the statement trigger
-- app.require_org_role(set), and actions (RPCs) by app.assert_org_role(action, set).
-- Write policies alone would hide rows from roles that may not write, turning a viewer's PATCH
-- or DELETE into a silent no-op; the trigger and the assertion answer 403 WF_ROLE_FORBIDDEN
-- instead, naming the role, the action and the roles that may.
set local role wellflow_owner;

create type app.role_set as enum ('owners', 'admins', 'asset_writers', 'afe_writers', 'finance_writers');
comment on type app.role_set is
    'Named sets of organization roles: owners; admins (owner, admin); asset_writers (owner, admin, manager, engineer: '
    'assets, production, well tests and compliance filings); afe_writers (owner, admin, accountant, engineer); '
    'finance_writers (owner, admin, accountant).';

-- No SET clause and a plain CASE, so the planner inlines it into the policies that call it.
create function app.role_set_roles(role_set app.role_set) returns text[]
language sql immutable parallel safe
as $$
    select case role_set
        when 'owners' then array['owner']
        when 'admins' then array['owner', 'admin']
        when 'asset_writers' then array['owner', 'admin', 'manager', 'engineer']
        when 'afe_writers' then array['owner', 'admin', 'accountant', 'engineer']
        when 'finance_writers' then array['owner', 'admin', 'accountant']
    end
$$;
comment on function app.role_set_roles(app.role_set) is 'The organization roles of a role set.';

create function app.current_role_may(role_set app.role_set) returns boolean
language sql stable
set search_path = pg_catalog, app
as $$ select app.current_role_in(variadic app.role_set_roles(role_set)) $$;
comment on function app.current_role_may(app.role_set) is
    'True when the current organization role belongs to the role set; write policies call it as (select app.current_role_may(...)).';

-- Trigger arguments: the role sets that may write the table (one or more).
create function app.require_org_role() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    roles text[] := array(select distinct r from unnest(tg_argv) a, unnest(app.role_set_roles(a::app.role_set)) r order by r);
begin
    -- Only requests that carry an organization role (PostgREST, the worker acting for a
    -- user) are checked; migrations and maintenance run without one.
    if app.current_org_role() is not null and not app.current_org_role() = any (roles) then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not %s %s', app.current_org_role(), lower(tg_op), tg_table_name), null,
            format('Roles that may: %s', array_to_string(roles, ', ')));
    end if;
    return null;
end
$$;
comment on function app.require_org_role() is
    'Statement trigger: refuses the write with 403 WF_ROLE_FORBIDDEN unless the organization role belongs to one of the '
    'role sets named by the trigger arguments.';

-- The role rule for actions (RPCs) that are not a plain write to one table: the same 403 and
-- code as the statement trigger gives table writes. A request without a role (not signed in)
-- is refused too.
create function app.assert_org_role(action text, role_set app.role_set) returns void
language plpgsql stable
set search_path = pg_catalog, app
as $$
declare
    roles text[] := app.role_set_roles(role_set);
begin
    if not coalesce(app.current_org_role() = any (roles), false) then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not %s', coalesce(app.current_org_role(), 'anonymous'), action), null,
            format('Roles that may: %s', array_to_string(roles, ', ')));
    end if;
end
$$;
comment on function app.assert_org_role(text, app.role_set) is
    'Refuses the current action with 403 WF_ROLE_FORBIDDEN unless the organization role belongs to the role set.';

grant execute on function app.role_set_roles(app.role_set), app.current_role_may(app.role_set)
    to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user, wellflow_anon, wellflow_analyst;
grant execute on function app.assert_org_role(text, app.role_set) to wellflow_api, wellflow_worker, wellflow_auth;
