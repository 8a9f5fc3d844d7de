-- Deploy wellflow:afe_elections to pg
-- Partners elect for themselves on AFEs (AAPL Form 610 Art. VI.B): elections within a period per
-- AFE, silence as non-consent, the participants carrying the non-consenting share; recoupment
-- accounts charged by the JIB run with the penalty of each cost class and recovered from the
-- non-consenting party's revenue until payout; before- and after-payout cost decks. Threshold
-- voting stays an organization option, and AFEs submitted before keep the vote they were submitted to.
begin;
set local role wellflow_owner;

-- A non-consent penalty: the share of a party's costs its recoupment account is charged, in percent.
create function app.is_penalty_percent(value numeric) returns boolean
language sql immutable parallel safe
as $$ select value >= 0 and value <= 1000 and value = round(value, 2) $$;
comment on function app.is_penalty_percent(numeric) is 'A non-consent penalty in percent: 0 to 1000, at most 2 decimals.';

grant execute on function app.is_penalty_percent(numeric) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- How partners decide an AFE. elections: each party elects for itself to participate or go
-- non-consent (AAPL Form 610 Art. VI.B); threshold_vote: an approving working-interest vote binds
-- every party, as unit operating agreements provide.
create type app.afe_consent_rule as enum ('elections', 'threshold_vote');

-- Constant defaults: no table rewrite. The checks are validated against the defaults only.
alter table app.finance_settings
    add column afe_consent_rule app.afe_consent_rule not null default 'elections',
    add column non_consent_drilling_percent numeric not null default 300
        constraint finance_settings_non_consent_drilling_percent_check check (app.is_penalty_percent(non_consent_drilling_percent)),
    add column non_consent_equipment_in_well_percent numeric not null default 100
        constraint finance_settings_non_consent_equipment_in_well_percent_check check (
            app.is_penalty_percent(non_consent_equipment_in_well_percent)),
    add column non_consent_surface_equipment_percent numeric not null default 100
        constraint finance_settings_non_consent_surface_equipment_percent_check check (
            app.is_penalty_percent(non_consent_surface_equipment_percent)),
    add column non_consent_operating_percent numeric not null default 100
        constraint finance_settings_non_consent_operating_percent_check check (
            app.is_penalty_percent(non_consent_operating_percent));

-- The one place the defaults live: partners' own elections, with the penalties Form 610's blanks
-- are customarily filled with (300 % of drilling and completing, 100 % of equipment and of
-- operating costs); approval by more than 50 % of the working interest where a vote is chosen, a 10 %
-- overrun allowance (the customary point at which a supplemental AFE is required), payments from
-- $100 and once a year (December) from $10 (the thresholds of Texas Natural Resources Code
-- §91.402), 24 % backup withholding.
create or replace function app.finance_settings_of(organization uuid) returns app.finance_settings
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select coalesce(
        (select s from app.finance_settings s where s.organization_id = organization),
        row(organization, 0.5, false, 10, null, null, null, null, null, null, 100, 12, 10, 0.24, true, 'elections', 300, 100, 100,
            100)::app.finance_settings)
$$;
comment on function app.finance_settings_of(uuid) is
    'The organization''s finance settings, or the defaults (partners elect for themselves with penalties of 300 % of drilling '
    'and 100 % of equipment and operating costs, more than 50 % approves where voting is chosen, 10 % overrun, payments from '
    '$100 and each December from $10, 24 % backup withholding, overruns billed before their supplement) when it has none.';

alter table app.afes
    add column consent_rule app.afe_consent_rule,
    -- squawk-ignore prefer-bigint-over-int
    add column election_days integer not null default 30
        constraint afes_election_days_check check (election_days between 1 and 365);
-- AFEs already submitted were put to the working-interest vote, and keep it.
do $$
begin
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afes set consent_rule = 'threshold_vote' where status <> 'draft';
    perform set_config('wellflow.afe_workflow', '', true);
end
$$;

-- The submitted AFE a partner answers, locked, when it is decided under the given rule; 409 otherwise.
create function app.afe_awaiting(afe_id uuid, rule app.afe_consent_rule) returns app.afes
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    afe app.afes := app.afe_for_update(afe_id);
begin
    if afe.status <> 'submitted' then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s; partners answer submitted AFEs only', afe.afe_number, afe.status), 'status',
            case afe.status when 'draft' then 'Submit it with /rpc/submit_afe first' end);
    end if;
    if afe.consent_rule <> rule then
        perform app.raise_error(409, 'WF_AFE_CONSENT_RULE',
            format('AFE %s is decided by %s, not by %s', afe.afe_number,
                   case afe.consent_rule when 'elections' then 'each partner''s election' else 'a working-interest vote' end,
                   case rule when 'elections' then 'elections' else 'a vote' end), 'afe_id',
            case afe.consent_rule when 'elections' then 'Record elections with /rpc/elect_afe'
                 else 'Record decisions with /rpc/decide_afe' end
            || '; afe_consent_rule in /finance_settings chooses the rule for AFEs submitted later');
    end if;
    return afe;
end
$$;
comment on function app.afe_awaiting(uuid, app.afe_consent_rule) is
    'The submitted AFE a partner answers, locked, when decided under this rule; 409 WF_AFE_ILLEGAL_TRANSITION or '
    'WF_AFE_CONSENT_RULE otherwise.';

create or replace function app.afes_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    column_name text;
    new_row jsonb;
    old_row jsonb;
begin
    if app.afe_workflow_active() then
        return case when tg_op = 'DELETE' then old else new end;
    end if;
    if tg_op = 'DELETE' then
        if old.status <> 'draft' then
            perform app.raise_error(409, 'WF_AFE_FROZEN',
                format('AFE %s is %s; only a draft AFE can be deleted', old.afe_number, old.status), 'status',
                'Close it with /rpc/close_afe instead');
        end if;
        return old;
    end if;
    new_row := to_jsonb(new);
    old_row := case when tg_op = 'UPDATE' then to_jsonb(old) end;
    foreach column_name in array array['status', 'estimated_total', 'approved_total', 'parent_afe_id',
                                       'submitted_at', 'decided_at', 'closed_at', 'overrun_flagged_at',
                                       'invoiced_total', 'consent_rule'] loop
        if (tg_op = 'INSERT' and new_row -> column_name is distinct from
                case when column_name = 'status' then '"draft"'::jsonb
                     when column_name in ('estimated_total', 'invoiced_total') then '0'::jsonb else 'null'::jsonb end)
           or (tg_op = 'UPDATE' and new_row -> column_name is distinct from old_row -> column_name) then
            perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
                format('%s of an AFE is set by the workflow, not written directly', column_name), column_name,
                'Status moves through /rpc/submit_afe, /rpc/elect_afe (or /rpc/decide_afe), /rpc/reopen_afe and /rpc/close_afe; '
                || 'supplements come from /rpc/create_supplement; totals follow the line items');
        end if;
    end loop;
    if tg_op = 'UPDATE' and old.status <> 'draft' then
        perform app.raise_error(409, 'WF_AFE_FROZEN',
            format('AFE %s is %s; only a draft AFE can be edited', old.afe_number, old.status), 'status',
            'A rejected AFE returns to draft with /rpc/reopen_afe; an approved one grows with /rpc/create_supplement');
    end if;
    return new;
end
$$;
comment on function app.afes_guard() is
    'Trigger: workflow-owned AFE columns are read-only and only draft AFEs change, except inside the workflow.';

-- Moves an AFE to a new status, or refuses with 409 naming the current and requested states.
create or replace function app.move_afe(afe app.afes, requested app.afe_status) returns app.afes
language plpgsql
set search_path = pg_catalog, app
as $$
declare
    moved app.afes;
begin
    if not exists (select from app.afe_transitions t where t.from_status = afe.status and t.to_status = requested) then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s; it cannot become %s', afe.afe_number, afe.status, requested), 'status',
            coalesce('From ' || afe.status || ' it can become: '
                     || (select string_agg(t.to_status::text, ', ' order by t.to_status)
                           from app.afe_transitions t where t.from_status = afe.status),
                     'A closed AFE is final'));
    end if;
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afes a
       set status = requested,
           submitted_at = case when requested = 'submitted' then clock_timestamp() else a.submitted_at end,
           decided_at = case when requested in ('approved', 'rejected') then clock_timestamp()
                             when requested = 'draft' then null else a.decided_at end,
           approved_total = case when requested = 'approved' then a.estimated_total
                                 when requested = 'draft' then null else a.approved_total end,
           closed_at = case when requested = 'closed' then clock_timestamp() else a.closed_at end,
           consent_rule = case when requested = 'submitted' then (app.finance_settings_of(a.organization_id)).afe_consent_rule
                               when requested = 'draft' then null else a.consent_rule end
     where a.organization_id = afe.organization_id and a.id = afe.id
    returning * into moved;
    perform set_config('wellflow.afe_workflow', '', true);
    return moved;
end
$$;
comment on function app.move_afe(app.afes, app.afe_status) is
    'Applies one legal status change (stamping its time); 409 WF_AFE_ILLEGAL_TRANSITION otherwise.';

create or replace function app.submit_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    interest numeric;
begin
    perform app.assert_org_role('submit AFEs', 'afe_writers');
    afe := app.afe_for_update(afe_id);
    if afe.status = 'draft' then
        if not exists (select from app.afe_line_items l where l.organization_id = afe.organization_id and l.afe_id = afe.id) then
            perform app.raise_error(422, 'WF_AFE_NO_LINE_ITEMS',
                format('AFE %s has no line items to approve', afe.afe_number), 'afe_line_items', null);
        end if;
        select sum(p.working_interest) into interest from app.afe_approvals p
         where p.organization_id = afe.organization_id and p.afe_id = afe.id;
        if coalesce(interest, 0) <> 1 then
            perform app.raise_error(422, 'WF_AFE_INTEREST_SUM',
                format('The participants of AFE %s hold %s of the working interest; they must hold exactly 1.00000000 (%s %s)',
                       afe.afe_number, to_char(coalesce(interest, 0), 'FM0.00000000'),
                       to_char(abs(1 - coalesce(interest, 0)), 'FM0.00000000'),
                       case when coalesce(interest, 0) < 1 then 'short' else 'over' end),
                'working_interest', 'Add or correct participants at /afe_approvals');
        end if;
    end if;
    afe := app.move_afe(afe, 'submitted');
    if afe.consent_rule = 'elections' then
        perform app.open_afe_elections(afe);
    end if;
    return afe;
end
$$;
comment on function app.submit_afe(uuid) is
    'draft -> submitted, once it has line items and participants holding exactly 100 % of the working interest; under the '
    'elections rule each participant''s election opens.';

create or replace function app.decide_afe(afe_id uuid, company_id uuid, decision app.afe_decision, comment text)
returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    approval app.afe_approvals;
    settings app.finance_settings;
    approving numeric;
    open_interest numeric;
begin
    perform app.assert_org_role('record AFE decisions', 'finance_writers');
    afe := app.afe_awaiting(afe_id, 'threshold_vote');
    if decision is null or decision = 'pending' then
        perform app.raise_error(400, 'WF_AFE_DECISION', 'The decision is approve or reject', 'decision', null);
    end if;
    if decision = 'reject' and coalesce(btrim(comment), '') = '' then
        perform app.raise_error(400, 'WF_AFE_COMMENT_REQUIRED', 'A rejection needs a comment saying why', 'comment', null);
    end if;
    select * into approval from app.afe_approvals p
     where p.organization_id = afe.organization_id and p.afe_id = afe.id and p.company_id = decide_afe.company_id;
    if not found then
        perform app.raise_error(404, 'WF_AFE_NOT_A_PARTICIPANT',
            format('Company %s does not participate in AFE %s', company_id, afe.afe_number), 'company_id', null);
    end if;
    if approval.decision <> 'pending' then
        perform app.raise_error(409, 'WF_AFE_ALREADY_DECIDED',
            format('This participant already decided %s on AFE %s', approval.decision, afe.afe_number), 'company_id', null);
    end if;

    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afe_approvals p
       set decision = decide_afe.decision, comment = nullif(btrim(decide_afe.comment), ''),
           decided_by = app.current_user_id(), decided_at = clock_timestamp()
     where p.organization_id = approval.organization_id and p.id = approval.id;
    perform set_config('wellflow.afe_workflow', '', true);

    settings := app.finance_settings_of(afe.organization_id);
    select coalesce(sum(p.working_interest) filter (where p.decision = 'approve'), 0),
           coalesce(sum(p.working_interest) filter (where p.decision = 'pending'), 0)
      into approving, open_interest
      from app.afe_approvals p where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    if app.afe_threshold_met(approving, settings) then
        afe := app.move_afe(afe, 'approved');
        perform app.flag_afe_overruns(array[afe.id]);
        return afe;
    elsif not app.afe_threshold_met(approving + open_interest, settings) then
        return app.move_afe(afe, 'rejected');
    end if;
    return afe;
end
$$;
comment on function app.decide_afe(uuid, uuid, app.afe_decision, text) is
    'Records one participant''s decision; approves or rejects the AFE once the outcome is certain.';

create or replace function app.reopen_afe(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
begin
    perform app.assert_org_role('reopen AFEs', 'afe_writers');
    afe := app.move_afe(app.afe_for_update(afe_id), 'draft');
    -- The earlier decisions stay in the audit log; the revised AFE is decided afresh.
    perform set_config('wellflow.afe_workflow', 'on', true);
    delete from app.afe_elections e where e.organization_id = afe.organization_id and e.afe_id = afe.id;
    update app.afe_approvals p
       set decision = 'pending', comment = null, decided_by = null, decided_at = null
     where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    perform set_config('wellflow.afe_workflow', '', true);
    return afe;
end
$$;
comment on function app.reopen_afe(uuid) is
    'rejected -> draft; every participant''s decision returns to pending and its election is forgotten.';

-- Partner elections under the operating agreement (AAPL Form 610 Art. VI.B): on an AFE decided by
-- elections each participant elects for itself, within the AFE's election period, to participate in
-- the operation or to go non-consent; silence when the period ends is non-consent. Once every
-- participant has elected, or once the period has ended and an accountant closes it (or the next JIB
-- run does), the election closes: with at least one
-- participant the AFE is approved and the participants bear its costs in proportion to their working
-- interests (carrying the non-consenting share); each non-consenting party gets a recoupment account
-- (app.recoupment_accounts). With none it is rejected.

create type app.afe_election as enum ('pending', 'participate', 'non_consent');

create table app.afe_elections (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_id uuid not null,
    -- The participant (app.afe_approvals, frozen once the AFE is submitted, holds its working interest).
    company_id uuid not null,
    election app.afe_election not null default 'pending',
    -- Non-consent because the period ended without an election.
    by_silence boolean not null default false,
    comment text constraint afe_elections_comment_check check (char_length(comment) <= 2000),
    elected_by uuid references app.users (id),
    elected_at timestamptz,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint afe_elections_company_id_key unique (organization_id, afe_id, company_id),
    constraint afe_elections_afe_id_fkey foreign key (organization_id, afe_id)
        references app.afes (organization_id, id) on delete cascade,
    constraint afe_elections_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id),
    -- An election belongs to a participant of the AFE.
    constraint afe_elections_participant_fkey foreign key (organization_id, afe_id, company_id)
        references app.afe_approvals (organization_id, afe_id, company_id) on delete cascade,
    constraint afe_elections_by_silence_check check (not by_silence or election = 'non_consent')
);
comment on table app.afe_elections is
    'Each participant''s own election on an AFE decided by elections: pending, participate or non_consent.';

create index afe_elections_company_id_idx on app.afe_elections (organization_id, company_id);

-- Elections are written by the workflow functions only.
create function app.afe_elections_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if not app.afe_workflow_active() then
        perform app.raise_error(400, 'WF_AFE_READ_ONLY_FIELD',
            'A partner''s election is recorded with /rpc/elect_afe', 'election', null);
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function app.afe_elections_guard() is 'Trigger: elections change only through the AFE workflow.';

create trigger afe_elections_guard before insert or update or delete on app.afe_elections
    for each row execute function app.afe_elections_guard();
create trigger afe_elections_set_updated_at before update on app.afe_elections
    for each row execute function app.set_updated_at();
create trigger afe_elections_audit after insert or update or delete on app.afe_elections
    for each row execute function app.audit_change();
create trigger afe_elections_stamp_actor before insert or update of elected_by on app.afe_elections
    for each row execute function app.stamp_actor('elected_by');

alter table app.afe_elections enable row level security;
alter table app.afe_elections force row level security;

-- Read by the organization; written only by the workflow's security-definer functions (the API
-- roles hold no write grant), for the signed-in organization.
create policy afe_elections_tenant on app.afe_elections
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.afe_elections to wellflow_api, wellflow_worker;

-- At submission: one pending election per participant.
create function app.open_afe_elections(afe app.afes) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.afe_elections (organization_id, afe_id, company_id)
    select p.organization_id, p.afe_id, p.company_id
      from app.afe_approvals p where p.organization_id = afe.organization_id and p.afe_id = afe.id;
    perform set_config('wellflow.afe_workflow', '', true);
end
$$;
comment on function app.open_afe_elections(app.afes) is 'Opens a pending election for each participant of a submitted AFE.';

-- Closes a submitted AFE's election: the silent become non-consenting; with a participant the AFE
-- is approved and every non-consenting party gets its recoupment account, with none it is rejected.
create function app.settle_afe_election(afe app.afes) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    settings app.finance_settings := app.finance_settings_of(afe.organization_id);
    settled app.afes;
begin
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afe_elections e
       set election = 'non_consent', by_silence = true, elected_at = clock_timestamp()
     where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.election = 'pending';
    perform set_config('wellflow.afe_workflow', '', true);
    if not exists (select from app.afe_elections e
                    where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.election = 'participate') then
        return app.move_afe(afe, 'rejected');
    end if;
    settled := app.move_afe(afe, 'approved');
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.recoupment_accounts (organization_id, afe_id, company_id, opened_on, drilling_percent,
                                         equipment_in_well_percent, surface_equipment_percent, operating_percent)
    select e.organization_id, e.afe_id, e.company_id, current_date, settings.non_consent_drilling_percent,
           settings.non_consent_equipment_in_well_percent, settings.non_consent_surface_equipment_percent,
           settings.non_consent_operating_percent
      from app.afe_elections e
     where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.election = 'non_consent';
    perform set_config('wellflow.afe_workflow', '', true);
    perform app.flag_afe_overruns(array[settled.id]);
    return settled;
end
$$;
comment on function app.settle_afe_election(app.afes) is
    'Closes an AFE''s election: silence is non-consent; approved with recoupment accounts for the non-consenting parties '
    'when anyone participates, else rejected.';

create function app.elect_afe(afe_id uuid, company_id uuid, election app.afe_election, comment text) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    current_election app.afe_elections;
begin
    perform app.assert_org_role('record AFE elections', 'finance_writers');
    afe := app.afe_awaiting(afe_id, 'elections');
    if election is null or election = 'pending' then
        perform app.raise_error(400, 'WF_AFE_ELECTION', 'The election is participate or non_consent', 'election', null);
    end if;
    if coalesce(char_length(comment), 0) > 2000 then
        perform app.raise_error(400, 'WF_AFE_ELECTION', 'comment is at most 2000 characters', 'comment', null);
    end if;
    if clock_timestamp() > afe.submitted_at + make_interval(days => afe.election_days) then
        perform app.raise_error(409, 'WF_AFE_ELECTION_CLOSED',
            format('The election period of AFE %s ended on %s; silence is non-consent', afe.afe_number,
                   to_char(afe.submitted_at + make_interval(days => afe.election_days), 'YYYY-MM-DD HH24:MI TZ')),
            'afe_id', 'Close the election with /rpc/close_afe_election');
    end if;
    select * into current_election from app.afe_elections e
     where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.company_id = elect_afe.company_id;
    if not found then
        perform app.raise_error(404, 'WF_AFE_NOT_A_PARTICIPANT',
            format('Company %s does not participate in AFE %s', company_id, afe.afe_number), 'company_id', null);
    end if;
    if current_election.election <> 'pending' then
        perform app.raise_error(409, 'WF_AFE_ALREADY_DECIDED',
            format('This participant already elected %s on AFE %s', current_election.election, afe.afe_number),
            'company_id', null);
    end if;
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.afe_elections e
       set election = elect_afe.election, comment = nullif(btrim(elect_afe.comment), ''),
           elected_by = app.current_user_id(), elected_at = clock_timestamp()
     where e.organization_id = current_election.organization_id and e.id = current_election.id;
    perform set_config('wellflow.afe_workflow', '', true);
    if not exists (select from app.afe_elections e
                    where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.election = 'pending') then
        afe := app.settle_afe_election(afe);
    end if;
    return afe;
end
$$;
comment on function app.elect_afe(uuid, uuid, app.afe_election, text) is
    'Records one participant''s election; the last one closes the election.';

-- Closes the election of an AFE whose period has ended.
create function app.close_afe_election(afe_id uuid) returns app.afes
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
begin
    perform app.assert_org_role('close AFE elections', 'finance_writers');
    afe := app.afe_for_update(afe_id);
    if afe.status <> 'submitted' or afe.consent_rule <> 'elections' then
        perform app.raise_error(409, 'WF_AFE_ILLEGAL_TRANSITION',
            format('AFE %s is %s and decided by %s; only a submitted AFE''s election closes', afe.afe_number,
                   afe.status, coalesce(afe.consent_rule::text, 'nothing yet')), 'status', null);
    end if;
    if clock_timestamp() <= afe.submitted_at + make_interval(days => afe.election_days) then
        perform app.raise_error(409, 'WF_AFE_ELECTION_OPEN',
            format('The election period of AFE %s runs until %s, and %s participants have not elected', afe.afe_number,
                   to_char(afe.submitted_at + make_interval(days => afe.election_days), 'YYYY-MM-DD HH24:MI TZ'),
                   (select count(*) from app.afe_elections e
                     where e.organization_id = afe.organization_id and e.afe_id = afe.id and e.election = 'pending')),
            'afe_id', 'It closes by itself when the last participant elects');
    end if;
    return app.settle_afe_election(afe);
end
$$;
comment on function app.close_afe_election(uuid) is
    'Closes the election of an AFE whose period has ended, silence counting as non-consent.';

-- Every election of the organization whose period has ended, closed: the JIB run does this first,
-- so that silence counts at month end without anyone having to ask.
create function app.close_ended_afe_elections() returns integer
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    afe app.afes;
    closed integer := 0;
begin
    for afe in
        select a.* from app.afes a
         where a.organization_id = app.current_organization_id() and a.status = 'submitted'
           and a.consent_rule = 'elections' and clock_timestamp() > a.submitted_at + make_interval(days => a.election_days)
         order by a.id
           for update
    loop
        perform app.settle_afe_election(afe);
        closed := closed + 1;
    end loop;
    return closed;
end
$$;
comment on function app.close_ended_afe_elections() is
    'Closes every election of the organization whose period has ended (silence is non-consent); answers how many.';

grant execute on function app.elect_afe(uuid, uuid, app.afe_election, text), app.close_afe_election(uuid),
    app.close_ended_afe_elections() to wellflow_api;

create type app.payout_phase as enum ('always', 'before_payout', 'after_payout');
-- Phases as ranges, so an always line overlaps both the before- and the after-payout lines.
create function app.payout_phase_range(phase app.payout_phase) returns int4range
language sql immutable parallel safe
set search_path = pg_catalog
as $$
    select case phase when 'before_payout' then int4range(1, 2) when 'after_payout' then int4range(2, 3)
                      else int4range(1, 3) end
$$;
comment on function app.payout_phase_range(app.payout_phase) is
    'before_payout [1,2), after_payout [2,3), always [1,3): overlapping ranges mean overlapping phases.';
grant execute on function app.payout_phase_range(app.payout_phase) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- Deck lines are a few per well: the rewrite the generated column needs, and the exclusion's index
-- build under the lock, take moments.
alter table app.cost_decks
    add column payout_phase app.payout_phase not null default 'always',
    -- squawk-ignore adding-field-with-default
    add column phases int4range generated always as (app.payout_phase_range(payout_phase)) stored;
alter table app.cost_decks drop constraint cost_decks_effective_excl;
-- squawk-ignore constraint-missing-not-valid
alter table app.cost_decks add constraint cost_decks_effective_excl exclude using gist (
    organization_id with =, well_id with =, owner_company_id with =, phases with &&, effective with &&);
drop function app.cost_deck_first_gap(uuid, uuid);

-- The first day on which a well's deck, before or after payout, does not sum to exactly 1, between
-- the first day any line of it starts and the last day one ends: the days where the sum can change
-- are the days lines start and the days after lines end while another line goes on.
create function app.cost_deck_first_gap(organization uuid, well uuid)
returns table (day date, phase app.payout_phase, total numeric)
language sql stable
set search_path = pg_catalog, app
as $$
    with lines as (
        select d.effective_from, d.effective_to, d.decimal_interest, d.effective, d.phases
          from app.cost_decks d where d.organization_id = organization and d.well_id = well),
    days as (
        select effective_from as day from lines
        union
        select l.effective_to + 1 from lines l
         where l.effective_to is not null
           and exists (select from lines later where later.effective_to is null or later.effective_to > l.effective_to))
    select days.day, phase.phase, coalesce(sum(l.decimal_interest), 0)
      from days
     cross join (values ('before_payout'::app.payout_phase), ('after_payout')) phase (phase)
      left join lines l on l.effective @> days.day and l.phases && app.payout_phase_range(phase.phase)
     group by days.day, phase.phase
    having coalesce(sum(l.decimal_interest), 0) <> 1
     order by days.day, phase.phase
     limit 1
$$;
comment on function app.cost_deck_first_gap(uuid, uuid) is
    'The first day a well''s cost deck covers on which its decimals before or after payout do not sum to exactly 1, with that '
    'sum; no row when whole.';

-- Deferred to commit, so a deck can be rewritten in several statements of one transaction.
create or replace function app.cost_decks_check_sum() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    line app.cost_decks := case when tg_op = 'DELETE' then old else new end;
    well uuid;
    gap record;
begin
    -- A line moved to another well changes two decks.
    foreach well in array array_remove(array[line.well_id,
                                             case when tg_op = 'UPDATE' and old.well_id <> new.well_id then old.well_id end],
                                       null) loop
    select * into gap from app.cost_deck_first_gap(line.organization_id, well);
    if found then
        perform app.raise_error(422, 'WF_COST_DECK_SUM',
            format('The %scost deck of well %s sums to %s on %s, %s %s 1.00000000',
                   case when exists (select from app.cost_decks d
                                      where d.organization_id = line.organization_id and d.well_id = well
                                        and d.payout_phase <> 'always')
                        then replace(gap.phase::text, '_', '-') || ' ' else '' end, well,
                   to_char(gap.total, 'FM0.00000000'), gap.day, to_char(abs(1 - gap.total), 'FM0.00000000'),
                   case when gap.total < 1 then 'short of' else 'over' end),
            'decimal_interest',
            'Every day the deck covers needs working interests summing to exactly 1, before and after payout alike: end '
            'one line and start the next in the same transaction');
    end if;
    end loop;
    return null;
end
$$;
comment on function app.cost_decks_check_sum() is
    'Constraint trigger (deferred): a well''s cost deck sums to exactly 1 on every day it covers.';

-- Constant default: no table rewrite.
alter table app.revenue_distribution_lines add column recoupment_amount numeric(14,2) not null default 0;
alter table app.revenue_distribution_lines drop constraint revenue_distribution_lines_net_value_check;
alter table app.revenue_distribution_lines add constraint revenue_distribution_lines_net_value_check check (
    net_value = gross_value - severance_tax - other_deductions + recoupment_amount) not valid;
-- Every existing line has no recoupment, so its net already satisfies the check; validating takes a
-- share lock that lets reads through.
-- squawk-ignore constraint-missing-not-valid
alter table app.revenue_distribution_lines validate constraint revenue_distribution_lines_net_value_check;

-- Non-consent recoupment (AAPL Form 610 Art. VI.B.2). A party that went non-consent on an AFE bears
-- none of the operation's costs; the participants carry its share and recover it, with a penalty,
-- out of its share of the well's revenue until payout. Its recoupment account is charged, by each
-- approved JIB run, its working interest's share of every cost of the AFE times the penalty of the
-- cost's class (percentages copied from /finance_settings when the account opens), and credited, by
-- each approved revenue distribution of the AFE's well (or, for a lease AFE, of the lease's wells),
-- with the net revenue withheld from its working-interest line and paid to the participants instead.
-- Payout is the sales month whose distribution brings the recoveries up to the charges; from then
-- on its revenue is its own again and the well's after-payout cost deck applies.

create table app.recoupment_accounts (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    afe_id uuid not null,
    -- The non-consenting party.
    company_id uuid not null,
    opened_on date not null constraint recoupment_accounts_opened_on_check check (app.is_sane_date(opened_on)),
    drilling_percent numeric not null
        constraint recoupment_accounts_drilling_percent_check check (app.is_penalty_percent(drilling_percent)),
    equipment_in_well_percent numeric not null
        constraint recoupment_accounts_equipment_in_well_percent_check check (app.is_penalty_percent(equipment_in_well_percent)),
    surface_equipment_percent numeric not null
        constraint recoupment_accounts_surface_equipment_percent_check check (app.is_penalty_percent(surface_equipment_percent)),
    operating_percent numeric not null
        constraint recoupment_accounts_operating_percent_check check (app.is_penalty_percent(operating_percent)),
    -- The sales month whose approved distribution completed the recovery; empty before payout.
    paid_out_month date,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint recoupment_accounts_company_id_key unique (organization_id, afe_id, company_id),
    constraint recoupment_accounts_election_fkey foreign key (organization_id, afe_id, company_id)
        references app.afe_elections (organization_id, afe_id, company_id),
    constraint recoupment_accounts_company_id_fkey foreign key (organization_id, company_id)
        references app.companies (organization_id, id)
);
comment on table app.recoupment_accounts is
    'A non-consenting party''s recoupment of an AFE: penalty percentages, and the month it paid out.';
create index recoupment_accounts_company_id_idx on app.recoupment_accounts (organization_id, company_id);

create type app.recoupment_entry_kind as enum ('charge', 'recovery');

create table app.recoupment_entries (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    recoupment_account_id uuid not null,
    entry_kind app.recoupment_entry_kind not null,
    -- A charge: the JIB run that billed the cost, the cost, its penalty class, the party's share of
    -- it (base_amount) and the penalty applied.
    jib_run_id uuid,
    cost_transaction_id uuid,
    penalty_class text,
    base_amount numeric(14,2),
    penalty_percent numeric,
    -- A recovery: the revenue distribution that withheld it.
    distribution_id uuid,
    amount numeric(14,2) not null,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint recoupment_entries_recoupment_account_id_fkey foreign key (organization_id, recoupment_account_id)
        references app.recoupment_accounts (organization_id, id),
    -- A draft run or distribution is replaced whole, its entries with it.
    constraint recoupment_entries_jib_run_id_fkey foreign key (organization_id, jib_run_id)
        references app.jib_runs (organization_id, id) on delete cascade,
    constraint recoupment_entries_distribution_id_fkey foreign key (organization_id, distribution_id)
        references app.revenue_distributions (organization_id, id) on delete cascade,
    constraint recoupment_entries_source_check check (
        (entry_kind = 'charge' and jib_run_id is not null and cost_transaction_id is not null and distribution_id is null
         and penalty_class is not null and base_amount is not null and penalty_percent is not null)
        or (entry_kind = 'recovery' and distribution_id is not null and jib_run_id is null))
);
comment on table app.recoupment_entries is
    'Charges (from JIB runs) and recoveries (from revenue distributions) of the recoupment accounts.';
create index recoupment_entries_account_idx on app.recoupment_entries (organization_id, recoupment_account_id);
create index recoupment_entries_jib_run_id_idx on app.recoupment_entries (organization_id, jib_run_id)
    where jib_run_id is not null;
create index recoupment_entries_distribution_id_idx on app.recoupment_entries (organization_id, distribution_id)
    where distribution_id is not null;

-- Written by the election, the JIB run and the distribution engine (security definer, with the
-- workflow flag); nobody writes an account or an entry directly. Entries go only with the draft run
-- or distribution that wrote them (on delete cascade).
create function app.recoupment_guard() returns trigger
language plpgsql
set search_path = pg_catalog, app
as $$
begin
    if not app.afe_workflow_active() then
        perform app.raise_error(400, 'WF_RECOUPMENT_READ_ONLY',
            'Recoupment accounts are kept by AFE elections, JIB runs and revenue distributions', 'id', null);
    end if;
    return new;
end
$$;
comment on function app.recoupment_guard() is 'Trigger: recoupment accounts and entries change only through the workflows that keep them.';

create trigger recoupment_accounts_guard before insert or update on app.recoupment_accounts
    for each row execute function app.recoupment_guard();
create trigger recoupment_accounts_set_updated_at before update on app.recoupment_accounts
    for each row execute function app.set_updated_at();
create trigger recoupment_accounts_audit after insert or update or delete on app.recoupment_accounts
    for each row execute function app.audit_change();
create trigger recoupment_entries_guard before insert or update on app.recoupment_entries
    for each row execute function app.recoupment_guard();
create trigger recoupment_entries_set_updated_at before update on app.recoupment_entries
    for each row execute function app.set_updated_at();
create trigger recoupment_entries_audit_insert after insert on app.recoupment_entries
    referencing new table as new_rows
    for each statement execute function app.audit_statement_change('recoupment_account_id');
create trigger recoupment_entries_audit_delete after delete on app.recoupment_entries
    referencing old table as old_rows
    for each statement execute function app.audit_statement_change('recoupment_account_id');

alter table app.recoupment_accounts enable row level security;
alter table app.recoupment_accounts force row level security;
alter table app.recoupment_entries enable row level security;
alter table app.recoupment_entries force row level security;

-- Read by the organization; written only by the workflows' security-definer functions (the API
-- roles hold no write grant), for the signed-in organization.
create policy recoupment_accounts_tenant on app.recoupment_accounts
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));
create policy recoupment_entries_tenant on app.recoupment_entries
    for all
    using (organization_id = (select app.current_organization_id()))
    with check (organization_id = (select app.current_organization_id()));

grant select on app.recoupment_accounts, app.recoupment_entries to wellflow_api, wellflow_worker;

-- What approved JIB runs charged an account and approved distributions recovered; drafts do not count.
-- Security definer so that /recoupment_accounts, read by roles without grants on these tables, can
-- use it; row-level security still limits it to the caller's organization.
create function app.recoupment_balance(organization uuid, recoupment_account_id uuid)
returns table (charged numeric, recovered numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select coalesce(sum(e.amount) filter (where e.entry_kind = 'charge'), 0),
           coalesce(sum(e.amount) filter (where e.entry_kind = 'recovery'), 0)
      from app.recoupment_entries e
      left join app.jib_runs r on r.organization_id = e.organization_id and r.id = e.jib_run_id
      left join app.revenue_distributions d on d.organization_id = e.organization_id and d.id = e.distribution_id
     where e.organization_id = organization and e.recoupment_account_id = recoupment_balance.recoupment_account_id
       and coalesce(r.status::text, d.status::text) = 'approved'
$$;
comment on function app.recoupment_balance(uuid, uuid) is
    'An account''s charges by approved JIB runs and recoveries by approved revenue distributions.';
grant execute on function app.recoupment_balance(uuid, uuid) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;

-- The accounts that recover from a well's revenue: those of AFEs on the well, or on its lease
-- without a well, that have not paid out; with the day the operation started (its first cost, or the
-- election if no cost came before it): the revenue of months before it is the party's own.
create function app.open_recoupment_accounts(organization uuid)
returns table (recoupment_account_id uuid, afe_id uuid, company_id uuid, well_id uuid, opened_on date, starts_on date,
               balance numeric)
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select ra.id, ra.afe_id, ra.company_id, w.id, ra.opened_on,
           least(ra.opened_on, (select min(t.service_date) from app.cost_transactions t
                                 where t.organization_id = ra.organization_id and t.afe_id = ra.afe_id)),
           b.charged - b.recovered
      from app.recoupment_accounts ra
      cross join lateral app.recoupment_balance(ra.organization_id, ra.id) b
      join app.afes a on a.organization_id = ra.organization_id and a.id = ra.afe_id
      join app.wells w on w.organization_id = a.organization_id
                      and (w.id = a.well_id or a.well_id is null and w.lease_id = a.lease_id)
     where ra.organization_id = organization and ra.paid_out_month is null
$$;
comment on function app.open_recoupment_accounts(uuid) is
    'Recoupment accounts not yet paid out, per well they recover from, with the day the operation started and their balance '
    '(approved charges less approved recoveries).';

-- After a distribution is approved: every account it recovered for whose approved recoveries now
-- reach its approved charges has paid out in that sales month.
create function app.settle_recoupment_payouts(distribution_id uuid) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    -- Locked first: two approvals committing together each see the other's recoveries.
    perform 1 from app.recoupment_accounts ra
     where ra.organization_id = app.current_organization_id() and ra.paid_out_month is null
       and ra.id in (select e.recoupment_account_id from app.recoupment_entries e
                      where e.organization_id = ra.organization_id and e.distribution_id = settle_recoupment_payouts.distribution_id)
       for update;
    perform set_config('wellflow.afe_workflow', 'on', true);
    update app.recoupment_accounts ra
       set paid_out_month = d.sales_month
      from app.revenue_distributions d
     where d.organization_id = ra.organization_id and d.id = settle_recoupment_payouts.distribution_id
       and ra.organization_id = app.current_organization_id() and ra.paid_out_month is null
       and exists (select from app.recoupment_entries e
                    where e.organization_id = ra.organization_id and e.recoupment_account_id = ra.id
                      and e.distribution_id = d.id)
       and not exists (select from app.open_recoupment_accounts(ra.organization_id) o
                        where o.recoupment_account_id = ra.id and o.balance > 0);
    perform set_config('wellflow.afe_workflow', '', true);
end
$$;
comment on function app.settle_recoupment_payouts(uuid) is
    'Marks the accounts an approved distribution recovered for as paid out when nothing is left to recover.';

-- A run in a few statements, whatever the number of wells: the charges (unbilled transactions
-- booked up to the month's end, and the month's overhead per well), each split by the deck of its
-- service date with the residue to the well's operator (or, when the operator holds no interest
-- that day, to the largest interest), the invoices, and the lines. A draft run is replaced.
-- The costs of an AFE decided by elections are split among its participants in proportion to their
-- working interests, not by the deck (held while its election is open); each non-consenting party's
-- recoupment account is charged its share of them times the penalty of the cost's class. Other costs
-- follow the well's before-payout deck on a day one of its recoupment accounts recovers, else its
-- after-payout deck (with the always lines in both); what the before-payout deck has the
-- participants carry for a non-consenting party is charged to its account too.
-- Overhead (COPAS Section III): a well of a deck is a drilling well in a month that meets the span
-- from its spud date to its completion date (or, not yet completed, while it is drilling or
-- completing), else a producing well in a month it reported production; each is one charge at the
-- rate in effect for the month, once per well and month.
create or replace function app.create_jib_run(billing_month date) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    month_start date;
    month_end date;
    settings app.finance_settings := app.finance_settings_of(org);
    run_id uuid;
begin
    perform app.assert_org_role('create JIB runs', 'finance_writers');
    if billing_month is null or not app.is_sane_date(billing_month)
       or date_trunc('month', billing_month) > date_trunc('month', current_date) then
        perform app.raise_error(400, 'WF_JIB_RUN_INPUT',
            format('billing_month must be a month that has begun; got %s', coalesce(billing_month::text, 'nothing')),
            'billing_month', null);
    end if;
    month_start := date_trunc('month', billing_month)::date;
    month_end := (month_start + interval '1 month - 1 day')::date;
    perform pg_advisory_xact_lock(hashtextextended('jib_runs:' || org, 0));
    delete from app.jib_runs r where r.organization_id = org and r.status = 'draft';
    -- Who bears an elections AFE's costs is known once its election closes; an ended one closes now.
    perform app.close_ended_afe_elections();

    insert into app.jib_runs (organization_id, billing_month, created_by)
    values (org, month_start, app.current_user_id())
    returning id into run_id;

    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: jib_charges (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, held boolean, operator_company_id uuid, election_afe_id uuid, '
            'before_payout boolean)';
    perform 'PRAGMA:TABLE: jib_shares (charge integer, cost_transaction_id uuid, well_id uuid, account_code text, '
            'service_date date, gross_amount numeric, owner_company_id uuid, decimal_interest numeric, amount numeric, '
            'residue_amount numeric, is_partner boolean)';
    perform 'PRAGMA:TABLE: jib_partner_invoices (partner_company_id uuid, invoice_id uuid)';
    create temporary table if not exists jib_charges (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        held boolean, operator_company_id uuid, election_afe_id uuid, before_payout boolean) on commit drop;
    create temporary table if not exists jib_shares (
        charge integer, cost_transaction_id uuid, well_id uuid, account_code text, service_date date, gross_amount numeric,
        owner_company_id uuid, decimal_interest numeric, amount numeric, residue_amount numeric, is_partner boolean)
        on commit drop;
    create temporary table if not exists jib_partner_invoices (partner_company_id uuid, invoice_id uuid) on commit drop;
    truncate jib_charges, jib_shares, jib_partner_invoices;

    insert into jib_charges
    select row_number() over (order by c.well_id, c.service_date, c.cost_transaction_id nulls last, c.account_code),
           c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount,
           c.held or coalesce(elected.status = 'submitted', false), w.operator_company_id, elected.id,
           exists (select from app.recoupment_accounts ra
                     join app.afes a on a.organization_id = ra.organization_id and a.id = ra.afe_id
                    where ra.organization_id = org and ra.opened_on <= c.service_date
                      and (ra.paid_out_month is null or c.service_date < ra.paid_out_month + interval '1 month')
                      and (a.well_id = c.well_id or a.well_id is null and a.lease_id = w.lease_id))
      from (select t.id as cost_transaction_id, t.well_id, t.account_code, t.service_date, t.amount as gross_amount,
                   -- Held while its AFE is over its authorization, where the organization bills no
                   -- overrun before the supplement is approved.
                   not settings.bill_overrun_before_supplement and t.afe_id is not null
                   and exists (select from app.afes a
                                 join app.afes root on root.organization_id = a.organization_id
                                                   and root.id = coalesce(a.parent_afe_id, a.id)
                                where a.organization_id = org and a.id = t.afe_id and root.overrun_flagged_at is not null)
                       as held,
                   t.afe_id
              from app.cost_transactions t
             where t.organization_id = org and t.accounting_date <= month_end
               and not exists (select from app.jib_lines l
                                 join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
                                where l.organization_id = org and l.cost_transaction_id = t.id and r.status = 'approved')
            union all
            select null::uuid, w.id, w.account_code, month_end, rate.monthly_rate, false, null::uuid
              from (select w.id, case when w.spud_date <= month_end
                                           and (w.completion_date >= month_start
                                                or w.completion_date is null and w.status in ('drilling', 'completing'))
                                      then '8900'
                                      when exists (select from app.production_monthly_wells p
                                                    where p.organization_id = org and p.well_id = w.id
                                                      and p.month = month_start and p.producing_days > 0) then '8910'
                                 end as account_code
                      from app.wells w
                     where w.organization_id = org
                       and exists (select from app.cost_decks d
                                    where d.organization_id = org and d.well_id = w.id and d.effective @> month_end)) w
              join lateral (select o.monthly_rate from app.overhead_rates o
                             where o.organization_id = org and o.effective_from <= month_start
                               and o.well_kind = case w.account_code when '8900' then 'drilling' else 'producing' end::app.overhead_well_kind
                             order by o.effective_from desc limit 1) rate on true
             where w.account_code is not null
               and not exists (select from app.jib_lines l
                                 join app.jib_runs r on r.organization_id = l.organization_id and r.id = l.jib_run_id
                                where l.organization_id = org and l.well_id = w.id and l.line_kind = 'overhead'
                                  and l.service_date = month_end and r.status = 'approved')) c (cost_transaction_id, well_id,
                                                                                                account_code, service_date,
                                                                                                gross_amount, held, afe_id)
      join app.wells w on w.organization_id = org and w.id = c.well_id
      left join app.afes elected on elected.organization_id = org and elected.id = c.afe_id
                                and elected.consent_rule = 'elections';
    analyze jib_charges;

    -- Each owner's share to the cent; the residue to the operator's line, else the largest interest.
    insert into jib_shares
    with owners as (
        select c.charge, d.owner_company_id, d.decimal_interest
          from jib_charges c
          join app.cost_decks d on d.organization_id = org and d.well_id = c.well_id and d.effective @> c.service_date
                               and d.phases && app.payout_phase_range(case when c.before_payout then 'before_payout'
                                                                           else 'after_payout' end::app.payout_phase)
         where not c.held and c.election_afe_id is null
        union all
        select c.charge, e.company_id, p.working_interest / t.total
          from jib_charges c
          join app.afe_elections e on e.organization_id = org and e.afe_id = c.election_afe_id and e.election = 'participate'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
          join (select e.afe_id, sum(p.working_interest) as total from app.afe_elections e
                  join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
                 where e.organization_id = org and e.election = 'participate' group by e.afe_id) t
            on t.afe_id = c.election_afe_id
         where not c.held),
    shares as (
        select c.charge, c.cost_transaction_id, c.well_id, c.account_code, c.service_date, c.gross_amount,
               o.owner_company_id, o.decimal_interest, round(c.gross_amount * o.decimal_interest, 2) as share,
               o.owner_company_id is distinct from c.operator_company_id as is_partner,
               o.owner_company_id = c.operator_company_id as is_operator
          from jib_charges c join owners o on o.charge = c.charge),
    ranked as (
        select s.*, s.gross_amount - sum(s.share) over charge as residue, row_number() over ranked_charge as rank
          from shares s
        window charge as (partition by s.charge),
               ranked_charge as (partition by s.charge
                                 order by s.is_operator desc, s.decimal_interest desc, s.owner_company_id))
    select r.charge, r.cost_transaction_id, r.well_id, r.account_code, r.service_date, r.gross_amount, r.owner_company_id,
           round(r.decimal_interest, 10), r.share + case when r.rank = 1 then r.residue else 0 end,
           case when r.rank = 1 then r.residue else 0 end, r.is_partner
      from ranked r;
    analyze jib_shares;

    with partners as (
        select s.owner_company_id, sum(s.amount) as total,
               row_number() over (order by c.name, c.id) as n
          from jib_shares s join app.companies c on c.organization_id = org and c.id = s.owner_company_id
         where s.is_partner
         group by s.owner_company_id, c.name, c.id),
    written as (
        insert into app.jib_invoices (organization_id, jib_run_id, partner_company_id, invoice_number, total_amount)
        select org, run_id, p.owner_company_id,
               coalesce((select max(i.invoice_number) from app.jib_invoices i where i.organization_id = org), 0) + p.n,
               p.total
          from partners p
        returning id, partner_company_id)
    insert into jib_partner_invoices select w.partner_company_id, w.id from written w;
    analyze jib_partner_invoices;

    insert into app.jib_lines (organization_id, jib_run_id, jib_invoice_id, line_kind, cost_transaction_id, well_id,
                               account_code, service_date, gross_amount, owner_company_id, decimal_interest, amount,
                               residue_amount)
    select org, run_id, i.invoice_id, case when s.cost_transaction_id is null then 'overhead' else 'cost' end::app.jib_line_kind,
           s.cost_transaction_id, s.well_id, s.account_code, s.service_date, s.gross_amount, s.owner_company_id,
           s.decimal_interest, s.amount, s.residue_amount
      from jib_shares s
      left join jib_partner_invoices i on i.partner_company_id = s.owner_company_id and s.is_partner;

    -- Each non-consenting party's penalty, while it recoups: on its working interest's share of the
    -- AFE's costs, and on the part of the well's other costs the before-payout deck has the
    -- participants carry for it (its after-payout decimal less its before-payout one), by the cost
    -- account's penalty class (Form 610 Art. VI.B.2: 100 % of operating costs by default).
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.recoupment_entries (organization_id, recoupment_account_id, entry_kind, jib_run_id, cost_transaction_id,
                                        penalty_class, base_amount, penalty_percent, amount)
    with carried as (
        select c.cost_transaction_id, c.account_code, ra.id as recoupment_account_id,
               round(c.gross_amount * p.working_interest, 2) as base
          from jib_charges c
          join app.afe_elections e on e.organization_id = org and e.afe_id = c.election_afe_id and e.election = 'non_consent'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
          join app.recoupment_accounts ra on ra.organization_id = org and ra.afe_id = e.afe_id and ra.company_id = e.company_id
         where not c.held and ra.paid_out_month is null
        union all
        (select distinct on (c.charge, ra.company_id) c.cost_transaction_id, c.account_code, ra.id,
               round(c.gross_amount * (after_payout.decimal_interest - coalesce(before_payout.decimal_interest, 0)), 2)
          from jib_charges c
          join app.wells w on w.organization_id = org and w.id = c.well_id
          join app.recoupment_accounts ra on ra.organization_id = org and ra.paid_out_month is null
                                          and ra.opened_on <= c.service_date
          join app.afes a on a.organization_id = org and a.id = ra.afe_id
                         and (a.well_id = c.well_id or a.well_id is null and a.lease_id = w.lease_id)
          join app.cost_decks after_payout
            on after_payout.organization_id = org and after_payout.well_id = c.well_id
           and after_payout.owner_company_id = ra.company_id and after_payout.payout_phase = 'after_payout'
           and after_payout.effective @> c.service_date
          left join app.cost_decks before_payout
            on before_payout.organization_id = org and before_payout.well_id = c.well_id
           and before_payout.owner_company_id = ra.company_id and before_payout.payout_phase = 'before_payout'
           and before_payout.effective @> c.service_date
         where not c.held and c.election_afe_id is null and c.before_payout and c.cost_transaction_id is not null
           and after_payout.decimal_interest > coalesce(before_payout.decimal_interest, 0)
         order by c.charge, ra.company_id, ra.opened_on, ra.id))
    select org, ra.id, 'charge', run_id, x.cost_transaction_id, account.penalty_class, x.base, penalty.percent,
           round(x.base * penalty.percent / 100, 2)
      from carried x
      join app.recoupment_accounts ra on ra.organization_id = org and ra.id = x.recoupment_account_id
      join ref.cost_accounts account on account.account_code = x.account_code
      cross join lateral (select case account.penalty_class when 'drilling_and_completion' then ra.drilling_percent
                                                            when 'equipment_in_well' then ra.equipment_in_well_percent
                                                            when 'surface_equipment' then ra.surface_equipment_percent
                                                            else ra.operating_percent end as percent) penalty
     where x.base <> 0;
    perform set_config('wellflow.afe_workflow', '', true);

    update app.jib_runs r
       set transactions_billed = t.billed, transactions_held = t.held, overhead_wells = t.overhead,
           total_gross = t.gross, total_invoiced = (select coalesce(sum(s.amount), 0) from jib_shares s where s.is_partner)
      from (select count(*) filter (where c.cost_transaction_id is not null and c.billed) as billed,
                   count(*) filter (where c.cost_transaction_id is not null and not c.billed) as held,
                   count(*) filter (where c.cost_transaction_id is null and c.billed) as overhead,
                   coalesce(sum(c.gross_amount) filter (where c.billed), 0) as gross
              from (select c.cost_transaction_id, c.gross_amount, b.charge is not null as billed
                      from jib_charges c
                      left join (select distinct s.charge from jib_shares s) b on b.charge = c.charge) c) t
     where r.organization_id = org and r.id = run_id;
    return run_id;
end
$$;
comment on function app.create_jib_run(date) is
    'Creates (or replaces) the draft JIB run for a billing month; answers its id.';

-- Approving freezes the run. A draft made before one of its transactions, a deck of its wells or an
-- overhead rate changed would bill what no longer stands, so it is refused until it is made again.
-- The billed transactions are locked until the approval commits: a change that waits for it then
-- meets the approved run's guard.
create or replace function app.approve_jib_run(jib_run_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    run app.jib_runs;
    stale text;
begin
    perform app.assert_org_role('approve JIB runs', 'finance_writers');
    select * into run from app.jib_runs r where r.organization_id = org and r.id = approve_jib_run.jib_run_id for update;
    if not found or run.status <> 'draft' then
        perform app.raise_error(404, 'WF_JIB_RUN_NOT_FOUND',
            format('No draft JIB run %s in this organization', jib_run_id), 'jib_run_id', null);
    end if;
    perform 1 from app.cost_transactions t
     where t.organization_id = org
       and t.id in (select l.cost_transaction_id from app.jib_lines l where l.organization_id = org and l.jib_run_id = run.id)
       for share;
    select case when t.id is null then 'A billed transaction was deleted'
                else format('Invoice %s changed', t.invoice_number) end into stale
      from app.jib_lines l
      left join app.cost_transactions t on t.organization_id = l.organization_id and t.id = l.cost_transaction_id
     where l.organization_id = org and l.jib_run_id = run.id and l.line_kind = 'cost'
       and (t.id is null or t.updated_at > run.created_at
            or (t.well_id, t.account_code, t.service_date, t.amount)
               is distinct from (l.well_id, l.account_code, l.service_date, l.gross_amount))
     limit 1;
    if stale is null then
        select 'A cost deck of a billed well, a recoupment account or an overhead rate changed' into stale
         where exists (select from app.cost_decks d
                        where d.organization_id = org and d.updated_at > run.created_at
                          and d.well_id in (select l.well_id from app.jib_lines l
                                             where l.organization_id = org and l.jib_run_id = run.id))
            or exists (select from app.recoupment_accounts ra
                        where ra.organization_id = org and ra.updated_at > run.created_at)
            or exists (select from app.overhead_rates o
                        where o.organization_id = org and o.updated_at > run.created_at
                          and o.effective_from <= run.billing_month);
    end if;
    if stale is not null then
        perform app.raise_error(409, 'WF_JIB_RUN_STALE', stale || ' after this draft run was made', 'jib_run_id',
            'Make the run again with /rpc/create_jib_run, then approve the new draft');
    end if;
    update app.jib_runs r set status = 'approved', approved_by = app.current_user_id(), approved_at = clock_timestamp()
     where r.organization_id = org and r.id = run.id;
    perform app.defer_job('reports', 'jib_invoices__render',
                          jsonb_build_object('organization_id', org, 'jib_invoice_id', i.id))
       from app.jib_invoices i where i.organization_id = org and i.jib_run_id = run.id;
    return run.id;
end
$$;
comment on function app.approve_jib_run(uuid) is
    'draft -> approved (immutable), unless a billed transaction changed since; queues each invoice''s PDF and CSV.';

-- The distribution engine, run as its owner (not executable by any web role). It distributes the
-- rows of the temporary table distribution_inputs (one per well and product of one month, from
-- the sales statements or from the call) in a few set-based statements, however many wells:
--   1. each well and product with its deck, tax components and any reason it cannot be
--      distributed (no tax rate, a deck that does not sum to 1, no operator line);
--   2. each owner's exact gross (gross x decimal), tax and deductions;
--   3. the owner lines restated to the cent, with the residue of each total on the operator's
--      line, so the owners add up to the well exactly;
--   4. the distributions and their lines: a month not yet approved gets the restated lines (a draft
--      is replaced); an approved month gets an adjustment, the next revision, whose lines are the
--      differences owner by owner from what its approved revisions hold, and none when nothing
--      changed. The approved revisions never change.
-- Taxes follow the production: an owner's taxable value for a component is its decimal of the
-- gross less the deductions that component allows, and royalty (ri, orri, npri) of an exempt owner
-- type is not taxed. Deductions follow the bearers: owners who bear them share them in proportion
-- to their decimals, so a cost-free royalty's share falls on the working interests.
create or replace function app.distribute_revenue_inputs(org uuid, first_day date, raise_failure boolean) returns jsonb
language plpgsql volatile
set search_path = pg_catalog, app
as $$
declare
    failure record;
    failed jsonb;
    distributed integer;
    adjusted integer;
    unchanged integer;
begin
    -- plpgsql_check cannot see the working tables; the pragmas describe them (no-ops when run).
    perform 'PRAGMA:TABLE: distribution_inputs (well_id uuid, product app.sales_product, '
            'volume_source app.volume_source, volume numeric, heat_content_mmbtu numeric, price numeric, '
            'gross_value numeric, deductions numeric[])';
    perform 'PRAGMA:TABLE: distribution_keys (well_id uuid, product app.sales_product, base_product app.product, '
            'well_name text, state_code text, operator_company_id uuid, royalty_cost_free boolean, latest_id uuid, '
            'latest_status app.distribution_status, revision integer, distribution_id uuid, http_status integer, '
            'code text, field text, message text, hint text)';
    perform 'PRAGMA:TABLE: distribution_deck (well_id uuid, product app.sales_product, division_order_id uuid, '
            'owner_company_id uuid, interest_type app.interest_type, decimal_interest numeric, owner_type app.owner_type, '
            'bears_deductions boolean, pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean)';
    perform 'PRAGMA:TABLE: distribution_amounts (distribution_id uuid, division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, '
            'pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean, gross_exact numeric, '
            'tax_exact numeric, deductions_exact numeric)';
    perform 'PRAGMA:TABLE: distribution_lines (distribution_id uuid, division_order_id uuid, owner_company_id uuid, '
            'interest_type app.interest_type, decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, '
            'pay_status app.pay_status, suspense_reason app.suspense_reason, gross numeric, tax numeric, '
            'deductions numeric, gross_residue numeric, tax_residue numeric, deductions_residue numeric)';
    perform 'PRAGMA:TABLE: distribution_recoupment (distribution_id uuid, recoupment_account_id uuid, '
            'owner_company_id uuid, interest_type app.interest_type, amount numeric)';
    -- One run at a time per organization and month: two would replace each other's drafts.
    perform pg_advisory_xact_lock(hashtextextended('revenue_distributions:' || org || ':' || first_day, 0));
    analyze distribution_inputs;

    create temporary table if not exists distribution_keys (
        well_id uuid, product app.sales_product, base_product app.product, well_name text, state_code text,
        operator_company_id uuid, royalty_cost_free boolean, latest_id uuid, latest_status app.distribution_status,
        revision integer, distribution_id uuid, http_status integer, code text, field text, message text, hint text)
        on commit drop;
    truncate distribution_keys;
    -- A draft latest revision is replaced under its id; after an approved one comes the next revision.
    insert into distribution_keys
    select i.well_id, i.product, app.base_product(i.product), w.name, substr(w.well_number, 1, 2), w.operator_company_id,
           coalesce(l.royalty_cost_free, false), d.id, d.status,
           case when d.status = 'approved' then d.revision + 1 else coalesce(d.revision, 0) end,
           case when d.status = 'draft' then d.id else app.uuid_generate_v7() end
      from distribution_inputs i
      join app.wells w on w.organization_id = org and w.id = i.well_id
      left join app.leases l on l.organization_id = org and l.id = w.lease_id
      left join lateral (select d.id, d.status, d.revision from app.revenue_distributions d
                          where d.organization_id = org and d.well_id = i.well_id and d.sales_month = first_day
                            and d.product = i.product
                          order by d.revision desc limit 1) d on true;
    analyze distribution_keys;

    -- The deck in effect on the month's first day; owners without a tax id are held in suspense.
    create temporary table if not exists distribution_deck (
        well_id uuid, product app.sales_product, division_order_id uuid, owner_company_id uuid,
        interest_type app.interest_type, decimal_interest numeric, owner_type app.owner_type, bears_deductions boolean,
        pay_status app.pay_status, suspense_reason app.suspense_reason, is_residue boolean) on commit drop;
    truncate distribution_deck;
    insert into distribution_deck
    select k.well_id, k.product, o.id, o.owner_company_id, o.interest_type, o.decimal_interest, c.owner_type,
           coalesce(o.bears_deductions, o.interest_type = 'wi' or not k.royalty_cost_free),
           case when o.pay_status = 'suspense' or c.tax_id is null then 'suspense' else 'pay' end::app.pay_status,
           case when o.pay_status = 'suspense' then o.suspense_reason
                when c.tax_id is null then 'missing_tax_id' end,
           false
      from distribution_keys k
      join app.division_orders o
        on o.organization_id = org and o.well_id = k.well_id and o.status = 'active'
       and o.effective @> first_day and o.products && app.product_range(k.base_product)
      join app.companies c on c.organization_id = org and c.id = o.owner_company_id;
    -- The operator's line takes the rounding residue: its working interest first, then its largest line.
    update distribution_deck deck set is_residue = true
      from (select distinct on (d.well_id, d.product) d.well_id, d.product, d.division_order_id
              from distribution_deck d
              join distribution_keys k on k.well_id = d.well_id and k.product = d.product
             where d.owner_company_id = k.operator_company_id
             order by d.well_id, d.product, d.interest_type = 'wi' desc, d.decimal_interest desc, d.division_order_id) r
     where deck.well_id = r.well_id and deck.product = r.product and deck.division_order_id = r.division_order_id;
    analyze distribution_deck;

    -- Why a well and product cannot be distributed, the first reason only.
    with checks as (
        select k.well_id, k.product, k.well_name, k.state_code,
               coalesce(deck.total, 0) as deck_total, coalesce(deck.has_residue, false) as has_residue,
               coalesce(deck.has_bearer, false) as has_bearer,
               (select sum(x) from unnest(i.deductions) x) as deductions,
               exists (select from ref.severance_tax_rates r
                        where r.state_code = k.state_code and r.product = k.base_product::text
                          and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day)) as has_rate
          from distribution_keys k
          join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
          left join (select d.well_id, d.product, sum(d.decimal_interest) as total, bool_or(d.is_residue) as has_residue,
                            bool_or(d.bears_deductions) as has_bearer
                       from distribution_deck d group by d.well_id, d.product) deck
                 on deck.well_id = k.well_id and deck.product = k.product),
    problems as (
        select c.well_id, c.product, case
            when not c.has_rate then array['422', 'WF_SEVERANCE_RATE_MISSING', 'product',
                format('No %s severance tax rate for state %s in %s', app.base_product(c.product), c.state_code,
                       to_char(first_day, 'YYYY-MM')),
                'Rates live in ref.severance_tax_rates (/severance_tax_rates)']
            when c.deck_total <> 1 then array['422', 'WF_DECK_NOT_ONE', 'decimal_interest',
                format('The %s deck of %s on %s sums to %s, %s %s 1.00000000; a distribution needs exactly 1',
                       app.base_product(c.product), c.well_name, first_day, to_char(c.deck_total, 'FM0.00000000'),
                       to_char(abs(1 - c.deck_total), 'FM0.00000000'),
                       case when c.deck_total < 1 then 'short of' else 'over' end),
                'Correct the decimals at /division_orders']
            when not c.has_residue then array['422', 'WF_DECK_NO_OPERATOR', 'owner_company_id',
                format('The %s deck of %s has no line for the well''s operator, who takes the rounding residue',
                       app.base_product(c.product), c.well_name),
                'Add the operator''s division order, or set the well''s operator_company_id']
            when c.deductions > 0 and not c.has_bearer then array['422', 'WF_DECK_NO_DEDUCTION_BEARER', 'bears_deductions',
                format('No owner of the %s deck of %s bears deductions, and the month has %s',
                       app.base_product(c.product), c.well_name, to_char(c.deductions, 'FM999,999,999,990.00')),
                'Set bears_deductions on a division order, or royalty_cost_free on the lease']
        end as problem
          from checks c)
    update distribution_keys k
       set http_status = p.problem[1]::integer, code = p.problem[2], field = p.problem[3], message = p.problem[4],
           hint = p.problem[5]
      from problems p
     where p.problem is not null and k.well_id = p.well_id and k.product = p.product;

    select * into failure from distribution_keys k where k.code is not null order by k.well_name, k.product limit 1;
    if found and raise_failure then
        perform app.raise_error(failure.http_status, failure.code, failure.message, failure.field, failure.hint);
    end if;
    select coalesce(jsonb_agg(jsonb_build_object('well_id', k.well_id, 'well_name', k.well_name, 'product', k.product,
                                                 'code', k.code, 'field', k.field, 'message', k.message)
                              order by k.well_name, k.product), '[]')
      into failed
      from distribution_keys k where k.code is not null;

    -- Each owner's exact share: gross, tax over the components in effect, deductions among the bearers.
    create temporary table if not exists distribution_amounts (
        distribution_id uuid, division_order_id uuid, owner_company_id uuid, interest_type app.interest_type,
        decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, pay_status app.pay_status,
        suspense_reason app.suspense_reason, is_residue boolean, gross_exact numeric, tax_exact numeric,
        deductions_exact numeric) on commit drop;
    truncate distribution_amounts;
    insert into distribution_amounts
    select k.distribution_id, d.division_order_id, d.owner_company_id, d.interest_type, d.decimal_interest,
           d.bears_deductions, coalesce(t.exempt, false), d.pay_status, d.suspense_reason, d.is_residue,
           i.gross_value * d.decimal_interest,
           coalesce(t.tax, 0),
           case when d.bears_deductions
                then (select sum(x) from unnest(i.deductions) x) * d.decimal_interest
                     / sum(case when d.bears_deductions then d.decimal_interest end) over (partition by d.well_id, d.product)
                else 0 end
      from distribution_keys k
      join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
      join distribution_deck d on d.well_id = k.well_id and d.product = k.product
      cross join lateral (
          select sum(case when exempt then 0
                          else r.value_rate * d.decimal_interest * greatest(i.gross_value - allowed.amount, 0)
                               + r.unit_amount * i.volume * d.decimal_interest end) as tax,
                 bool_and(exempt) as exempt
            from ref.severance_tax_rates r
           cross join lateral (select d.interest_type <> 'wi' and d.owner_type = any (r.exempt_owner_types) as exempt) e
           cross join lateral (select coalesce(sum(x.amount), 0) as amount
                                 from unnest(i.deductions, enum_range(null::app.deduction_type)) as x (amount, deduction_type)
                                where x.deduction_type = any (r.deductible_deduction_types)) allowed
           where r.state_code = k.state_code and r.product = k.base_product::text
             and r.effective_from <= first_day and (r.effective_to is null or r.effective_to >= first_day)) t
     where k.code is null;

    -- Each line restated to the cent; the residue of each total (the well's figure less the sum of
    -- the rounded shares) on the residue line. Then, owner by owner, less what the approved revisions
    -- of the month already hold: the month's first distribution has none, an adjustment keeps only
    -- the owners whose amounts changed.
    create temporary table if not exists distribution_lines (
        distribution_id uuid, division_order_id uuid, owner_company_id uuid, interest_type app.interest_type,
        decimal_interest numeric, bears_deductions boolean, tax_exempt boolean, pay_status app.pay_status,
        suspense_reason app.suspense_reason, gross numeric, tax numeric, deductions numeric, gross_residue numeric,
        tax_residue numeric, deductions_residue numeric) on commit drop;
    truncate distribution_lines;
    insert into distribution_lines
    with well_totals as (
        select k.distribution_id, i.gross_value as gross, round(sum(a.tax_exact), 2) as tax,
               (select sum(x) from unnest(i.deductions) x) as deductions
          from distribution_keys k
          join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
          join distribution_amounts a on a.distribution_id = k.distribution_id
         group by k.distribution_id, i.gross_value, i.deductions),
    rounded as (
        select a.*, round(a.gross_exact, 2) as gross, round(a.tax_exact, 2) as tax,
               round(a.deductions_exact, 2) as deductions
          from distribution_amounts a),
    restated as (
        select r.*,
               case when r.is_residue then t.gross - sum(r.gross) over w else 0 end as gross_residue,
               case when r.is_residue then t.tax - sum(r.tax) over w else 0 end as tax_residue,
               case when r.is_residue then t.deductions - sum(r.deductions) over w else 0 end as deductions_residue
          from rounded r join well_totals t on t.distribution_id = r.distribution_id
        window w as (partition by r.distribution_id)),
    paid_before as (
        select k.distribution_id, l.owner_company_id, l.interest_type,
               (array_agg(l.division_order_id order by d.revision desc))[1] as division_order_id,
               (array_agg(l.pay_status order by d.revision desc))[1] as pay_status,
               (array_agg(l.suspense_reason order by d.revision desc))[1] as suspense_reason,
               sum(l.gross_value) as gross, sum(l.severance_tax) as tax, sum(l.other_deductions) as deductions,
               sum(l.gross_residue) as gross_residue, sum(l.tax_residue) as tax_residue,
               sum(l.deductions_residue) as deductions_residue
          from distribution_keys k
          join app.revenue_distributions d
            on d.organization_id = org and d.well_id = k.well_id and d.sales_month = first_day and d.product = k.product
           and d.status = 'approved'
          join app.revenue_distribution_lines l on l.organization_id = org and l.distribution_id = d.id
         where k.code is null and k.revision > 0
         group by k.distribution_id, l.owner_company_id, l.interest_type)
    select coalesce(r.distribution_id, p.distribution_id), coalesce(r.division_order_id, p.division_order_id),
           coalesce(r.owner_company_id, p.owner_company_id), coalesce(r.interest_type, p.interest_type),
           coalesce(r.decimal_interest, 0), coalesce(r.bears_deductions, true), coalesce(r.tax_exempt, false),
           coalesce(r.pay_status, p.pay_status), case when r.distribution_id is null then p.suspense_reason else r.suspense_reason end,
           coalesce(r.gross + r.gross_residue, 0) - coalesce(p.gross, 0),
           coalesce(r.tax + r.tax_residue, 0) - coalesce(p.tax, 0),
           coalesce(r.deductions + r.deductions_residue, 0) - coalesce(p.deductions, 0),
           coalesce(r.gross_residue, 0) - coalesce(p.gross_residue, 0),
           coalesce(r.tax_residue, 0) - coalesce(p.tax_residue, 0),
           coalesce(r.deductions_residue, 0) - coalesce(p.deductions_residue, 0)
      from restated r
      full join paid_before p
        on p.distribution_id = r.distribution_id and p.owner_company_id = r.owner_company_id
       and p.interest_type = r.interest_type;
    -- An adjustment holds only the owners whose amounts changed.
    delete from distribution_lines l
     using distribution_keys k
     where k.distribution_id = l.distribution_id and k.revision > 0
       and (l.gross, l.tax, l.deductions) = (0, 0, 0);

    -- Non-consent recoupment, on the month's first distributions (an adjustment moves none): a
    -- working-interest owner recouping on the well, in a month from the operation's start on, has its
    -- net withheld up to what the account has left to recover (its approved charges less every
    -- recovery, draft ones of other distributions included, so two drafts never recover the same
    -- balance twice; one account at a time, the oldest; in order of the distributions when one account
    -- recovers from several). The participants of that AFE with a working-interest line in the same
    -- distribution get it in proportion to their interests, the cents' residue to the operator, else
    -- the largest; with none of them on the deck, the distribution's residue line gets it. The open
    -- accounts are locked, so concurrent distributions take their turns.
    perform 1 from app.recoupment_accounts ra where ra.organization_id = org and ra.paid_out_month is null for update;
    create temporary table if not exists distribution_recoupment (
        distribution_id uuid, recoupment_account_id uuid, owner_company_id uuid, interest_type app.interest_type,
        amount numeric) on commit drop;
    truncate distribution_recoupment;
    insert into distribution_recoupment
    with accounts as (
        select distinct on (l.distribution_id, l.owner_company_id)
               l.distribution_id, l.owner_company_id, o.recoupment_account_id, o.afe_id,
               o.balance - coalesce((select sum(e.amount) from app.recoupment_entries e
                                       join app.revenue_distributions d on d.organization_id = e.organization_id
                                                                       and d.id = e.distribution_id
                                      where e.organization_id = org and e.recoupment_account_id = o.recoupment_account_id
                                        and d.status = 'draft'
                                        and d.id not in (select k.latest_id from distribution_keys k
                                                          where k.latest_status = 'draft' and k.code is null)), 0)
                   as balance,
               l.gross - l.tax - l.deductions as net
          from distribution_lines l
          join distribution_keys k on k.distribution_id = l.distribution_id and k.revision = 0 and k.code is null
          join app.open_recoupment_accounts(org) o on o.well_id = k.well_id and o.company_id = l.owner_company_id
         where l.interest_type = 'wi' and o.balance > 0
           and o.starts_on < first_day + interval '1 month'
         order by l.distribution_id, l.owner_company_id, o.opened_on, o.recoupment_account_id)
    select a.distribution_id, a.recoupment_account_id, a.owner_company_id, 'wi'::app.interest_type,
           -least(greatest(a.net, 0),
                  greatest(a.balance - coalesce(sum(greatest(a.net, 0)) over (partition by a.recoupment_account_id
                                                                                order by a.distribution_id
                                                                                rows between unbounded preceding
                                                                                         and 1 preceding), 0), 0))
      from accounts a;
    delete from distribution_recoupment r where r.amount = 0;
    insert into distribution_recoupment
    with withheld as (
        select r.distribution_id, r.recoupment_account_id, -r.amount as amount, ra.afe_id
          from distribution_recoupment r
          join app.recoupment_accounts ra on ra.organization_id = org and ra.id = r.recoupment_account_id),
    recipients as (
        select w.distribution_id, w.recoupment_account_id, w.amount, e.company_id, 'wi'::app.interest_type as interest_type,
               p.working_interest, e.company_id = k.operator_company_id as is_operator
          from withheld w
          join distribution_keys k on k.distribution_id = w.distribution_id
          join app.afe_elections e on e.organization_id = org and e.afe_id = w.afe_id and e.election = 'participate'
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
         where exists (select from distribution_lines l
                        where l.distribution_id = w.distribution_id and l.owner_company_id = e.company_id
                          and l.interest_type = 'wi')
        union all
        select w.distribution_id, w.recoupment_account_id, w.amount, d.owner_company_id, d.interest_type, 1, true
          from withheld w
          join distribution_keys k on k.distribution_id = w.distribution_id
          join distribution_deck d on d.well_id = k.well_id and d.product = k.product and d.is_residue
         where not exists (select from app.afe_elections e
                             join distribution_lines l on l.distribution_id = w.distribution_id
                                                      and l.owner_company_id = e.company_id and l.interest_type = 'wi'
                            where e.organization_id = org and e.afe_id = w.afe_id and e.election = 'participate')),
    shares as (
        select r.*, round(r.amount * r.working_interest / sum(r.working_interest) over account, 2) as share,
               row_number() over (partition by r.distribution_id, r.recoupment_account_id
                                  order by r.is_operator desc, r.working_interest desc, r.company_id) as rank
          from recipients r
        window account as (partition by r.distribution_id, r.recoupment_account_id))
    select s.distribution_id, s.recoupment_account_id, s.company_id, s.interest_type,
           s.share + case when s.rank = 1 then s.amount - sum(s.share) over account else 0 end
      from shares s
    window account as (partition by s.distribution_id, s.recoupment_account_id);

    -- A draft is replaced whole (its lines go with it, on delete cascade), under the same id.
    delete from app.revenue_distributions d
     using distribution_keys k
     where d.organization_id = org and d.id = k.latest_id and k.latest_status = 'draft' and k.code is null;

    insert into app.revenue_distributions (organization_id, id, well_id, sales_month, product, revision, volume_source,
                                           volume, heat_content_mmbtu, price, severance_tax_rate, severance_tax_per_unit,
                                           gross_value, severance_tax, other_deductions, net_value, residue_company_id,
                                           calculated_by)
    select org, k.distribution_id, k.well_id, first_day, k.product, k.revision, i.volume_source, i.volume,
           i.heat_content_mmbtu, i.price, rates.value_rate, rates.unit_amount, totals.gross, totals.tax,
           totals.deductions, totals.gross - totals.tax - totals.deductions, k.operator_company_id, app.current_user_id()
      from distribution_keys k
      join distribution_inputs i on i.well_id = k.well_id and i.product = k.product
      join (select l.distribution_id, sum(l.gross) as gross, sum(l.tax) as tax, sum(l.deductions) as deductions
              from distribution_lines l group by l.distribution_id) totals on totals.distribution_id = k.distribution_id
      cross join lateral (select sum(r.value_rate) as value_rate, sum(r.unit_amount) as unit_amount
                            from ref.severance_tax_rates r
                           where r.state_code = k.state_code and r.product = k.base_product::text
                             and r.effective_from <= first_day
                             and (r.effective_to is null or r.effective_to >= first_day)) rates
     where k.code is null;

    insert into app.revenue_distribution_lines (organization_id, distribution_id, division_order_id, owner_company_id,
                                                interest_type, decimal_interest, bears_deductions, tax_exempt,
                                                gross_value, severance_tax, other_deductions, net_value, gross_residue,
                                                tax_residue, deductions_residue, pay_status, suspense_reason,
                                                recoupment_amount)
    select org, l.distribution_id, l.division_order_id, l.owner_company_id, l.interest_type, l.decimal_interest,
           l.bears_deductions, l.tax_exempt, l.gross, l.tax, l.deductions,
           l.gross - l.tax - l.deductions + coalesce(r.amount, 0), l.gross_residue, l.tax_residue, l.deductions_residue,
           l.pay_status, l.suspense_reason, coalesce(r.amount, 0)
      from distribution_lines l
      left join (select r.distribution_id, r.owner_company_id, r.interest_type, sum(r.amount) as amount
                   from distribution_recoupment r group by r.distribution_id, r.owner_company_id, r.interest_type) r
             on r.distribution_id = l.distribution_id and r.owner_company_id = l.owner_company_id
            and r.interest_type = l.interest_type;
    perform set_config('wellflow.afe_workflow', 'on', true);
    insert into app.recoupment_entries (organization_id, recoupment_account_id, entry_kind, distribution_id, amount)
    select org, r.recoupment_account_id, 'recovery', r.distribution_id, -r.amount
      from distribution_recoupment r where r.amount < 0;
    perform set_config('wellflow.afe_workflow', '', true);

    select count(*) filter (where k.revision = 0 and l.distribution_id is not null),
           count(*) filter (where k.revision > 0 and l.distribution_id is not null),
           count(*) filter (where k.revision > 0 and l.distribution_id is null)
      into distributed, adjusted, unchanged
      from distribution_keys k
      left join (select distinct distribution_id from distribution_lines) l on l.distribution_id = k.distribution_id
     where k.code is null;
    return jsonb_build_object('sales_month', to_char(first_day, 'YYYY-MM'), 'distributed', distributed,
                              'adjusted', adjusted, 'unchanged', unchanged, 'failed', failed);
end
$$;
comment on function app.distribute_revenue_inputs(uuid, date, boolean) is
    'The distribution engine over distribution_inputs for one month: answers {distributed, adjusted, unchanged, failed}; '
    'raises the first failure instead when asked to.';

create or replace function app.approve_revenue_distribution(distribution_id uuid) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    approved uuid;
begin
    perform app.assert_org_role('approve revenue distributions', 'finance_writers');
    update app.revenue_distributions d
       set status = 'approved', approved_by = app.current_user_id(), approved_at = clock_timestamp()
     where d.organization_id = app.current_organization_id() and d.id = distribution_id
    returning d.id into approved;
    if approved is null then
        perform app.raise_error(404, 'WF_DISTRIBUTION_NOT_FOUND',
            format('No revenue distribution %s in this organization', distribution_id), 'distribution_id', null);
    end if;
    perform app.settle_recoupment_payouts(approved);
    return approved;
end
$$;
comment on function app.approve_revenue_distribution(uuid) is
    'draft -> approved; an approved distribution is immutable. A recoupment account it recovered the rest of pays out.';

set local role wellflow_api;


create view api.afe_elections as
    with readable as (
        select e.organization_id, e.id, e.afe_id, e.company_id, p.working_interest, e.election, e.by_silence, e.comment,
               e.elected_by, e.elected_at,
               -- The share of the AFE's costs the party bears: its interest among the participants'.
               case when e.election = 'participate'
                    then round(p.working_interest / sum(p.working_interest) filter (where e.election = 'participate')
                                                    over (partition by e.organization_id, e.afe_id), 10)
                    when e.election = 'non_consent' then 0 end as cost_share,
               a.submitted_at + make_interval(days => a.election_days) as election_deadline
          from app.afe_elections e
          join app.afe_approvals p on p.organization_id = e.organization_id and p.afe_id = e.afe_id and p.company_id = e.company_id
          join app.afes a on a.organization_id = e.organization_id and a.id = e.afe_id)
    select * from readable;
comment on view api.afe_elections is
    'Each participant''s election on an AFE decided by elections (AAPL Form 610 Art. VI.B): participate or non_consent, '
    'recorded with /rpc/elect_afe within the election period; silence is non-consent. Participants bear the AFE''s costs in '
    'proportion to their working interests (cost_share); each non-consenting party is charged a penalty in its recoupment '
    'account (/recoupment_accounts) and recovers nothing of the well''s revenue until payout. Read-only.';
comment on column api.afe_elections.organization_id is 'The organization.';
comment on column api.afe_elections.id is 'Election id (UUID v7).';
comment on column api.afe_elections.afe_id is 'The AFE (see /afes).';
comment on column api.afe_elections.company_id is 'The participant (see /companies).';
comment on column api.afe_elections.working_interest is 'Its working interest in the AFE.';
comment on column api.afe_elections.election is 'pending, participate or non_consent.';
comment on column api.afe_elections.by_silence is 'true when non-consent because the period ended without an election.';
comment on column api.afe_elections.comment is 'What the partner said.';
comment on column api.afe_elections.elected_by is 'The user who recorded it.';
comment on column api.afe_elections.elected_at is 'When it was recorded (or the period ended).';
comment on column api.afe_elections.cost_share is
    'The share of the AFE''s costs it bears once elected: working_interest / the participants'' total, 10 decimals; 0 when '
    'non-consenting; empty while pending.';
comment on column api.afe_elections.election_deadline is 'When the election period ends.';

create function api.elect_afe(afe_id uuid, company_id uuid, election app.afe_election, comment text default null)
returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.elect_afe(afe_id, company_id, election, comment);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.elect_afe(uuid, uuid, app.afe_election, text) is
    'Records a participant''s election on a submitted AFE decided by elections: participate or non_consent. When the last '
    'participant has elected the election closes: the AFE is approved if anyone participates (the participants carry the '
    'non-consenting share; each non-consenting party gets a recoupment account), else rejected. After the period: 409 '
    'WF_AFE_ELECTION_CLOSED, silence being non-consent. Accountants, admins, owners.';

create function api.close_afe_election(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.close_afe_election(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.close_afe_election(uuid) is
    'Closes the election of an AFE whose period has ended, silence counting as non-consent (the next JIB run closes every '
    'ended election too); 409 WF_AFE_ELECTION_OPEN before. Accountants, admins, owners.';

grant select on api.afe_elections to wellflow_user, wellflow_analyst;
grant execute on function api.elect_afe(uuid, uuid, app.afe_election, text), api.close_afe_election(uuid) to wellflow_user;


create view api.recoupment_accounts as
    with readable as (
        select ra.organization_id, ra.id, ra.afe_id, a.afe_number, a.well_id, a.lease_id, ra.company_id, c.name as company_name,
               ra.opened_on, ra.drilling_percent, ra.equipment_in_well_percent, ra.surface_equipment_percent,
               ra.operating_percent, t.charged::numeric(14,2) as charged_amount, t.recovered::numeric(14,2) as recovered_amount,
               (t.charged - t.recovered)::numeric(14,2) as balance,
               case when ra.paid_out_month is null then 'recouping' else 'paid_out' end as status, ra.paid_out_month
          from app.recoupment_accounts ra
          join app.afes a on a.organization_id = ra.organization_id and a.id = ra.afe_id
          join app.companies c on c.organization_id = ra.organization_id and c.id = ra.company_id
          cross join lateral app.recoupment_balance(ra.organization_id, ra.id) t)
    select * from readable;
comment on view api.recoupment_accounts is
    'Non-consent recoupment per AFE and non-consenting party (AAPL Form 610 Art. VI.B.2): charged by approved JIB runs with '
    'the party''s share of the AFE''s costs times the penalty of each cost''s class, recovered by approved revenue '
    'distributions from the party''s share of the well''s net revenue, which goes to the participants instead; paid out in '
    'the month the recoveries reach the charges, after which the party is paid its revenue and the well''s after-payout cost '
    'deck applies. Drafts count only once approved. Read-only.';
comment on column api.recoupment_accounts.organization_id is 'The organization.';
comment on column api.recoupment_accounts.id is 'Account id (UUID v7).';
comment on column api.recoupment_accounts.afe_id is 'The AFE the party went non-consent on (see /afes).';
comment on column api.recoupment_accounts.afe_number is 'Its AFE number.';
comment on column api.recoupment_accounts.well_id is 'The AFE''s well, whose revenue recovers it (see /wells).';
comment on column api.recoupment_accounts.lease_id is 'The AFE''s lease; without a well, every well of it recovers it.';
comment on column api.recoupment_accounts.company_id is 'The non-consenting party (see /companies).';
comment on column api.recoupment_accounts.company_name is 'Its name.';
comment on column api.recoupment_accounts.opened_on is 'When the election closed.';
comment on column api.recoupment_accounts.drilling_percent is 'Penalty on drilling and completing costs, percent.';
comment on column api.recoupment_accounts.equipment_in_well_percent is 'Penalty on equipment in the well, percent.';
comment on column api.recoupment_accounts.surface_equipment_percent is 'Penalty on surface equipment, percent.';
comment on column api.recoupment_accounts.operating_percent is 'Penalty on operating costs, percent.';
comment on column api.recoupment_accounts.charged_amount is 'Charged by approved JIB runs.';
comment on column api.recoupment_accounts.recovered_amount is 'Recovered by approved revenue distributions.';
comment on column api.recoupment_accounts.balance is 'charged_amount - recovered_amount: what is left to recover.';
comment on column api.recoupment_accounts.status is 'recouping or paid_out.';
comment on column api.recoupment_accounts.paid_out_month is 'The sales month whose distribution completed the recovery.';

create view api.recoupment_entries as
    with readable as (
        select e.organization_id, e.id, e.recoupment_account_id, e.entry_kind, e.jib_run_id, e.cost_transaction_id,
               e.penalty_class, e.base_amount, e.penalty_percent, e.distribution_id, e.amount,
               coalesce(r.status::text, d.status::text) as status, e.created_at
          from app.recoupment_entries e
          left join app.jib_runs r on r.organization_id = e.organization_id and r.id = e.jib_run_id
          left join app.revenue_distributions d on d.organization_id = e.organization_id and d.id = e.distribution_id)
    select * from readable;
comment on view api.recoupment_entries is
    'Each charge and recovery of the recoupment accounts, with the status (draft or approved) of the JIB run or revenue '
    'distribution that wrote it. Read-only.';
comment on column api.recoupment_entries.organization_id is 'The organization.';
comment on column api.recoupment_entries.id is 'Entry id (UUID v7).';
comment on column api.recoupment_entries.recoupment_account_id is 'The account (see /recoupment_accounts).';
comment on column api.recoupment_entries.entry_kind is 'charge or recovery.';
comment on column api.recoupment_entries.jib_run_id is 'For a charge, the JIB run (see /jib_runs).';
comment on column api.recoupment_entries.cost_transaction_id is 'For a charge, the cost (see /cost_transactions).';
comment on column api.recoupment_entries.penalty_class is
    'For a charge, the cost account''s penalty class: drilling_and_completion, equipment_in_well, surface_equipment or operating.';
comment on column api.recoupment_entries.base_amount is 'For a charge, the party''s share of the cost: amount x its working interest, to the cent.';
comment on column api.recoupment_entries.penalty_percent is 'For a charge, the penalty applied, percent.';
comment on column api.recoupment_entries.distribution_id is 'For a recovery, the revenue distribution (see /revenue_distributions).';
comment on column api.recoupment_entries.amount is 'A charge: base_amount x penalty_percent / 100, to the cent; a recovery: the revenue withheld.';
comment on column api.recoupment_entries.status is 'draft or approved: the status of the run or distribution that wrote it.';
comment on column api.recoupment_entries.created_at is 'When it was written.';

grant select on api.recoupment_accounts, api.recoupment_entries to wellflow_user, wellflow_analyst;

create or replace view api.finance_settings as
    select s.organization_id, s.afe_approval_threshold, s.afe_approval_threshold_inclusive, s.afe_overrun_percent,
           s.statement_contact_name, s.statement_address, s.statement_phone, s.statement_email, s.updated_at,
           s.minimum_payment, s.annual_payment_month, s.annual_minimum_payment, s.backup_withholding_rate,
           s.bill_overrun_before_supplement, s.afe_consent_rule, s.non_consent_drilling_percent,
           s.non_consent_equipment_in_well_percent, s.non_consent_surface_equipment_percent, s.non_consent_operating_percent
      from app.organizations o cross join lateral app.finance_settings_of(o.id) s;
comment on view api.finance_settings is
    'The organization''s finance settings (one row, defaults until changed). Owners, admins and accountants PATCH it.';
comment on column api.finance_settings.organization_id is 'The organization.';
comment on column api.finance_settings.afe_approval_threshold is
    'Share of the participating working interest whose approval approves an AFE, 8 decimals; default 0.5.';
comment on column api.finance_settings.afe_approval_threshold_inclusive is
    'false (default): approving interest must be more than the threshold; true: at least the threshold.';
comment on column api.finance_settings.afe_overrun_percent is
    'Actual cost may exceed the approved total by this percentage before the AFE is flagged and a supplemental AFE is needed; '
    'default 10.';
comment on column api.finance_settings.statement_contact_name is 'Contact printed on owner statements.';
comment on column api.finance_settings.statement_address is 'Address printed on owner statements.';
comment on column api.finance_settings.statement_phone is 'Phone number printed on owner statements (Texas Natural Resources Code §91.502).';
comment on column api.finance_settings.statement_email is 'E-mail printed on owner statements.';
comment on column api.finance_settings.updated_at is 'When the settings were last changed; null while they are the defaults.';
comment on column api.finance_settings.minimum_payment is 'An owner''s balance below this is carried to the next payment run; default 100.00.';
comment on column api.finance_settings.annual_payment_month is
    'The month (1-12) whose payment run pays every balance of at least annual_minimum_payment; default 12.';
comment on column api.finance_settings.annual_minimum_payment is
    'The smallest balance the annual run pays; default 10.00, at most minimum_payment.';
comment on column api.finance_settings.backup_withholding_rate is
    'Share withheld from payments to owners subject to backup withholding; default 0.24.';
comment on column api.finance_settings.bill_overrun_before_supplement is
    'true (default): the JIB run bills the costs of an AFE flagged over its authorization; false: it holds them until a '
    'supplement is approved.';
comment on column api.finance_settings.afe_consent_rule is
    'How partners decide AFEs submitted from now on. elections (default): each participant elects to participate or go '
    'non-consent within the AFE''s election period (AAPL Form 610 Art. VI.B), silence is non-consent, the consenting parties '
    'carry the non-consenting share and recoup it with the penalties below; threshold_vote: approving working interest '
    'reaching afe_approval_threshold binds every participant (unit operating agreements).';
comment on column api.finance_settings.non_consent_drilling_percent is
    'Recoupment charged on a non-consenting party''s share of drilling, completing and reworking costs, in percent; default '
    '300 (Form 610 Art. VI.B.2(b)).';
comment on column api.finance_settings.non_consent_equipment_in_well_percent is
    'Recoupment on its share of newly acquired equipment in the well, in percent; default 100 (Form 610 Art. VI.B.2(b)).';
comment on column api.finance_settings.non_consent_surface_equipment_percent is
    'Recoupment on its share of surface equipment beyond the wellhead connections, in percent; default 100 (Form 610 Art. '
    'VI.B.2(a)).';
comment on column api.finance_settings.non_consent_operating_percent is
    'Recoupment on its share of operating costs charged to the operation, in percent; default 100 (Form 610 Art. VI.B.2(a)).';
-- Writes to the settings view land in app.finance_settings (created on first change).
create or replace function api.finance_settings_write() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.finance_settings (organization_id, afe_approval_threshold, afe_approval_threshold_inclusive,
                                      afe_overrun_percent, statement_contact_name, statement_address,
                                      statement_phone, statement_email, minimum_payment, annual_payment_month,
                                      annual_minimum_payment, backup_withholding_rate, bill_overrun_before_supplement,
                                      afe_consent_rule, non_consent_drilling_percent, non_consent_equipment_in_well_percent,
                                      non_consent_surface_equipment_percent, non_consent_operating_percent)
    values (old.organization_id, new.afe_approval_threshold, new.afe_approval_threshold_inclusive,
            new.afe_overrun_percent, new.statement_contact_name, new.statement_address, new.statement_phone,
            new.statement_email, new.minimum_payment, new.annual_payment_month, new.annual_minimum_payment,
            new.backup_withholding_rate, new.bill_overrun_before_supplement, new.afe_consent_rule,
            new.non_consent_drilling_percent, new.non_consent_equipment_in_well_percent,
            new.non_consent_surface_equipment_percent, new.non_consent_operating_percent)
    on conflict (organization_id) do update
       set afe_approval_threshold = excluded.afe_approval_threshold,
           afe_approval_threshold_inclusive = excluded.afe_approval_threshold_inclusive,
           afe_overrun_percent = excluded.afe_overrun_percent,
           statement_contact_name = excluded.statement_contact_name,
           statement_address = excluded.statement_address,
           statement_phone = excluded.statement_phone,
           statement_email = excluded.statement_email,
           minimum_payment = excluded.minimum_payment,
           annual_payment_month = excluded.annual_payment_month,
           annual_minimum_payment = excluded.annual_minimum_payment,
           backup_withholding_rate = excluded.backup_withholding_rate,
           bill_overrun_before_supplement = excluded.bill_overrun_before_supplement,
           afe_consent_rule = excluded.afe_consent_rule,
           non_consent_drilling_percent = excluded.non_consent_drilling_percent,
           non_consent_equipment_in_well_percent = excluded.non_consent_equipment_in_well_percent,
           non_consent_surface_equipment_percent = excluded.non_consent_surface_equipment_percent,
           non_consent_operating_percent = excluded.non_consent_operating_percent;
    -- Another allowance moves the line between authorized and over: every AFE family is measured again.
    if new.afe_overrun_percent is distinct from old.afe_overrun_percent then
        perform app.flag_afe_overruns(array(select a.id from app.afes a
                                             where a.organization_id = old.organization_id and a.parent_afe_id is null));
    end if;
    return new;
end
$$;
comment on function api.finance_settings_write() is 'Trigger: PATCH /finance_settings stores the organization''s settings.';

create or replace view api.afes as
    select a.organization_id, a.id, a.afe_number, a.afe_type, a.well_id, a.lease_id, a.description, a.parent_afe_id,
           a.status, a.estimated_total, a.approved_total,
           ((select coalesce(sum(l.actual_amount), 0) from app.afe_line_items l
              where l.organization_id = a.organization_id and l.afe_id = a.id) + a.invoiced_total)::numeric(14,2)
               as actual_total,
           a.submitted_at, a.decided_at, a.closed_at, a.created_by, a.created_at, a.updated_at, a.invoiced_total,
           (select root.overrun_flagged_at from app.afes root
             where root.organization_id = a.organization_id and root.id = coalesce(a.parent_afe_id, a.id))
               as overrun_flagged_at,
           a.consent_rule, a.election_days,
           case when a.consent_rule = 'elections' then a.submitted_at + make_interval(days => a.election_days) end
               as election_deadline
      from app.afes a;
comment on view api.afes is
    'Authorizations for expenditure. Everyone reads; engineers, accountants, admins and owners create and edit drafts. '
    'Status moves only through /rpc/submit_afe, /rpc/elect_afe (or /rpc/decide_afe where partners vote), /rpc/reopen_afe and '
    '/rpc/close_afe. Actual cost is never '
    'refused: beyond the approved totals of an AFE and its supplements plus the overrun allowance of /finance_settings, the '
    'AFE is flagged (overrun_flagged_at), owners and admins are e-mailed, and a supplement (/rpc/create_supplement) is '
    'needed; its approval clears the flag.';
comment on column api.afes.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afes.id is 'AFE id (UUID v7).';
comment on column api.afes.afe_number is 'AFE number, unique in the organization: letters, digits and . / _ -, up to 64.';
comment on column api.afes.afe_type is 'drilling, completion, recompletion, workover, facility, plug_and_abandon or other.';
comment on column api.afes.well_id is 'The well (see /wells); a well, a lease or both is required.';
comment on column api.afes.lease_id is 'The lease (see /leases).';
comment on column api.afes.description is 'What the money is for, 1-2000 characters.';
comment on column api.afes.parent_afe_id is 'For a supplemental AFE, the original it adds to (set by /rpc/create_supplement).';
comment on column api.afes.status is 'draft, submitted, approved, rejected or closed.';
comment on column api.afes.estimated_total is 'Sum of the line items'' estimates, kept by the database.';
comment on column api.afes.approved_total is 'The estimated total when the AFE was approved.';
comment on column api.afes.actual_total is
    'Actual cost: the cost transactions coded to it (invoiced_total) plus the manual accruals on its line items.';
comment on column api.afes.submitted_at is 'When it was submitted for approval.';
comment on column api.afes.decided_at is 'When it was approved or rejected.';
comment on column api.afes.closed_at is 'When it was closed.';
comment on column api.afes.created_by is 'The user who created it.';
comment on column api.afes.created_at is 'When it was created.';
comment on column api.afes.updated_at is 'When it was last changed.';
comment on column api.afes.invoiced_total is 'Sum of the invoices and accruals coded to it (see /cost_transactions).';
comment on column api.afes.overrun_flagged_at is
    'Since when the actual cost of the AFE and its supplements has been beyond their authorization (approved totals plus '
    'the overrun allowance); empty while within it.';
comment on column api.afes.consent_rule is
    'How it is decided, fixed at submission from /finance_settings: elections (each participant elects, /rpc/elect_afe) or '
    'threshold_vote (/rpc/decide_afe).';
comment on column api.afes.election_days is
    'Under elections, the days participants have from submission to elect, 1-365; default 30 (48 hours with a rig on '
    'location: 2). Silence after them is non-consent.';
comment on column api.afes.election_deadline is 'Under elections, when the election period ends (submitted_at + election_days).';
comment on function api.submit_afe(uuid) is
    'draft -> submitted. Needs line items and participants holding exactly 100 % of the working interest. Under the elections '
    'rule each participant then elects within election_days (/rpc/elect_afe). Engineers, accountants, admins, owners.';
comment on function api.decide_afe(uuid, uuid, app.afe_decision, text) is
    'Where partners vote (consent_rule threshold_vote), records a participant''s decision (approve, or reject with a comment). '
    'The AFE is approved once approving working interest reaches the threshold in /finance_settings, rejected once it no '
    'longer can, and binds every participant. Accountants, admins, owners.';

create or replace view api.cost_decks as
    select organization_id, id, well_id, owner_company_id, decimal_interest, effective_from, effective_to, created_at,
           updated_at, payout_phase
      from app.cost_decks;
comment on view api.cost_decks is
    'Who bears each well''s costs: working-interest decimals per owner over an effective date range. Everyone reads; owners, '
    'admins and accountants write. On every day a well''s deck covers, its decimals sum to exactly 1.00000000 '
    '(WF_COST_DECK_SUM, checked at commit, naming the first day that does not and by how much), so a deck or a change of it '
    'is written in one request (POST a JSON array of lines). One owner''s lines of a well never overlap in time. Joint '
    'interest billing splits each cost by the deck in effect on its service date. A well with a non-consent operation has '
    'before_payout and after_payout lines (beside the always lines), each set summing to 1; the before-payout deck applies '
    'while a recoupment account of the well recovers (/recoupment_accounts), the after-payout deck from the month after its '
    'payout.';
comment on column api.cost_decks.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.cost_decks.id is 'Deck line id (UUID v7).';
comment on column api.cost_decks.well_id is 'The well (see /wells).';
comment on column api.cost_decks.owner_company_id is 'The working-interest owner (see /companies).';
comment on column api.cost_decks.decimal_interest is 'The owner''s working interest, in (0, 1] with at most 8 decimals.';
comment on column api.cost_decks.effective_from is 'First day in effect.';
comment on column api.cost_decks.effective_to is 'Last day in effect (inclusive); empty while open-ended.';
comment on column api.cost_decks.created_at is 'When the line was created.';
comment on column api.cost_decks.updated_at is 'When the line was last changed.';
comment on column api.cost_decks.payout_phase is
    'always (default), before_payout or after_payout: when the line applies on a well with a non-consent operation.';

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create or replace view api.revenue_distribution_lines as
    with readable as (
        select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
               bears_deductions, tax_exempt,
               gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
               pay_status, suspense_reason,
               payable_amount, suspense_amount, recoupment_amount
          from app.revenue_distribution_lines)
    select * from readable;
comment on column api.revenue_distribution_lines.net_value is 'gross_value - severance_tax - other_deductions + recoupment_amount.';
comment on column api.revenue_distribution_lines.recoupment_amount is
    'Non-consent recoupment: withheld from an owner recouping a non-consent operation on the well (negative, up to its '
    'balance at /recoupment_accounts), paid to the operation''s participants (positive); zero over the distribution.';
-- What Texas Natural Resources Code §91.502 requires on a payment stub, one row per owner line.
create or replace view api.owner_statements as
    select l.organization_id, l.id as line_id, d.id as distribution_id, d.status, d.sales_month, d.product,
           d.revision, d.revision > 0 as is_adjustment,
           w.id as well_id, w.name as well_name, app.format_well_number(w.well_number) as well_number_formatted,
           le.lease_number, le.name as lease_name, county.name as county_name, state.name as state_name,
           d.volume, d.price, d.gross_value as well_gross_value, d.severance_tax as well_severance_tax,
           d.other_deductions as well_other_deductions, d.net_value as well_net_value,
           l.owner_company_id, owner.name as owner_name, l.interest_type, l.decimal_interest,
           l.gross_value as owner_gross_value, l.severance_tax as owner_severance_tax,
           l.other_deductions as owner_other_deductions, l.net_value as owner_net_value,
           l.pay_status, l.suspense_reason, l.payable_amount, l.suspense_amount,
           operator.name as operator_name, settings.statement_contact_name as operator_contact_name,
           settings.statement_address as operator_address,
           coalesce(settings.statement_phone, operator.contact_phone) as operator_phone,
           coalesce(settings.statement_email, operator.contact_email) as operator_email,
           l.recoupment_amount
      from app.revenue_distribution_lines l
      join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
      join app.wells w on w.organization_id = d.organization_id and w.id = d.well_id
      left join app.leases le on le.organization_id = w.organization_id and le.id = w.lease_id
      join ref.well_number_states state on state.state_code = substr(w.well_number, 1, 2)
      join ref.well_number_counties county on county.state_code = substr(w.well_number, 1, 2)
                                          and county.county_code = substr(w.well_number, 3, 3)
      join app.companies owner on owner.organization_id = l.organization_id and owner.id = l.owner_company_id
      join app.companies operator on operator.organization_id = d.organization_id and operator.id = d.residue_company_id
      cross join lateral app.finance_settings_of(l.organization_id) settings;
comment on column api.owner_statements.owner_net_value is 'Owner net value, after non-consent recoupment.';
comment on column api.owner_statements.recoupment_amount is
    'Non-consent recoupment in the owner net value: withheld (negative) or received as a participant (positive).';

commit;
