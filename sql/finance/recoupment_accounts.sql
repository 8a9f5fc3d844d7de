-- Non-consent recoupment (AAPL Form 610 Art. VI.B.2). A party that went non-consent on an AFE bears
-- none of the operation's costs; the participants carry its share and recover it, with a penalty,
-- out of its share of the well's revenue until payout. Its recoupment account is charged, by each
-- approved JIB run, its working interest's share of every cost of the AFE times the penalty of the
-- cost's class (percentages copied from /finance_settings when the account opens), and credited, by
-- each approved revenue distribution of the AFE's well (or, for a lease AFE, of the lease's wells),
-- with the net revenue withheld from its working-interest line and paid to the participants instead.
-- Payout is the sales month whose distribution brings the recoveries up to the charges; from then
-- on its revenue is its own again and the well's after-payout cost deck applies.
set local role wellflow_owner;

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
set local role wellflow_api;

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
