-- Cost decks: the working-interest owners who bear a well's costs, each with its decimal share over
-- an effective date range. Costs are billed at 8/8ths and split by the deck in effect on the day a
-- cost was incurred, so for every day a well's deck covers, its decimals sum to exactly 1: a deck
-- change is written as lines ending and lines starting, in one transaction.
-- A well with a non-consent operation has a deck for before payout (the participants carrying the
-- non-consenting party's share) and one for after: lines marked before_payout or after_payout, with
-- the lines of both (always) beside them. Each of the two sums to 1; which applies on a day follows
-- the well's recoupment accounts (app.cost_deck_before_payout).
set local role wellflow_owner;

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

create table app.cost_decks (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_id uuid not null,
    owner_company_id uuid not null,
    -- Working interests carry 8 places; the check refuses more instead of rounding them away.
    decimal_interest numeric not null
        constraint cost_decks_decimal_interest_check check (
            decimal_interest > 0 and decimal_interest <= 1 and decimal_interest = round(decimal_interest, 8)),
    effective_from date not null constraint cost_decks_effective_from_check check (app.is_sane_date(effective_from)),
    -- Last day in effect (inclusive); null while open-ended.
    effective_to date,
    -- An end before the start is clamped here so that the named check, not a range error, refuses it.
    effective daterange generated always as (daterange(
        effective_from, case when effective_to < effective_from then effective_from else effective_to end, '[]')) stored,
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    payout_phase app.payout_phase not null default 'always',
    phases int4range generated always as (app.payout_phase_range(payout_phase)) stored,
    primary key (organization_id, id),
    constraint cost_decks_well_id_fkey foreign key (organization_id, well_id) references app.wells (organization_id, id),
    constraint cost_decks_owner_company_id_fkey foreign key (organization_id, owner_company_id)
        references app.companies (organization_id, id),
    constraint cost_decks_effective_to_check check (app.is_sane_date(effective_to) and effective_to >= effective_from),
    constraint cost_decks_effective_excl exclude using gist (
        organization_id with =, well_id with =, owner_company_id with =, phases with &&, effective with &&)
);
comment on table app.cost_decks is
    'Working-interest decimals per well and owner over an effective date range: who bears the well''s costs.';

create index cost_decks_well_id_idx on app.cost_decks (organization_id, well_id, effective_from);
create index cost_decks_owner_company_id_idx on app.cost_decks (organization_id, owner_company_id);

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
create function app.cost_decks_check_sum() returns trigger
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

create constraint trigger cost_decks_check_sum after insert or update or delete on app.cost_decks
    deferrable initially deferred
    for each row execute function app.cost_decks_check_sum();
create trigger cost_decks_set_updated_at before update on app.cost_decks
    for each row execute function app.set_updated_at();
create trigger cost_decks_audit after insert or update or delete on app.cost_decks
    for each row execute function app.audit_change();
create trigger cost_decks_require_finance before insert or update or delete on app.cost_decks
    for each statement execute function app.require_org_role('finance_writers');

alter table app.cost_decks enable row level security;
alter table app.cost_decks force row level security;

create policy cost_decks_tenant_read on app.cost_decks
    for select
    using (organization_id = (select app.current_organization_id()));
create policy cost_decks_finance_insert on app.cost_decks
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy cost_decks_finance_update on app.cost_decks
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy cost_decks_finance_delete on app.cost_decks
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.cost_decks to wellflow_api;
grant select on app.cost_decks to wellflow_worker;
set local role wellflow_api;

create view api.cost_decks as
    select organization_id, id, well_id, owner_company_id, decimal_interest, effective_from, effective_to, created_at,
           updated_at, payout_phase
      from app.cost_decks;
alter view api.cost_decks alter column organization_id set default app.current_organization_id();
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
grant select on api.cost_decks to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.cost_decks to wellflow_user;
