-- Revert wellflow:companies from pg
begin;
drop table app.companies;
drop type app.company_role;
commit;
