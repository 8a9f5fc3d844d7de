-- Revert wellflow:read_only_views from pg
-- The released views and pre-request hook.
begin;
set local role wellflow_owner;

create or replace function auth.check_request() returns void
language plpgsql stable security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    claims json := nullif(current_setting('request.jwt.claims', true), '')::json;
    token_header text := split_part(substring(
        nullif(current_setting('request.headers', true), '')::json ->> 'authorization' from '^[Bb]earer\s+(\S+)$'), '.', 1);
begin
    if claims is null or claims ->> 'role' is distinct from 'wellflow_user' then
        return;
    end if;
    -- PostgREST 12 accepts any HMAC variant made with the secret; WellFlow issues HS256 only.
    if auth.base64url_decode(token_header) ->> 'alg' is distinct from 'HS256' then
        perform app.raise_error(401, 'WF_TOKEN_ALGORITHM', 'Only HS256 tokens issued by api.login are accepted',
            'authorization', 'Sign in again with api.login');
    end if;
    if not exists (
        select from app.users u
          join app.memberships m on m.user_id = u.id
          join app.organizations o on o.id = m.organization_id
         where u.id = (claims ->> 'sub')::uuid
           and u.status = 'active'
           and m.organization_id = (claims ->> 'org_id')::uuid
           and m.status = 'active'
           and m.org_role::text = claims ->> 'org_role'
           and o.status = 'active') then
        perform app.raise_error(401, 'WF_TOKEN_REVOKED',
            'This token''s user, membership or role is no longer active', 'authorization',
            'Sign in again with api.login');
    end if;
exception when invalid_text_representation or invalid_parameter_value or character_not_in_repertoire then
    perform app.raise_error(401, 'WF_TOKEN_INVALID', 'The token''s claims are malformed', 'authorization', null);
end
$$;

drop function app.refuse_unsupported_verb();

set local role wellflow_api;

create or replace view api.audit_log as
    select organization_id, id, table_name, row_id, action, old_row, new_row, changed_columns, user_id, org_role,
           request_id, changed_at
      from audit.changes;

create or replace view api.data_quality_issues as
    select organization_id, id, well_id, issue_date, kind, field, observed, expected, message, status, detected_at,
           resolved_at
      from app.data_quality_issues;

create or replace view api.filing_rules as
    select agency, form, title, state_code, months_after, due_day, source, primary_source from ref.filing_rules;

create or replace view api.production_monthly_fields as
    select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_fields;

create or replace view api.production_monthly_leases as
    select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_leases;

create or replace view api.production_monthly_organizations as
    select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_organizations;

create or replace view api.production_monthly_wells as
    select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
           app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
      from app.production_monthly_wells;

create or replace view api.regulatory_report_files as
    select organization_id, id, report_id, format, file_name, content_type, sha256, byte_size, created_at, updated_at
      from app.regulatory_report_files;

create or replace view api.regulatory_reports as
    select organization_id, id, agency, form, period, scope, lease_id, well_id, amendment, status, due_date,
           requested_by, generated_at, submitted_at, confirmation_number, decided_at, rejection_reason, last_error,
           created_at, updated_at
      from app.regulatory_reports;

create or replace view api.revenue_distribution_lines as
    select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
           gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
           pay_status, suspense_reason,
           payable_amount, suspense_amount
      from app.revenue_distribution_lines;

create or replace view api.revenue_distributions as
    select organization_id, id, well_id, sales_month, product, status, volume, price, severance_tax_rate,
           severance_tax_per_unit, gross_value, severance_tax, other_deductions, net_value, residue_company_id,
           calculated_by, calculated_at, approved_by, approved_at
      from app.revenue_distributions;

create or replace view api.severance_tax_rates as
    select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, source
      from ref.severance_tax_rates;

create or replace view api.well_number_counties as
    select state_code, county_code, name, offshore from ref.well_number_counties;

create or replace view api.well_number_states as
    select state_code, name, postal_code, offshore from ref.well_number_states;
set local role wellflow_owner;
comment on function auth.check_request() is 'PostgREST db-pre-request: refuses tokens of disabled users, revoked memberships or changed roles.';
commit;
