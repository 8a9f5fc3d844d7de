-- State production (severance) taxes per product, as dated components with their statutory source.
-- A state's rate for a month is the sum of the components in effect on the first day of that month.
-- Each component is charged on a taxable value: the owner's share of the sales value less the
-- deduction types the statute allows, and not at all on royalty paid to the owner types it exempts.
set local role wellflow_owner;

create table ref.severance_tax_rates (
    state_code text not null references ref.well_number_states (state_code),
    product text not null constraint severance_tax_rates_product_check check (product in ('oil', 'gas')),
    tax_name text not null constraint severance_tax_rates_tax_name_check check (char_length(tax_name) between 1 and 100),
    effective_from date not null,
    effective_to date,
    -- Share of the sales value (0.046 = 4.6 %).
    value_rate numeric not null default 0
        constraint severance_tax_rates_value_rate_check check (value_rate >= 0 and value_rate < 1 and value_rate = round(value_rate, 8)),
    -- Dollars per barrel or mcf (North Dakota's gas tax).
    unit_amount numeric not null default 0
        constraint severance_tax_rates_unit_amount_check check (unit_amount >= 0 and unit_amount = round(unit_amount, 6)),
    -- Royalty (ri, orri, npri) owned by these owner types is not taxed by the component.
    exempt_owner_types app.owner_type[] not null default '{}'
        constraint severance_tax_rates_exempt_owner_types_check check (array_position(exempt_owner_types, null) is null),
    -- Deductions of these types reduce the taxable value.
    deductible_deduction_types app.deduction_type[] not null default '{}'
        constraint severance_tax_rates_deductible_deduction_types_check check (array_position(deductible_deduction_types, null) is null),
    source text not null constraint severance_tax_rates_source_check check (char_length(source) between 1 and 500),
    primary key (state_code, product, tax_name, effective_from),
    constraint severance_tax_rates_effective_to_check check (effective_to >= effective_from)
);
comment on table ref.severance_tax_rates is
    'Severance and production tax components per state and product, dated; a month''s rate is the sum of the components in effect on its first day.';

insert into ref.severance_tax_rates (state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount,
                                     exempt_owner_types, deductible_deduction_types, source) values
    ('42', 'oil', 'Oil production tax', '1990-01-01', null, 0.046, 0, '{}', '{}',
     'Texas Tax Code §202.052: 4.6 percent of the market value of oil produced'),
    ('42', 'gas', 'Gas production tax', '1990-01-01', null, 0.075, 0, '{}',
     '{gathering,compression,dehydration,treating,transportation}',
     'Texas Tax Code §201.052: 7.5 percent of the market value of gas produced; §201.101: market value is '
     'after the marketing costs of compressing, dehydrating, sweetening (treating) and delivering (gathering, transportation) the gas'),
    ('30', 'oil', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value; §7-29-4.1 and §7-29-2: taxable value excludes royalties paid to the '
     'United States, the State of New Mexico and Indian tribes, less trucking and transportation expenses'),
    ('30', 'gas', 'Oil and gas severance tax', '1990-01-01', null, 0.0375, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-29-4: 3.75 percent of taxable value; §7-29-4.1 and §7-29-2: taxable value excludes royalties paid to the '
     'United States, the State of New Mexico and Indian tribes, less transportation and processing expenses'),
    ('30', 'oil', 'Oil and gas emergency school tax', '1990-01-01', null, 0.0315, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-31-4(A)(1): 3.15 percent of taxable value of oil; §7-31-5: the same exclusions and deductions'),
    ('30', 'gas', 'Oil and gas emergency school tax', '1990-01-01', null, 0.04, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-31-4(A)(3): 4 percent of taxable value of natural gas; §7-31-5: the same exclusions and deductions'),
    ('30', 'oil', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0, '{federal,state,tribal}',
     '{gathering,transportation}',
     'NMSA 1978 §7-30-4(A): 0.19 percent (0.24 percent for oil in a quarter after WTI averaged over $70; add a dated row '
     'for such quarters); §7-30-5: the same exclusions and deductions'),
    ('30', 'gas', 'Oil and gas conservation tax', '1990-01-01', null, 0.0019, 0, '{federal,state,tribal}',
     '{gathering,compression,dehydration,treating,transportation}',
     'NMSA 1978 §7-30-4(A): 0.19 percent of taxable value; §7-30-5: the same exclusions and deductions'),
    ('33', 'oil', 'Oil gross production tax', '1990-01-01', null, 0.05, 0, '{federal,state,tribal,municipal}',
     '{transportation}',
     'NDCC §57-51-02: 5 percent of the gross value at the well (§57-51-01: less transportation costs); royalty from '
     'federal, state, municipal and tribal holdings is exempt (chapter 57-51; Tax Department guidance)'),
    ('33', 'oil', 'Oil extraction tax', '2016-01-01', null, 0.05, 0, '{}', '{transportation}',
     'NDCC §57-51.1-02: 5 percent of the gross value at the point of extraction (6.5 percent before 2016; the price trigger '
     'was removed in 2023); well exemptions (stripper, secondary recovery) are per well, not per owner'),
    ('33', 'gas', 'Gas gross production tax', '2013-07-01', '2014-06-30', 0, 0.0833, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate (NDAC 81-09-02-18); Office of State Tax Commissioner, '
     'oil and gas FAQ: $.0833 per mcf through June 30, 2014'),
    ('33', 'gas', 'Gas gross production tax', '2017-07-01', '2018-06-30', 0, 0.0555, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate (NDAC 81-09-02-18); Office of State Tax Commissioner, '
     'oil and gas FAQ: $.0555 per mcf through June 30, 2018'),
    ('33', 'gas', 'Gas gross production tax', '2018-07-01', '2019-06-30', 0, 0.0705, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate, $0.04 x the gas fuels producer price index average of the '
     'previous calendar year / 75.7 (NDAC 81-09-02-18); Tax Commissioner notice for fiscal year 2019: $0.0705 per mcf. '
     'Each fiscal year''s published rate is a row of its own.'),
    ('33', 'gas', 'Gas gross production tax', '2021-07-01', '2022-06-30', 0, 0.0405, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2 and NDAC 81-09-02-18; Office of State Tax Commissioner gas tax rate table: $.0405 per mcf for '
     'fiscal year 2022 (July 1, 2021 - June 30, 2022)'),
    ('33', 'gas', 'Gas gross production tax', '2023-07-01', '2024-06-30', 0, 0.1423, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2 and NDAC 81-09-02-18; Office of State Tax Commissioner gas tax rate table: $.1423 per mcf for '
     'fiscal year 2024 (July 1, 2023 - June 30, 2024)'),
    ('33', 'gas', 'Gas gross production tax', '2026-07-01', '2027-06-30', 0, 0.0655, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2 and NDAC 81-09-02-18; Office of State Tax Commissioner gas tax rate table: $.0655 per mcf for '
     'fiscal year 2027 (July 1, 2026 - June 30, 2027). Fiscal years without a row answer WF_SEVERANCE_RATE_MISSING '
     'until the published rate is added');

grant select on ref.severance_tax_rates to wellflow_api, wellflow_auth, wellflow_worker, wellflow_user,
    wellflow_analyst, wellflow_anon;
set local role wellflow_api;

-- Read-only: a WITH query is not auto-updatable, so PostgREST offers GET only (and the
-- pre-request check answers 405 to other verbs). PostgreSQL inlines it: filters reach the table.
create view api.severance_tax_rates as
    with readable as (
        select state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount, exempt_owner_types,
               deductible_deduction_types, source
          from ref.severance_tax_rates)
    select * from readable;
comment on view api.severance_tax_rates is 'State severance and production tax components used by revenue distributions, with their sources.';
comment on column api.severance_tax_rates.state_code is 'Well-number state code (42 Texas, 30 New Mexico, 33 North Dakota).';
comment on column api.severance_tax_rates.product is 'oil or gas.';
comment on column api.severance_tax_rates.tax_name is 'The tax component.';
comment on column api.severance_tax_rates.effective_from is 'First day the rate applies.';
comment on column api.severance_tax_rates.effective_to is 'Last day the rate applies; empty while current.';
comment on column api.severance_tax_rates.value_rate is 'Share of the sales value (0.046 = 4.6 %).';
comment on column api.severance_tax_rates.unit_amount is 'Dollars per barrel or mcf.';
comment on column api.severance_tax_rates.exempt_owner_types is
    'Owner types whose royalty (ri, orri, npri) the component does not tax, e.g. {federal,state,tribal} in New Mexico.';
comment on column api.severance_tax_rates.deductible_deduction_types is
    'Deduction types that reduce the taxable value, e.g. {transportation} (see /sales_statements).';
comment on column api.severance_tax_rates.source is 'Statute or notice the rate comes from.';
grant select on api.severance_tax_rates
    to wellflow_user, wellflow_analyst;
