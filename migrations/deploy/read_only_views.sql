-- Deploy wellflow:read_only_views to pg
-- Read-only views become WITH queries (not auto-updatable), so PostgREST's OpenAPI offers them
-- for GET only, and the pre-request hook answers 405 with an Allow header to a verb a resource
-- does not take, instead of PostgreSQL's "cannot insert into view" (a 500).
begin;
set local role wellflow_owner;

create or replace function app.refuse_unsupported_verb() returns void
language plpgsql stable
set search_path = pg_catalog
as $$
declare
    method constant text := current_setting('request.method', true);
    resource regclass;
    supported integer;
    needed integer;
    allowed text;
begin
    if method is null or method not in ('POST', 'PATCH', 'PUT', 'DELETE')
       or current_setting('request.path', true) like '/rpc/%' then
        return;
    end if;
    resource := to_regclass(format('api.%I', split_part(ltrim(current_setting('request.path', true), '/'), '/', 1)));
    if resource is null then
        return;  -- PostgREST answers its own 404
    end if;
    supported := pg_relation_is_updatable(resource, true);
    needed := case method when 'POST' then 8 when 'PATCH' then 4 when 'DELETE' then 16 else 12 end;
    if supported & needed = needed then
        return;
    end if;
    allowed := concat_ws(', ', 'GET', 'HEAD', 'OPTIONS', case when supported & 8 = 8 then 'POST' end,
                         case when supported & 4 = 4 then 'PATCH' end, case when supported & 12 = 12 then 'PUT' end,
                         case when supported & 16 = 16 then 'DELETE' end);
    raise sqlstate 'PGRST' using
        message = app.error_body('WF_METHOD_NOT_ALLOWED',
                                 format('%s is not supported on /%s', method, split_part(resource::text, '.', 2)),
                                 'method', 'Allowed: ' || allowed)::text,
        detail = json_build_object('status', 405, 'headers', json_build_object('Allow', allowed))::text;
end
$$;
comment on function app.refuse_unsupported_verb() is
    'Pre-request rule: 405 WF_METHOD_NOT_ALLOWED (with an Allow header) for a verb the resource does not take.';

grant execute on function app.refuse_unsupported_verb() to wellflow_auth;

create or replace function auth.check_request() returns void
language plpgsql stable security definer
set search_path = pg_catalog, public, app, auth
as $$
declare
    claims json := nullif(current_setting('request.jwt.claims', true), '')::json;
    token_header text := split_part(substring(
        nullif(current_setting('request.headers', true), '')::json ->> 'authorization' from '^[Bb]earer\s+(\S+)$'), '.', 1);
begin
    perform app.refuse_unsupported_verb();
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


set local role wellflow_api;

create or replace view api.audit_log as
    with readable as (
        select organization_id, id, table_name, row_id, action, old_row, new_row, changed_columns, user_id, org_role,
               request_id, changed_at
          from audit.changes)
    select * from readable;

create or replace view api.data_quality_issues as
    with readable as (
        select organization_id, id, well_id, issue_date, kind, field, observed, expected, message, status, detected_at,
               resolved_at
          from app.data_quality_issues)
    select * from readable;

create or replace view api.filing_rules as
    with readable as (
        select agency, form, title, state_code, months_after, due_day, source, primary_source from ref.filing_rules)
    select * from readable;

create or replace view api.production_monthly_fields as
    with readable as (
        select organization_id, field_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_fields)
    select * from readable;

create or replace view api.production_monthly_leases as
    with readable as (
        select organization_id, lease_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_leases)
    select * from readable;

create or replace view api.production_monthly_organizations as
    with readable as (
        select organization_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_organizations)
    select * from readable;

create or replace view api.production_monthly_wells as
    with readable as (
        select organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days,
               app.gas_oil_ratio(oil_bbl, gas_mcf) as gas_oil_ratio, app.water_cut(oil_bbl, water_bbl) as water_cut
          from app.production_monthly_wells)
    select * from readable;

create or replace view api.regulatory_report_files as
    with readable as (
        select organization_id, id, report_id, format, file_name, content_type, sha256, byte_size, created_at, updated_at
          from app.regulatory_report_files)
    select * from readable;

create or replace view api.regulatory_reports as
    with readable as (
        select organization_id, id, agency, form, period, scope, lease_id, well_id, amendment, status, due_date,
               requested_by, generated_at, submitted_at, confirmation_number, decided_at, rejection_reason, last_error,
               created_at, updated_at
          from app.regulatory_reports)
    select * from readable;

create or replace view api.revenue_distribution_lines as
    with readable as (
        select organization_id, id, distribution_id, division_order_id, owner_company_id, interest_type, decimal_interest,
               gross_value, severance_tax, other_deductions, net_value, gross_residue, tax_residue, deductions_residue,
               pay_status, suspense_reason,
               payable_amount, suspense_amount
          from app.revenue_distribution_lines)
    select * from readable;

create or replace view api.revenue_distributions as
    with readable as (
        select organization_id, id, well_id, sales_month, product, status, volume, price, severance_tax_rate,
               severance_tax_per_unit, gross_value, severance_tax, other_deductions, net_value, residue_company_id,
               calculated_by, calculated_at, approved_by, approved_at
          from app.revenue_distributions)
    select * from readable;

create or replace view api.severance_tax_rates as
    with readable as (
        select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, source
          from ref.severance_tax_rates)
    select * from readable;

create or replace view api.well_number_counties as
    with readable as (
        select state_code, county_code, name, offshore from ref.well_number_counties)
    select * from readable;

create or replace view api.well_number_states as
    with readable as (
        select state_code, name, postal_code, offshore from ref.well_number_states)
    select * from readable;
set local role wellflow_owner;
comment on function auth.check_request() is
    'PostgREST db-pre-request: refuses verbs a resource does not take, and tokens of disabled users, revoked memberships or changed roles.';
commit;
