-- Verify wellflow:audit_claims_once on pg
-- Raises unless the statement audit reads the claims through scalar subqueries.
do $$
begin
    if (select prosrc from pg_proc where oid = 'app.audit_statement_change()'::regprocedure)
       not like '%(select app.current_user_id())%' then
        raise exception 'app.audit_statement_change still reads the claims per row';
    end if;
end
$$;
