-- Partner elections under the operating agreement (AAPL Form 610 Art. VI.B): on an AFE decided by
-- elections each participant elects for itself, within the AFE's election period, to participate in
-- the operation or to go non-consent; silence when the period ends is non-consent. Once every
-- participant has elected, or once the period has ended and an accountant closes it (or the next JIB
-- run does), the election closes: with at least one
-- participant the AFE is approved and the participants bear its costs in proportion to their working
-- interests (carrying the non-consenting share); each non-consenting party gets a recoupment account
-- (app.recoupment_accounts). With none it is rejected.
set local role wellflow_owner;

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
