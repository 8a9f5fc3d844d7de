-- Companies the operator deals with: partners, purchasers, vendors, contractors, royalty owners.
set local role wellflow_owner;

create type app.company_role as enum (
    'operator', 'non_operating_partner', 'purchaser', 'vendor', 'drilling_contractor',
    'service_company', 'royalty_owner', 'overriding_royalty_owner', 'transporter', 'regulator');

create table app.companies (
    organization_id uuid not null references app.organizations (id),
    id uuid not null default app.uuid_generate_v7(),
    name text not null constraint companies_name_check check (char_length(btrim(name)) between 1 and 200),
    roles app.company_role[] not null default '{}'
        constraint companies_roles_check check (cardinality(roles) >= 1 and array_position(roles, null) is null),
    tax_id text constraint companies_tax_id_check check (tax_id ~ '^[0-9]{2}-[0-9]{7}$'),
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
    constraint companies_name_key unique (organization_id, name)
);
comment on table app.companies is 'Companies the organization deals with; one company may hold several roles.';

create trigger companies_set_updated_at before update on app.companies
    for each row execute function app.set_updated_at();
create trigger companies_audit after insert or update or delete on app.companies
    for each row execute function app.audit_change();
create trigger companies_require_asset_writer before insert or update or delete on app.companies
    for each statement execute function app.require_org_role('asset_writers');

alter table app.companies enable row level security;
alter table app.companies force row level security;

create policy companies_tenant_read on app.companies
    for select
    using (organization_id = (select app.current_organization_id()));
create policy companies_asset_writer_insert on app.companies
    for insert
    with check (organization_id = (select app.current_organization_id())
                and (select app.current_role_may('asset_writers')));
create policy companies_asset_writer_update on app.companies
    for update
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')))
    with check (organization_id = (select app.current_organization_id()));
create policy companies_asset_writer_delete on app.companies
    for delete
    using (organization_id = (select app.current_organization_id())
           and (select app.current_role_may('asset_writers')));

grant select, insert, update, delete on app.companies to wellflow_api;
grant select on app.companies to wellflow_worker;
set local role wellflow_api;

create view api.companies as
    select organization_id, id, name, roles, tax_id, state_operator_numbers, address_line1, address_line2,
           city, state_province, postal_code, country_code, contact_name, contact_email, contact_phone,
           created_at, updated_at
      from app.companies;
alter view api.companies alter column organization_id set default app.current_organization_id();
comment on view api.companies is
    'Partners, purchasers, vendors, contractors and royalty owners. Everyone reads; owners, admins, managers and engineers write.';
comment on column api.companies.organization_id is 'The organization; defaults to the signed-in one.';
comment on column api.companies.id is 'Company id (UUID v7).';
comment on column api.companies.name is 'Legal name, unique in the organization, 1-200 characters.';
comment on column api.companies.roles is
    'At least one of: operator, non_operating_partner, purchaser, vendor, drilling_contractor, service_company, royalty_owner, overriding_royalty_owner, transporter, regulator.';
comment on column api.companies.tax_id is 'US employer identification number, formatted NN-NNNNNNN.';
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
