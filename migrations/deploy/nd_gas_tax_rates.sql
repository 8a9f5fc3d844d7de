-- Deploy wellflow:nd_gas_tax_rates to pg
-- North Dakota's gas gross production tax rates per mcf for the fiscal years whose published rate
-- is known (NDCC §57-51-02.2), the current one included.
begin;
set local role wellflow_owner;
insert into ref.severance_tax_rates (state_code, product, tax_name, effective_from, effective_to, value_rate, unit_amount,
                                     exempt_owner_types, deductible_deduction_types, source) values
    ('33', 'gas', 'Gas gross production tax', '2013-07-01', '2014-06-30', 0, 0.0833, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate (NDAC 81-09-02-18); Office of State Tax Commissioner, '
     'oil and gas FAQ: $.0833 per mcf through June 30, 2014'),
    ('33', 'gas', 'Gas gross production tax', '2017-07-01', '2018-06-30', 0, 0.0555, '{federal,state,tribal,municipal}', '{}',
     'NDCC §57-51-02.2: taxable mcf times the fiscal year''s rate (NDAC 81-09-02-18); Office of State Tax Commissioner, '
     'oil and gas FAQ: $.0555 per mcf through June 30, 2018'),
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
commit;
