-- Per-organization finance settings: how AFEs are decided and the non-consent penalties, the
-- approval threshold, overrun allowance, the contact
-- printed on owner statements, minimum payments and backup withholding. Organizations without a row use the defaults of
-- app.finance_settings_of, so a new tenant works before anyone configures anything.
set local role wellflow_owner;

-- How partners decide an AFE. elections: each party elects for itself to participate or go
-- non-consent (AAPL Form 610 Art. VI.B); threshold_vote: an approving working-interest vote binds
-- every party, as unit operating agreements provide.
create type app.afe_consent_rule as enum ('elections', 'threshold_vote');

create table app.finance_settings (
    organization_id uuid not null references app.organizations (id),
    -- Share of the participating working interest whose approval approves an AFE.
    afe_approval_threshold numeric not null
        constraint finance_settings_afe_approval_threshold_check check (
            afe_approval_threshold > 0 and afe_approval_threshold <= 1
            and afe_approval_threshold = round(afe_approval_threshold, 8)),
    -- false: approving interest must be more than the threshold; true: at least the threshold.
    afe_approval_threshold_inclusive boolean not null,
    -- "More than 100 %" could never be reached: every AFE would reject itself at its first decision.
    constraint finance_settings_afe_approval_threshold_inclusive_check check (
        afe_approval_threshold < 1 or afe_approval_threshold_inclusive),
    -- Actual spend may exceed the approved total by this percentage before a supplement is needed.
    afe_overrun_percent numeric not null
        constraint finance_settings_afe_overrun_percent_check check (
            afe_overrun_percent >= 0 and afe_overrun_percent <= 1000
            and afe_overrun_percent = round(afe_overrun_percent, 2)),
    statement_contact_name text
        constraint finance_settings_statement_contact_name_check check (char_length(statement_contact_name) <= 200),
    statement_address text
        constraint finance_settings_statement_address_check check (char_length(statement_address) <= 500),
    statement_phone text
        constraint finance_settings_statement_phone_check check (statement_phone ~ '^\+?[0-9 ().-]{7,25}$'),
    statement_email citext
        constraint finance_settings_statement_email_check check (statement_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    -- An owner's balance below this is carried to the next payment run...
    minimum_payment numeric not null default 100
        constraint finance_settings_minimum_payment_check check (app.is_money_amount(minimum_payment) and minimum_payment < 1000000),
    -- ...except in the run of this month, which pays every balance of at least annual_minimum_payment.
    annual_payment_month integer not null default 12
        constraint finance_settings_annual_payment_month_check check (annual_payment_month between 1 and 12),
    annual_minimum_payment numeric not null default 10
        constraint finance_settings_annual_minimum_payment_check check (app.is_money_amount(annual_minimum_payment)
                                                                        and annual_minimum_payment <= minimum_payment),
    -- Withheld from payments to owners subject to backup withholding (IRC §3406: 24 percent).
    backup_withholding_rate numeric not null default 0.24
        constraint finance_settings_backup_withholding_rate_check check (backup_withholding_rate >= 0
            and backup_withholding_rate < 1 and backup_withholding_rate = round(backup_withholding_rate, 4)),
    -- Whether the JIB run bills costs of an AFE flagged over its authorization before a supplement
    -- is approved; false holds them until then.
    bill_overrun_before_supplement boolean not null default true,
    afe_consent_rule app.afe_consent_rule not null default 'elections',
    -- What a non-consenting party's recoupment account is charged, in percent of its share of the
    -- operation's costs, per Form 610 penalty class (ref.cost_accounts.penalty_class).
    non_consent_drilling_percent numeric not null default 300
        constraint finance_settings_non_consent_drilling_percent_check check (app.is_penalty_percent(non_consent_drilling_percent)),
    non_consent_equipment_in_well_percent numeric not null default 100
        constraint finance_settings_non_consent_equipment_in_well_percent_check check (
            app.is_penalty_percent(non_consent_equipment_in_well_percent)),
    non_consent_surface_equipment_percent numeric not null default 100
        constraint finance_settings_non_consent_surface_equipment_percent_check check (
            app.is_penalty_percent(non_consent_surface_equipment_percent)),
    non_consent_operating_percent numeric not null default 100
        constraint finance_settings_non_consent_operating_percent_check check (
            app.is_penalty_percent(non_consent_operating_percent)),
    primary key (organization_id)
);
comment on table app.finance_settings is
    'Finance settings per organization; a missing row means the defaults of app.finance_settings_of.';

create trigger finance_settings_set_updated_at before update on app.finance_settings
    for each row execute function app.set_updated_at();
create trigger finance_settings_audit after insert or update or delete on app.finance_settings
    for each row execute function app.audit_change();
create trigger finance_settings_require_finance before insert or update or delete on app.finance_settings
    for each statement execute function app.require_org_role('finance_writers');

alter table app.finance_settings enable row level security;
alter table app.finance_settings force row level security;

create policy finance_settings_tenant_read on app.finance_settings
    for select
    using (organization_id = (select app.current_organization_id()));
create policy finance_settings_finance_insert on app.finance_settings
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('finance_writers')));
create policy finance_settings_finance_update on app.finance_settings
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy finance_settings_finance_delete on app.finance_settings
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('finance_writers')));

grant select, insert, update, delete on app.finance_settings to wellflow_api;
grant select on app.finance_settings to wellflow_worker;

-- The one place the defaults live: partners' own elections, with the penalties Form 610's blanks
-- are customarily filled with (300 % of drilling and completing, 100 % of equipment and of
-- operating costs); approval by more than 50 % of the working interest where a vote is chosen, a 10 %
-- overrun allowance (the customary point at which a supplemental AFE is required), payments from
-- $100 and once a year (December) from $10 (the thresholds of Texas Natural Resources Code
-- §91.402), 24 % backup withholding.
create function app.finance_settings_of(organization uuid) returns app.finance_settings
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
grant execute on function app.finance_settings_of(uuid) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.finance_settings as
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
create function api.finance_settings_write() returns trigger
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
create trigger finance_settings_write instead of update on api.finance_settings
    for each row execute function api.finance_settings_write();

grant select on api.finance_settings
    to wellflow_user, wellflow_analyst;
grant update on api.finance_settings to wellflow_user;
