-- REST resources for finance: settings, AFEs with line items and approvals, division orders,
-- revenue distributions, owner statements and suspense; the workflow RPCs.
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

create view api.afes as
    select a.organization_id, a.id, a.afe_number, a.afe_type, a.well_id, a.lease_id, a.description, a.parent_afe_id,
           a.status, a.estimated_total, a.approved_total,
           (select coalesce(sum(l.actual_amount), 0) from app.afe_line_items l
             where l.organization_id = a.organization_id and l.afe_id = a.id)::numeric(14,2) as actual_total,
           a.submitted_at, a.decided_at, a.closed_at, a.created_by, a.created_at, a.updated_at
      from app.afes a;
alter view api.afes alter column organization_id set default app.current_organization_id();
comment on view api.afes is
    'Authorizations for expenditure. Everyone reads; engineers, accountants, admins and owners create and edit drafts. '
    'Status moves only through /rpc/submit_afe, /rpc/decide_afe, /rpc/reopen_afe and /rpc/close_afe.';
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
comment on column api.afes.actual_total is 'Sum of the line items'' actual spend.';
comment on column api.afes.submitted_at is 'When it was submitted for approval.';
comment on column api.afes.decided_at is 'When it was approved or rejected.';
comment on column api.afes.closed_at is 'When it was closed.';
comment on column api.afes.created_by is 'The user who created it.';
comment on column api.afes.created_at is 'When it was created.';
comment on column api.afes.updated_at is 'When it was last changed.';

create view api.afe_line_items as
    select organization_id, id, afe_id, category, cost_code, description, estimated_amount, actual_amount, variance,
           created_at, updated_at
      from app.afe_line_items;
alter view api.afe_line_items alter column organization_id set default app.current_organization_id();
comment on view api.afe_line_items is
    'AFE cost lines. Estimates change while the AFE is a draft; actual spend is recorded on approved AFEs by accountants, admins and owners, '
    'and is refused beyond the approved total plus the overrun allowance (WF_AFE_OVERRUN).';
comment on column api.afe_line_items.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afe_line_items.id is 'Line item id (UUID v7).';
comment on column api.afe_line_items.afe_id is 'The AFE (see /afes).';
comment on column api.afe_line_items.category is
    'intangible_drilling, tangible_drilling, intangible_completion, tangible_completion, facilities or contingency.';
comment on column api.afe_line_items.cost_code is 'Cost code from the chart of accounts, up to 32 characters.';
comment on column api.afe_line_items.description is 'What the line covers, 1-500 characters.';
comment on column api.afe_line_items.estimated_amount is 'Estimated cost in US dollars, >= 0, at most 2 decimals.';
comment on column api.afe_line_items.actual_amount is 'Actual cost to date in US dollars, >= 0, at most 2 decimals.';
comment on column api.afe_line_items.variance is 'actual_amount - estimated_amount.';
comment on column api.afe_line_items.created_at is 'When the line was created.';
comment on column api.afe_line_items.updated_at is 'When the line was last changed.';

create view api.afe_approvals as
    select organization_id, id, afe_id, company_id, working_interest, decision, comment, decided_by, decided_at,
           created_at, updated_at
      from app.afe_approvals;
alter view api.afe_approvals alter column organization_id set default app.current_organization_id();
comment on view api.afe_approvals is
    'Participants of an AFE with their working interest (summing to 1 at submission) and decision; decisions through /rpc/decide_afe.';
comment on column api.afe_approvals.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.afe_approvals.id is 'Approval id (UUID v7).';
comment on column api.afe_approvals.afe_id is 'The AFE (see /afes).';
comment on column api.afe_approvals.company_id is 'The participating company (see /companies), once per AFE.';
comment on column api.afe_approvals.working_interest is 'Its working interest in the AFE, in (0, 1] with 8 decimals.';
comment on column api.afe_approvals.decision is 'pending, approve or reject.';
comment on column api.afe_approvals.comment is 'Why, required to reject.';
comment on column api.afe_approvals.decided_by is 'The user who recorded the decision.';
comment on column api.afe_approvals.decided_at is 'When the decision was recorded.';
comment on column api.afe_approvals.created_at is 'When the participant was added.';
comment on column api.afe_approvals.updated_at is 'When the row last changed.';

create view api.division_orders as
    select organization_id, id, well_id, owner_company_id, interest_type, product, decimal_interest, effective_from,
           effective_to, status, pay_status, suspense_reason, created_at, updated_at
      from app.division_orders;
alter view api.division_orders alter column organization_id set default app.current_organization_id();
comment on view api.division_orders is
    'Revenue decimals per well and owner. Owners, admins and accountants write; the active decimals of a well never sum above 1 '
    'for a product and day (WF_DECIMALS_OVER_ONE, checked at commit) and one owner''s lines of a type never overlap in time.';
comment on column api.division_orders.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.division_orders.id is 'Division order id (UUID v7).';
comment on column api.division_orders.well_id is 'The well (see /wells).';
comment on column api.division_orders.owner_company_id is 'The owner (see /companies).';
comment on column api.division_orders.interest_type is 'wi (working), ri (royalty), orri (overriding royalty) or npri (non-participating royalty).';
comment on column api.division_orders.product is 'oil, gas or all (both).';
comment on column api.division_orders.decimal_interest is 'The owner''s decimal, in (0, 1] with at most 8 decimals.';
comment on column api.division_orders.effective_from is 'First day in effect.';
comment on column api.division_orders.effective_to is 'Last day in effect (inclusive); empty while open-ended.';
comment on column api.division_orders.status is 'active lines form the deck; inactive lines are kept for history.';
comment on column api.division_orders.pay_status is 'pay, or suspense (amounts accrue in suspense, nothing is paid).';
comment on column api.division_orders.suspense_reason is
    'Required in suspense: no_signed_division_order, title, bad_address, missing_tax_id, below_minimum_payment or legal_hold.';
comment on column api.division_orders.created_at is 'When the line was created.';
comment on column api.division_orders.updated_at is 'When the line was last changed.';

create view api.severance_tax_rates as
    select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, source
      from ref.severance_tax_rates;
comment on view api.severance_tax_rates is 'State severance and production tax components used by revenue distributions, with their sources.';
comment on column api.severance_tax_rates.state_code is 'Well-number state code (42 Texas, 30 New Mexico, 33 North Dakota).';
comment on column api.severance_tax_rates.product is 'oil or gas.';
comment on column api.severance_tax_rates.tax_name is 'The tax component.';
comment on column api.severance_tax_rates.effective_from is 'First day the rate applies.';
comment on column api.severance_tax_rates.effective_to is 'Last day the rate applies; empty while current.';
comment on column api.severance_tax_rates.value_rate is 'Share of the sales value (0.046 = 4.6 %).';
comment on column api.severance_tax_rates.unit_amount is 'Dollars per barrel or mcf.';
comment on column api.severance_tax_rates.source is 'Statute or notice the rate comes from.';

create view api.revenue_distributions as
    select organization_id, id, well_id, sales_month, product, status, volume, price, severance_tax_rate,
           severance_tax_per_unit, gross_value, severance_tax, other_deductions, net_value, residue_company_id,
           calculated_by, calculated_at, approved_by, approved_at
      from app.revenue_distributions;
comment on view api.revenue_distributions is
    'Revenue of one well, month and product; calculated by /rpc/calculate_revenue_distribution, approved by /rpc/approve_revenue_distribution.';
comment on column api.revenue_distributions.organization_id is 'The organization.';
comment on column api.revenue_distributions.id is 'Distribution id (UUID v7).';
comment on column api.revenue_distributions.well_id is 'The well (see /wells).';
comment on column api.revenue_distributions.sales_month is 'First day of the sales month.';
comment on column api.revenue_distributions.product is 'oil or gas.';
comment on column api.revenue_distributions.status is 'draft (recalculating replaces it) or approved (immutable).';
comment on column api.revenue_distributions.volume is 'Volume sold: barrels of oil or mcf of gas.';
comment on column api.revenue_distributions.price is 'Price per barrel or mcf in US dollars.';
comment on column api.revenue_distributions.severance_tax_rate is 'Sum of the state''s value-based severance tax components.';
comment on column api.revenue_distributions.severance_tax_per_unit is 'Sum of the state''s per-unit severance tax components.';
comment on column api.revenue_distributions.gross_value is 'volume x price, rounded to the cent.';
comment on column api.revenue_distributions.severance_tax is 'Severance tax on the gross value, rounded to the cent.';
comment on column api.revenue_distributions.other_deductions is 'Other deductions (transportation, marketing).';
comment on column api.revenue_distributions.net_value is 'gross_value - severance_tax - other_deductions; the owner lines add up to it exactly.';
comment on column api.revenue_distributions.residue_company_id is 'The operator, whose line takes the rounding residue.';
comment on column api.revenue_distributions.calculated_by is 'The user who ran the calculation.';
comment on column api.revenue_distributions.calculated_at is 'When it was calculated.';
comment on column api.revenue_distributions.approved_by is 'The user who approved it.';
comment on column api.revenue_distributions.approved_at is 'When it was approved.';

create view api.revenue_distribution_lines as
    select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
           gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
           pay_status, suspense_reason,
           payable_amount, suspense_amount
      from app.revenue_distribution_lines;
comment on view api.revenue_distribution_lines is 'Each owner''s share of a revenue distribution; the lines sum exactly to the distribution.';
comment on column api.revenue_distribution_lines.organization_id is 'The organization.';
comment on column api.revenue_distribution_lines.id is 'Line id (UUID v7).';
comment on column api.revenue_distribution_lines.distribution_id is 'The distribution (see /revenue_distributions).';
comment on column api.revenue_distribution_lines.division_order_id is 'The division order the decimal comes from.';
comment on column api.revenue_distribution_lines.owner_company_id is 'The owner (see /companies).';
comment on column api.revenue_distribution_lines.interest_type is 'wi, ri, orri or npri.';
comment on column api.revenue_distribution_lines.decimal_interest is 'The owner''s decimal.';
comment on column api.revenue_distribution_lines.gross_value is 'volume x price x decimal, to the cent (plus gross_residue on the operator''s line).';
comment on column api.revenue_distribution_lines.severance_tax is 'The owner''s severance tax.';
comment on column api.revenue_distribution_lines.other_deductions is 'The owner''s share of other deductions.';
comment on column api.revenue_distribution_lines.net_value is 'gross_value - severance_tax - other_deductions.';
comment on column api.revenue_distribution_lines.gross_residue is 'Cents of gross value this line took so the owners add up to the well; non-zero only for the operator.';
comment on column api.revenue_distribution_lines.tax_residue is 'Cents of severance tax this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.deductions_residue is 'Cents of other deductions this line took so the owners add up to the well; operator only.';
comment on column api.revenue_distribution_lines.pay_status is 'pay or suspense.';
comment on column api.revenue_distribution_lines.suspense_reason is 'Why the amount is held (from the division order, or missing_tax_id when the owner has none).';
comment on column api.revenue_distribution_lines.payable_amount is 'net_value when paid, else 0.';
comment on column api.revenue_distribution_lines.suspense_amount is 'net_value when held in suspense, else 0.';

-- What Texas Natural Resources Code §91.502 requires on a payment stub, one row per owner line.
create view api.owner_statements as
    select l.organization_id, l.id as line_id, d.id as distribution_id, d.status, d.sales_month, d.product,
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
comment on column api.owner_statements.product is 'oil or gas.';
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

create view api.owner_suspense_balances as
    select l.organization_id, l.owner_company_id, c.name as owner_name, sum(l.suspense_amount)::numeric(14,2) as suspense_balance,
           count(*) as lines, min(d.sales_month) as oldest_sales_month, max(d.sales_month) as latest_sales_month,
           array_agg(distinct l.suspense_reason order by l.suspense_reason) as reasons
      from app.revenue_distribution_lines l
      join app.revenue_distributions d on d.organization_id = l.organization_id and d.id = l.distribution_id
      join app.companies c on c.organization_id = l.organization_id and c.id = l.owner_company_id
     where l.pay_status = 'suspense' and d.status = 'approved'
     group by l.organization_id, l.owner_company_id, c.name;
comment on view api.owner_suspense_balances is 'Money held in suspense per owner, from approved distributions: accrued, never paid out.';
comment on column api.owner_suspense_balances.organization_id is 'The organization.';
comment on column api.owner_suspense_balances.owner_company_id is 'The owner (see /companies).';
comment on column api.owner_suspense_balances.owner_name is 'Owner name.';
comment on column api.owner_suspense_balances.suspense_balance is 'Total held, US dollars.';
comment on column api.owner_suspense_balances.lines is 'Number of distribution lines held.';
comment on column api.owner_suspense_balances.oldest_sales_month is 'Earliest sales month held.';
comment on column api.owner_suspense_balances.latest_sales_month is 'Latest sales month held.';
comment on column api.owner_suspense_balances.reasons is 'Suspense reasons involved.';

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

create function api.submit_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.submit_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.submit_afe(uuid) is
    'draft -> submitted. Needs line items and participants holding exactly 100 % of the working interest. Engineers, accountants, admins, owners.';

create function api.decide_afe(afe_id uuid, company_id uuid, decision app.afe_decision, comment text default null)
returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.decide_afe(afe_id, company_id, decision, comment);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.decide_afe(uuid, uuid, app.afe_decision, text) is
    'Records a participant''s decision (approve, or reject with a comment). The AFE is approved once approving working interest '
    'reaches the threshold in /finance_settings, rejected once it no longer can. Accountants, admins, owners.';

create function api.reopen_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.reopen_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.reopen_afe(uuid) is 'rejected -> draft, decisions back to pending, so the AFE can be revised and resubmitted.';

create function api.close_afe(afe_id uuid) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.close_afe(afe_id);
    return (select a from api.afes a where a.id = afe_id);
end
$$;
comment on function api.close_afe(uuid) is 'approved or rejected -> closed (final). Accountants, admins, owners.';

create function api.create_supplement(parent_afe_id uuid, afe_number text, description text) returns api.afes
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    supplement_id uuid := (app.create_supplement(parent_afe_id, afe_number, description)).id;
begin
    return (select a from api.afes a where a.id = supplement_id);
end
$$;
comment on function api.create_supplement(uuid, text, text) is
    'A draft supplemental AFE under an approved one, with the same participants; once approved it raises the spend limit.';

create function api.calculate_revenue_distribution(well_id uuid, sales_month date, product app.product, price numeric,
                                                   volume numeric default null, other_deductions numeric default 0)
returns json
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    distribution_id uuid := app.distribute_revenue(well_id, sales_month, product, price, volume, other_deductions);
begin
    return (select to_jsonb(d) || jsonb_build_object('lines',
                       (select jsonb_agg(to_jsonb(l) order by l.decimal_interest desc, l.id)
                          from api.revenue_distribution_lines l where l.distribution_id = d.id))
              from api.revenue_distributions d where d.id = distribution_id);
end
$$;
comment on function api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric) is
    'Calculates a well''s revenue for a month and product over the deck in effect on the first day: gross = volume x price x decimal, '
    'severance tax by state, other deductions; cents residue to the operator. volume defaults to the month''s production. '
    'Re-running a draft replaces it. Accountants, admins, owners.';

create function api.approve_revenue_distribution(distribution_id uuid) returns api.revenue_distributions
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
begin
    perform app.approve_revenue_distribution(distribution_id);
    return (select d from api.revenue_distributions d where d.id = distribution_id);
end
$$;
comment on function api.approve_revenue_distribution(uuid) is 'draft -> approved; from then on the distribution never changes.';

grant select on api.finance_settings, api.afes, api.afe_line_items, api.afe_approvals, api.division_orders,
    api.severance_tax_rates, api.revenue_distributions, api.revenue_distribution_lines, api.owner_statements,
    api.owner_suspense_balances to wellflow_user, wellflow_analyst;
grant update on api.finance_settings to wellflow_user;
grant insert, update, delete on api.afes, api.afe_line_items, api.afe_approvals, api.division_orders to wellflow_user;
grant execute on function api.submit_afe(uuid), api.decide_afe(uuid, uuid, app.afe_decision, text),
    api.reopen_afe(uuid), api.close_afe(uuid), api.create_supplement(uuid, text, text),
    api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric),
    api.approve_revenue_distribution(uuid) to wellflow_user;
