-- Revert wellflow:owner_payments from pg
-- No payment runs, payments, statements or payment settings; the late-interest rates go too.
begin;
set local role wellflow_api;
drop function api.create_payment_run(date, date);
drop function api.approve_payment_run(uuid);
drop function api.void_owner_payment(uuid, text);
drop function api.reissue_owner_payment(uuid, app.payment_method, text);
drop function api.download_owner_statement(uuid);
drop function api.owner_1099_amounts(integer);
drop view api.owner_dormant_balances;
drop view api.dormancy_periods;
drop view api.owner_payable_balances;
drop view api.owner_payment_lines;
drop view api.owner_payments;
drop view api.payment_runs;
drop view api.late_payment_interest_rates;
revoke select on api.owner_statements from wellflow_owner;
drop view api.finance_settings;
drop function api.finance_settings_write();
drop view api.owner_statements;
set local role wellflow_owner;
drop function app.owner_payment_statement_rows(uuid);
drop function app.store_owner_payment_statement(uuid, text, bytea);
drop function app.reissue_owner_payment(uuid, app.payment_method, text);
drop function app.void_owner_payment(uuid, text);
drop function app.approve_payment_run(uuid);
drop function app.create_payment_run(date, date);
drop function app.owner_payables(date, date);
drop table app.owner_payment_statements;
drop table app.owner_payment_lines;
drop table app.owner_payments;
drop table app.payment_runs;
drop function app.payment_runs_guard();
drop function app.owner_payments_guard_insert();
drop function app.owner_payments_guard_update();
drop function app.owner_payments_guard_delete();
drop function app.owner_payment_lines_guard_insert();
drop function app.owner_payment_lines_guard_update();
drop function app.owner_payment_lines_guard_delete();
drop function app.refuse_approved_payment_run(boolean);
drop function app.payment_void_in_progress();
drop type app.owner_payment_status;
drop type app.payment_run_status;
drop table ref.late_payment_interest_rates;
drop table ref.dormancy_periods;
drop function app.finance_settings_of(uuid);
alter table app.finance_settings drop column minimum_payment, drop column annual_payment_month,
    drop column annual_minimum_payment, drop column backup_withholding_rate;
create function app.finance_settings_of(organization uuid) returns app.finance_settings
language sql stable security definer
set search_path = pg_catalog, app
as $$
    select coalesce(
        (select s from app.finance_settings s where s.organization_id = organization),
        row(organization, 0.5, false, 10, null, null, null, null, null, null)::app.finance_settings)
$$;
comment on function app.finance_settings_of(uuid) is
    'The organization''s finance settings, or the defaults (more than 50 % approves, 10 % overrun) when it has none.';
grant execute on function app.finance_settings_of(uuid) to wellflow_api, wellflow_worker, wellflow_user, wellflow_analyst;
set local role wellflow_api;

create view api.finance_settings as
    select s.organization_id, s.afe_approval_threshold, s.afe_approval_threshold_inclusive, s.afe_overrun_percent,
           s.statement_contact_name, s.statement_address, s.statement_phone, s.statement_email, s.updated_at
      from app.organizations o cross join lateral app.finance_settings_of(o.id) s;
comment on view api.finance_settings is
    'The organization''s finance settings (one row, defaults until changed). Owners, admins and accountants PATCH it.';
comment on column api.finance_settings.organization_id is 'The organization.';
comment on column api.finance_settings.afe_approval_threshold is
    'Share of the participating working interest whose approval approves an AFE, 8 decimals; default 0.5.';
comment on column api.finance_settings.afe_approval_threshold_inclusive is
    'false (default): approving interest must be more than the threshold; true: at least the threshold.';
comment on column api.finance_settings.afe_overrun_percent is
    'Actual spend may exceed the approved total by this percentage before a supplemental AFE must be approved; default 10.';
comment on column api.finance_settings.statement_contact_name is 'Contact printed on owner statements.';
comment on column api.finance_settings.statement_address is 'Address printed on owner statements.';
comment on column api.finance_settings.statement_phone is 'Phone number printed on owner statements (Texas Natural Resources Code §91.502).';
comment on column api.finance_settings.statement_email is 'E-mail printed on owner statements.';
comment on column api.finance_settings.updated_at is 'When the settings were last changed; null while they are the defaults.';

-- Writes to the settings view land in app.finance_settings (created on first change).
create function api.finance_settings_write() returns trigger
language plpgsql security definer
set search_path = pg_catalog, app
as $$
begin
    insert into app.finance_settings (organization_id, afe_approval_threshold, afe_approval_threshold_inclusive,
                                      afe_overrun_percent, statement_contact_name, statement_address,
                                      statement_phone, statement_email)
    values (old.organization_id, new.afe_approval_threshold, new.afe_approval_threshold_inclusive,
            new.afe_overrun_percent, new.statement_contact_name, new.statement_address, new.statement_phone,
            new.statement_email)
    on conflict (organization_id) do update
       set afe_approval_threshold = excluded.afe_approval_threshold,
           afe_approval_threshold_inclusive = excluded.afe_approval_threshold_inclusive,
           afe_overrun_percent = excluded.afe_overrun_percent,
           statement_contact_name = excluded.statement_contact_name,
           statement_address = excluded.statement_address,
           statement_phone = excluded.statement_phone,
           statement_email = excluded.statement_email;
    return new;
end
$$;
comment on function api.finance_settings_write() is 'Trigger: PATCH /finance_settings stores the organization''s settings.';
create trigger finance_settings_write instead of update on api.finance_settings
    for each row execute function api.finance_settings_write();

grant select on api.finance_settings
    to wellflow_user, wellflow_analyst;
grant update on api.finance_settings to wellflow_user;
create view api.owner_statements as
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
           coalesce(settings.statement_email, operator.contact_email) as operator_email
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
comment on view api.owner_statements is
    'Owner statement lines with what Texas Natural Resources Code §91.502 requires on a check stub: well and lease, county and state, '
    'sales month, volume and price, taxes and deductions, net value of total sales, owner decimal, owner gross and net, operator contact.';
comment on column api.owner_statements.organization_id is 'The organization.';
comment on column api.owner_statements.line_id is 'The distribution line (see /revenue_distribution_lines).';
comment on column api.owner_statements.distribution_id is 'The distribution (see /revenue_distributions).';
comment on column api.owner_statements.status is 'draft or approved; statements go out for approved distributions.';
comment on column api.owner_statements.sales_month is 'First day of the sales month.';
comment on column api.owner_statements.revision is '0 for the month''s distribution, 1, 2, ... for its adjustments.';
comment on column api.owner_statements.is_adjustment is 'true for a prior-period adjustment: the amounts are differences.';
comment on column api.owner_statements.product is 'oil, gas, ngl or condensate.';
comment on column api.owner_statements.well_id is 'The well.';
comment on column api.owner_statements.well_name is 'Well name.';
comment on column api.owner_statements.well_number_formatted is 'US well number, e.g. 42-329-40211-00-00.';
comment on column api.owner_statements.lease_number is 'Lease number.';
comment on column api.owner_statements.lease_name is 'Lease name.';
comment on column api.owner_statements.county_name is 'County of the well.';
comment on column api.owner_statements.state_name is 'State of the well.';
comment on column api.owner_statements.volume is 'Volume sold from the well (barrels or mcf).';
comment on column api.owner_statements.price is 'Price per barrel or mcf.';
comment on column api.owner_statements.well_gross_value is 'Gross value of the well''s sales.';
comment on column api.owner_statements.well_severance_tax is 'Severance tax on the well''s sales.';
comment on column api.owner_statements.well_other_deductions is 'Other deductions on the well''s sales.';
comment on column api.owner_statements.well_net_value is 'Net value of total sales.';
comment on column api.owner_statements.owner_company_id is 'The owner.';
comment on column api.owner_statements.owner_name is 'Owner name.';
comment on column api.owner_statements.interest_type is 'wi, ri, orri or npri.';
comment on column api.owner_statements.decimal_interest is 'Owner decimal.';
comment on column api.owner_statements.owner_gross_value is 'Owner gross value.';
comment on column api.owner_statements.owner_severance_tax is 'Owner share of severance tax.';
comment on column api.owner_statements.owner_other_deductions is 'Owner share of other deductions.';
comment on column api.owner_statements.owner_net_value is 'Owner net value.';
comment on column api.owner_statements.pay_status is 'pay or suspense.';
comment on column api.owner_statements.suspense_reason is 'Why the amount is held.';
comment on column api.owner_statements.payable_amount is 'Amount payable now.';
comment on column api.owner_statements.suspense_amount is 'Amount added to suspense.';
comment on column api.owner_statements.operator_name is 'The operator.';
comment on column api.owner_statements.operator_contact_name is 'Who to contact about the payment (finance settings).';
comment on column api.owner_statements.operator_address is 'Address to write to (finance settings).';
comment on column api.owner_statements.operator_phone is 'Phone number to call: the finance settings'' number, else the operator company''s.';
comment on column api.owner_statements.operator_email is 'E-mail: the finance settings'' address, else the operator company''s.';

grant select on api.owner_statements to wellflow_user, wellflow_analyst;
commit;
