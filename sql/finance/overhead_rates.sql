-- Overhead the operator charges the joint account under the COPAS accounting procedure (Section III):
-- a fixed monthly rate per drilling well and per producing well, as dated rows per organization. The
-- procedure adjusts both rates every year by the percentage COPAS publishes; each adjusted rate is a
-- new row from its effective date (app.adjust_overhead_rates), so past months keep the rate they had.
set local role wellflow_owner;

create type app.overhead_well_kind as enum ('drilling', 'producing');

create table app.overhead_rates (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    well_kind app.overhead_well_kind not null,
    -- First month the rate applies; it stays in effect until a later row of the same kind.
    effective_from date not null
        constraint overhead_rates_effective_from_check check (effective_from = date_trunc('month', effective_from)
                                                              and app.is_sane_date(effective_from)),
    monthly_rate numeric not null
        constraint overhead_rates_monthly_rate_check check (app.is_money_amount(monthly_rate) and monthly_rate > 0
                                                            and monthly_rate < 1000000),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint overhead_rates_effective_from_key unique (organization_id, well_kind, effective_from)
);
comment on table app.overhead_rates is
    'COPAS fixed overhead rates per well and month, for drilling and for producing wells, dated.';

create trigger overhead_rates_set_updated_at before update on app.overhead_rates
    for each row execute function app.set_updated_at();
create trigger overhead_rates_audit after insert or update or delete on app.overhead_rates
    for each row execute function app.audit_change();
create trigger overhead_rates_require_finance before insert or update or delete on app.overhead_rates
    for each statement execute function app.require_org_role('finance_writers');

alter table app.overhead_rates enable row level security;
alter table app.overhead_rates force row level security;

create policy overhead_rates_tenant_read on app.overhead_rates
    for select
    using (organization_id = (select app.current_organization_id()));
create policy overhead_rates_finance_insert on app.overhead_rates
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy overhead_rates_finance_update on app.overhead_rates
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy overhead_rates_finance_delete on app.overhead_rates
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.overhead_rates to wellflow_api;
grant select on app.overhead_rates to wellflow_worker;

-- The yearly adjustment: each kind's rate in effect the month before, times (1 + percent / 100), to
-- the cent, from the given month on.
create function app.adjust_overhead_rates(effective_from date, percent numeric) returns void
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    org uuid := app.current_organization_id();
    written integer;
begin
    perform app.assert_org_role('adjust overhead rates', 'finance_writers');
    if effective_from is null or effective_from <> date_trunc('month', effective_from) or not app.is_sane_date(effective_from) then
        perform app.raise_error(400, 'WF_OVERHEAD_ADJUSTMENT_INPUT',
            format('effective_from must be the first day of a month; got %s', coalesce(effective_from::text, 'nothing')),
            'effective_from', 'COPAS adjustments usually take effect on April 1');
    end if;
    if percent is null or percent <= -100 or percent > 100 or percent <> round(percent, 2) then
        perform app.raise_error(400, 'WF_OVERHEAD_ADJUSTMENT_INPUT',
            format('percent must be above -100 and at most 100, with at most 2 decimals; got %s',
                   coalesce(percent::text, 'nothing')),
            'percent', 'The adjustment COPAS publishes, e.g. 3.5 for an increase of 3.5 %');
    end if;
    insert into app.overhead_rates (organization_id, well_kind, effective_from, monthly_rate)
    select org, r.well_kind, adjust_overhead_rates.effective_from, round(r.monthly_rate * (1 + percent / 100), 2)
      from (select distinct on (o.well_kind) o.well_kind, o.monthly_rate
              from app.overhead_rates o
             where o.organization_id = org and o.effective_from < adjust_overhead_rates.effective_from
             order by o.well_kind, o.effective_from desc) r
    on conflict on constraint overhead_rates_effective_from_key do update set monthly_rate = excluded.monthly_rate;
    get diagnostics written = row_count;
    if written = 0 then
        perform app.raise_error(404, 'WF_OVERHEAD_RATE_MISSING',
            format('No overhead rate is in effect before %s to adjust', effective_from), 'effective_from',
            'Add the first rates at /overhead_rates');
    end if;
end
$$;
comment on function app.adjust_overhead_rates(date, numeric) is
    'Writes each kind''s rate in effect before a month, adjusted by a percentage, as the rate from that month.';
grant execute on function app.adjust_overhead_rates(date, numeric) to wellflow_api;
set local role wellflow_api;

create view api.overhead_rates as
    select organization_id, id, well_kind, effective_from, monthly_rate, created_at, updated_at from app.overhead_rates;
alter view api.overhead_rates alter column organization_id set default app.current_organization_id();
comment on view api.overhead_rates is
    'COPAS overhead: a fixed monthly rate per drilling well and per producing well, each from a month on. The JIB run charges '
    'a well of a cost deck the drilling rate in a month between its spud and completion dates, else the producing rate in a '
    'month it produced; the charge is split by the deck like any cost. Everyone reads; owners, admins and accountants write.';
comment on column api.overhead_rates.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.overhead_rates.id is 'Rate id (UUID v7).';
comment on column api.overhead_rates.well_kind is 'drilling or producing.';
comment on column api.overhead_rates.effective_from is 'First month the rate applies (the first day of a month); it applies until a later row.';
comment on column api.overhead_rates.monthly_rate is 'US dollars per well and month, at 8/8ths.';
comment on column api.overhead_rates.created_at is 'When the rate was recorded.';
comment on column api.overhead_rates.updated_at is 'When it last changed.';
grant select on api.overhead_rates to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.overhead_rates to wellflow_user;

create function api.adjust_overhead_rates(effective_from date, percent numeric) returns setof api.overhead_rates
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.adjust_overhead_rates(effective_from, percent);
    return query select r.* from api.overhead_rates r where r.effective_from = adjust_overhead_rates.effective_from;
end
$$;
comment on function api.adjust_overhead_rates(date, numeric) is
    'The yearly COPAS adjustment: every rate in effect before effective_from (the first day of a month), times '
    '(1 + percent / 100) to the cent, becomes the rate from that month; answers the new rates. Owners, admins, accountants.';
grant execute on function api.adjust_overhead_rates(date, numeric) to wellflow_user;
