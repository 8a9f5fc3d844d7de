-- Revert wellflow:nd_gas_tax_rates from pg
-- North Dakota gas keeps only its fiscal year 2019 rate.
begin;
set local role wellflow_owner;
delete from ref.severance_tax_rates
 where state_code = '33' and product = 'gas'
   and effective_from in ('2013-07-01', '2017-07-01', '2021-07-01', '2023-07-01', '2026-07-01');
commit;
