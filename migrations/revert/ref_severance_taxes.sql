-- Revert wellflow:ref_severance_taxes from pg
begin;
drop table ref.severance_tax_rates;
commit;
