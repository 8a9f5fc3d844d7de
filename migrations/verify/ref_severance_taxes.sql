-- Verify wellflow:ref_severance_taxes on pg
select 1 / count(*) from ref.severance_tax_rates where state_code = '42' and product = 'oil' and value_rate = 0.046;
