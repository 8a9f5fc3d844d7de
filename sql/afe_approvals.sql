-- One row per company participating in an AFE, with its working interest and its decision.
-- Participants are set while the AFE is a draft; decisions are recorded through /rpc/decide_afe.
set local role wellflow_owner;

create type app.afe_decision as enum ('pending', 'approve', 'reject');

create table app.afe_approvals (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_id uuid not null,
    company_id uuid not null,
    working_interest numeric not null
        constraint afe_approvals_working_interest_check check (
            working_interest > 0 and working_interest <= 1 and working_interest = round(working_interest, 8)),
    decision app.afe_decision not null default 'pending',
    -- A rejection says why.
    comment text constraint afe_approvals_comment_check check (
        coalesce(char_length(comment), 0) <= 2000
        and (decision <> 'reject' or coalesce(char_length(btrim(comment)), 0) > 0)),
    decided_by uuid references app.users (id),
    decided_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint afe_approvals_company_id_key unique (organization_id, afe_id, company_id),
    constraint afe_approvals_afe_id_fkey foreign key (organization_id, afe_id)
        references app.afes (organization_id, id) on delete cascade,
    constraint afe_approvals_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id)
);
comment on table app.afe_approvals is
    'Participating companies of an AFE with their working interest and decision (pending, approve, reject).';

create index afe_approvals_company_id_idx on app.afe_approvals (organization_id, company_id);

create function app.afe_approvals_guard() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    approval app.afe_approvals := case when tg_op = 'DELETE' then old else new end;
    afe app.afes;
begin
    if app.afe_workflow_active() then
        return approval;
    end if;
    if tg_op = 'UPDATE' and (new.afe_id, new.company_id) is distinct from (old.afe_id, old.company_id) then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD', 'An approval stays with its AFE and company',
            case when new.afe_id <> old.afe_id then 'afe_id' else 'company_id' end,
            'Delete the participant and add the other one');
    end if;
    if tg_op <> 'DELETE' and (new.decision, new.comment, new.decided_by, new.decided_at) is distinct from
            (case when tg_op = 'UPDATE' then (old.decision, old.comment, old.decided_by, old.decided_at)
                  else ('pending'::app.afe_decision, null::text, null::uuid, null::timestamptz) end) then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
            'A partner''s decision is recorded with /rpc/decide_afe', 'decision', null);
    end if;
    -- FOR SHARE waits for a workflow step holding the AFE, then reads the status it committed.
    select * into afe from app.afes a where a.organization_id = approval.organization_id and a.id = approval.afe_id
       for share;
    if found and afe.status <> 'draft' then
        perform app.raise_error(409, 'WF_AFE_FROZEN',
            format('Participants of AFE %s are frozen: it is %s', afe.afe_number, afe.status), 'working_interest',
            'A rejected AFE returns to draft with /rpc/reopen_afe');
    end if;
    return approval;
end
$$;
comment on function app.afe_approvals_guard() is
    'Trigger: participants change only on draft AFEs; decisions only through the workflow.';

create trigger afe_approvals_guard before insert or update or delete on app.afe_approvals
    for each row execute function app.afe_approvals_guard();
create trigger afe_approvals_set_updated_at before update on app.afe_approvals
    for each row execute function app.set_updated_at();
create trigger afe_approvals_audit after insert or update or delete on app.afe_approvals
    for each row execute function app.audit_change();
create trigger afe_approvals_require_afe_writer before insert or update or delete on app.afe_approvals
    for each statement execute function app.require_org_role('owner', 'admin', 'accountant', 'engineer');

alter table app.afe_approvals enable row level security;
alter table app.afe_approvals force row level security;

create policy afe_approvals_tenant_read on app.afe_approvals
    for select
    using (organization_id = (select app.current_organization_id()));
create policy afe_approvals_afe_writer_insert on app.afe_approvals
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));
create policy afe_approvals_afe_writer_update on app.afe_approvals
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')))
    with check (organization_id = (select app.current_organization_id()));
create policy afe_approvals_afe_writer_delete on app.afe_approvals
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_in('owner', 'admin', 'accountant', 'engineer')));

grant select, insert, update, delete on app.afe_approvals to wellflow_api;
grant select on app.afe_approvals to wellflow_worker;
