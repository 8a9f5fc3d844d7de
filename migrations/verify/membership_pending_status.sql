-- Verify wellflow:membership_pending_status on pg
-- Raises unless memberships can be pending.
do $$
begin
    if not exists (select from pg_enum where enumtypid = 'app.membership_status'::regtype and enumlabel = 'pending') then
        raise exception 'app.membership_status has no pending value';
    end if;
end
$$;
