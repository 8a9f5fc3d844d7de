-- Revert wellflow:membership_pending_status from pg
-- PostgreSQL cannot drop an enum value: the type is made again without it, pending memberships
-- (invitations nobody accepted) are deleted, and the view over the column is rebuilt.
begin;
delete from app.memberships where status = 'pending';
drop view api.memberships;
alter type app.membership_status rename to membership_status_with_pending;
set local role wellflow_owner;
create type app.membership_status as enum ('active', 'revoked');
alter table app.memberships alter column status drop default,
    alter column status type app.membership_status using status::text::app.membership_status,
    alter column status set default 'active';
drop type app.membership_status_with_pending;
set local role wellflow_api;
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
grant select on api.memberships
    to wellflow_user, wellflow_analyst;
grant insert (organization_id, id, user_id, org_role, status), update (org_role, status), delete
    on api.memberships to wellflow_user;
commit;
