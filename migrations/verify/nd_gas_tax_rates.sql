-- Verify wellflow:nd_gas_tax_rates on pg
-- Raises unless North Dakota gas has its fiscal year 2027 rate.
select 1 / count(*) from ref.severance_tax_rates
 where state_code = '33' and product = 'gas' and effective_from = '2026-07-01' and unit_amount = 0.0655;
