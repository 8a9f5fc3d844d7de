-- Deploy wellflow:role_assertions to pg
-- Frozen copy of sql/role_assertions.sql as first released; later changes alter, never edit this file.
begin;

-- The role rule for actions (RPCs) that are not a plain write to one table: the same 403 and
-- code as the statement trigger app.require_org_role gives table writes.
set local role wellflow_owner;

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

commit;
