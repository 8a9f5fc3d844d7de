-- Deploy wellflow:role_rules to pg
-- Frozen copy of sql/role_rules.sql as first released; later changes alter, never edit this file.
begin;

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

create trigger memberships_require_admin before insert or update or delete on app.memberships
    for each statement execute function app.require_org_role('owner', 'admin');

commit;
