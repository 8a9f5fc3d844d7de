-- Deploy wellflow:membership_pending_status to pg
-- Memberships get a pending state (invited, not yet accepted). Its own change: PostgreSQL uses a
-- new enum value only after the transaction that added it commits.
begin;
alter type app.membership_status add value if not exists 'pending' before 'active';
commit;
