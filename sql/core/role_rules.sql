-- Role rules with a clear answer: write policies already hide rows from roles that may not
-- write, which would make a viewer's PATCH or DELETE a silent no-op. This statement trigger
-- answers 403 instead, naming the role, the verb and the roles that may.
set local role wellflow_owner;

create function app.require_org_role() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    -- Only requests that carry an organization role (PostgREST, the worker acting for a
    -- user) are checked; migrations and maintenance run without one.
    if app.current_org_role() is not null and not app.current_org_role() = any (tg_argv) then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not %s %s', app.current_org_role(), lower(tg_op), tg_table_name), null,
            format('Roles that may: %s', array_to_string(tg_argv, ', ')));
    end if;
    return null;
end
$$;
comment on function app.require_org_role() is
    'Statement trigger: refuses the write with 403 WF_ROLE_FORBIDDEN unless the organization role is one of the trigger arguments.';
-- The role rule for actions (RPCs) that are not a plain write to one table: the same 403 and
-- code as the statement trigger app.require_org_role gives table writes.

create function app.assert_org_role(action text, variadic roles text[]) returns void
language plpgsql stable
set search_path = pg_catalog, app
as $$
begin
    if not coalesce(app.current_org_role() = any (roles), false) then
        perform app.raise_error(403, 'WF_ROLE_FORBIDDEN',
            format('The %s role may not %s', coalesce(app.current_org_role(), 'anonymous'), action), null,
            format('Roles that may: %s', array_to_string(roles, ', ')));
    end if;
end
$$;
comment on function app.assert_org_role(text, text[]) is
    'Refuses the current action with 403 WF_ROLE_FORBIDDEN unless the organization role is one of the given roles.';

grant execute on function app.assert_org_role(text, text[]) to wellflow_api, wellflow_worker;
