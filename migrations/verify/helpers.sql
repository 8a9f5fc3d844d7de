-- Verify wellflow:helpers on pg
select app.uuid_generate_v7(), app.current_organization_id(), app.current_user_id(), app.current_org_role();
do $$
begin
    if substr(app.uuid_generate_v7()::text, 15, 1) <> '7' then
        raise exception 'app.uuid_generate_v7 does not produce version 7';
    end if;
end
$$;
select role_name, organization_id from auth.analyst_organizations where false;
