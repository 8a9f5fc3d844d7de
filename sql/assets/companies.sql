-- Companies the operator deals with: partners, purchasers, vendors, contractors, royalty owners.
set local role wellflow_owner;

create type app.company_role as enum (
    'operator', 'non_operating_partner', 'purchaser', 'vendor', 'drilling_contractor',
    'service_company', 'royalty_owner', 'overriding_royalty_owner', 'transporter', 'regulator');
-- Who the owner is, for taxes and year-end reporting: the severance exemptions of royalty paid to the
-- United States, a state or a tribe (ref.severance_tax_rates.exempt_owner_types) and 1099 reporting
-- depend on it.
create type app.owner_type as enum (
    'individual', 'business', 'partnership', 'trust', 'estate', 'nonprofit', 'federal', 'state', 'tribal', 'municipal');
-- Individuals report a social security number, entities an employer identification number (IRS Form W-9).
create type app.tax_id_type as enum ('ein', 'ssn');
create type app.w9_status as enum ('missing', 'requested', 'received');
create type app.payment_method as enum ('check', 'ach');

create table app.companies (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    name text not null constraint companies_name_check check (char_length(btrim(name)) between 1 and 200),
    roles app.company_role[] not null default '{}'
        constraint companies_roles_check check (cardinality(roles) >= 1 and array_position(roles, null) is null),
    owner_type app.owner_type,
    -- Written through api.set_company_tax_id only; roles outside finance read it masked.
    tax_id text,
    tax_id_type app.tax_id_type,
    w9_status app.w9_status not null default 'missing',
    -- The owner's payments are subject to backup withholding (no certified tax id, or the IRS said so).
    backup_withholding boolean not null default false,
    -- The operator's own number for the owner, printed on statements.
    owner_number text constraint companies_owner_number_check check (owner_number ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,19}$'),
    payment_method app.payment_method not null default 'check',
    -- Where payments go when it is not the company's address: the lines of an envelope.
    remittance_address text constraint companies_remittance_address_check check (char_length(btrim(remittance_address)) between 1 and 500),
    -- Operator numbers issued by state agencies, e.g. {"TX-RRC-P5": "123456", "NM-OCD-OGRID": "987654"}.
    state_operator_numbers jsonb not null default '{}'
        constraint companies_state_operator_numbers_check check (
            jsonb_typeof(state_operator_numbers) = 'object'
            and not jsonb_path_exists(state_operator_numbers, '$.* ? (@.type() != "string" || @ like_regex "^\\s*$")')),
    address_line1 text constraint companies_address_line1_check check (char_length(address_line1) <= 200),
    address_line2 text constraint companies_address_line2_check check (char_length(address_line2) <= 200),
    city text constraint companies_city_check check (char_length(city) <= 100),
    state_province text constraint companies_state_province_check check (char_length(state_province) <= 100),
    postal_code text constraint companies_postal_code_check check (postal_code ~ '^[A-Za-z0-9 -]{3,12}$'),
    country_code text not null default 'US'
        constraint companies_country_code_check check (country_code ~ '^[A-Z]{2}$'),
    contact_name text constraint companies_contact_name_check check (char_length(contact_name) <= 200),
    contact_email citext constraint companies_contact_email_check check (contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    contact_phone text constraint companies_contact_phone_check check (contact_phone ~ '^\+?[0-9 ().-]{7,25}$'),
    created_at timestamptz not null default clock_timestamp(),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (organization_id, id),
    constraint companies_name_key unique (organization_id, name),
    constraint companies_owner_number_key unique (organization_id, owner_number),
    constraint companies_tax_id_check check (
        case tax_id_type when 'ein' then tax_id ~ '^[0-9]{2}-[0-9]{7}$'
                         when 'ssn' then tax_id ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$'
                         else tax_id is null end)
);
comment on table app.companies is 'Companies the organization deals with; one company may hold several roles.';

create trigger companies_set_updated_at before update on app.companies
    for each row execute function app.set_updated_at();
create trigger companies_audit after insert or update or delete on app.companies
    for each row execute function app.audit_change();
-- Accountants keep owners' payment and tax records; asset writers keep partners, vendors and contractors.
create trigger companies_require_asset_writer before insert or update or delete on app.companies
    for each statement execute function app.require_org_role('asset_writers', 'finance_writers');

alter table app.companies enable row level security;
alter table app.companies force row level security;

create policy companies_tenant_read on app.companies
    for select
    using (organization_id = (select app.current_organization_id()));
create policy companies_asset_writer_insert on app.companies
    for insert
    with check (organization_id = (select app.current_organization_id())
                and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))));
create policy companies_asset_writer_update on app.companies
    for update
    using (organization_id = (select app.current_organization_id())
           and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))))
    with check (organization_id = (select app.current_organization_id()));
create policy companies_asset_writer_delete on app.companies
    for delete
    using (organization_id = (select app.current_organization_id())
           and ((select app.current_role_may('asset_writers')) or (select app.current_role_may('finance_writers'))));

grant select, insert, update, delete on app.companies to wellflow_api;
grant select on app.companies to wellflow_worker;
-- A tax id as the current role may see it: whole for the roles that pay owners, else the last four
-- digits, as on a 1099 recipient copy.
create function app.visible_tax_id(tax_id text, tax_id_type app.tax_id_type) returns text
language sql stable
set search_path = pg_catalog, app
as $$
    select case when tax_id is null or app.current_role_may('finance_writers') then tax_id
                when tax_id_type = 'ssn' then '***-**-' || right(tax_id, 4)
                else '**-***' || right(tax_id, 4) end
$$;
comment on function app.visible_tax_id(text, app.tax_id_type) is
    'The tax id whole for owners, admins and accountants, masked to its last four digits for everyone else.';
grant execute on function app.visible_tax_id(text, app.tax_id_type) to wellflow_api, wellflow_user, wellflow_analyst, wellflow_worker;

-- Dashes are optional on input; the stored form is the IRS's printed one.
create function app.company_tax_id_set(company_id uuid, tax_id_type app.tax_id_type, tax_id text) returns uuid
language plpgsql security definer
set search_path = pg_catalog, app
as $$
declare
    digits text := regexp_replace(coalesce(tax_id, ''), '[\s-]', '', 'g');
    formatted text;
    changed uuid;
begin
    perform app.assert_org_role('set tax ids', 'finance_writers');
    if tax_id is not null and tax_id_type is null then
        perform app.raise_error(400, 'WF_TAX_ID_INPUT', 'tax_id_type is ein or ssn', 'tax_id_type', null);
    end if;
    if tax_id is not null then
        if digits !~ '^[0-9]{9}$' then
            perform app.raise_error(400, 'WF_TAX_ID_INPUT',
                format('A tax id has 9 digits; got %s', length(digits)), 'tax_id', 'EIN NN-NNNNNNN, SSN NNN-NN-NNNN');
        end if;
        formatted := case tax_id_type when 'ein' then substr(digits, 1, 2) || '-' || substr(digits, 3)
                                      else substr(digits, 1, 3) || '-' || substr(digits, 4, 2) || '-' || substr(digits, 6) end;
    end if;
    update app.companies c
       set tax_id = formatted, tax_id_type = case when formatted is null then null else company_tax_id_set.tax_id_type end
     where c.organization_id = app.current_organization_id() and c.id = company_id
    returning c.id into changed;
    if changed is null then
        perform app.raise_error(404, 'WF_COMPANY_NOT_FOUND', format('No company %s in this organization', company_id),
            'company_id', null);
    end if;
    return changed;
end
$$;
comment on function app.company_tax_id_set(uuid, app.tax_id_type, text) is
    'Sets or clears a company''s tax id (finance roles); the audit log keeps the change.';
grant execute on function app.company_tax_id_set(uuid, app.tax_id_type, text) to wellflow_api;
set local role wellflow_api;

create view api.companies as
    select organization_id, id, name, roles, owner_type, owner_number,
           app.visible_tax_id(tax_id, tax_id_type) as tax_id, tax_id_type, w9_status, backup_withholding,
           state_operator_numbers, address_line1, address_line2,
           city, state_province, postal_code, country_code, payment_method, remittance_address, contact_name, contact_email,
           contact_phone,
           created_at, updated_at
      from app.companies;
alter view api.companies alter column organization_id set default app.current_organization_id();
comment on view api.companies is
    'Partners, purchasers, vendors, contractors and royalty owners. Everyone reads; owners, admins, managers, engineers and accountants write.';
comment on column api.companies.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.companies.id is 'Company id (UUID v7).';
comment on column api.companies.name is 'Legal name, unique in the organization, 1-200 characters.';
comment on column api.companies.roles is
    'At least one of: operator, non_operating_partner, purchaser, vendor, drilling_contractor, service_company, royalty_owner, overriding_royalty_owner, transporter, regulator.';
comment on column api.companies.owner_type is
    'individual, business, partnership, trust, estate, nonprofit, federal, state, tribal or municipal: decides tax exemptions and 1099 reporting.';
comment on column api.companies.owner_number is 'The operator''s number for the owner, printed on statements: up to 20 letters, digits and dashes, unique.';
comment on column api.companies.tax_id is
    'EIN (NN-NNNNNNN) or SSN (NNN-NN-NNNN); owners, admins and accountants read it whole, other roles only its last four digits. '
    'Set with /rpc/set_company_tax_id.';
comment on column api.companies.tax_id_type is 'ein or ssn.';
comment on column api.companies.w9_status is 'missing, requested or received (IRS Form W-9).';
comment on column api.companies.backup_withholding is 'Payments to the owner are subject to backup withholding.';
comment on column api.companies.payment_method is 'How the owner is paid: check (default) or ach.';
comment on column api.companies.remittance_address is 'Where payments go, as the lines of an envelope, when not the address above.';
comment on column api.companies.state_operator_numbers is
    'Operator numbers issued by state agencies as a JSON object of strings, e.g. {"TX-RRC-P5": "123456"}.';
comment on column api.companies.address_line1 is 'Street address.';
comment on column api.companies.address_line2 is 'Suite, floor or PO box.';
comment on column api.companies.city is 'City.';
comment on column api.companies.state_province is 'State or province.';
comment on column api.companies.postal_code is 'ZIP or postal code.';
comment on column api.companies.country_code is 'ISO 3166-1 alpha-2 country code; defaults to US.';
comment on column api.companies.contact_name is 'Primary contact person.';
comment on column api.companies.contact_email is 'Primary contact e-mail.';
comment on column api.companies.contact_phone is 'Primary contact phone number.';
comment on column api.companies.created_at is 'When the company was created.';
comment on column api.companies.updated_at is 'When the company was last changed.';
grant select on api.companies
    to wellflow_user, wellflow_analyst;
grant insert, update, delete on api.companies
    to wellflow_user;

create function api.set_company_tax_id(company_id uuid, tax_id_type app.tax_id_type default null, tax_id text default null)
returns setof api.companies
language plpgsql volatile security definer
set search_path = pg_catalog, app
as $$
declare
    changed uuid := app.company_tax_id_set(company_id, tax_id_type, tax_id);
begin
    return query select * from api.companies c where c.id = changed;
end
$$;
comment on function api.set_company_tax_id(uuid, app.tax_id_type, text) is
    'Sets a company''s tax id: tax_id_type ein (NN-NNNNNNN) or ssn (NNN-NN-NNNN), dashes optional; no tax_id clears it. '
    'Owners, admins and accountants. An owner without a tax id is paid nothing: its revenue is held in suspense as missing_tax_id.';
grant execute on function api.set_company_tax_id(uuid, app.tax_id_type, text) to wellflow_user;
