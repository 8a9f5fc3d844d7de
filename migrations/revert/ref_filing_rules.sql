-- Revert wellflow:ref_filing_rules from pg
begin;
drop function app.filing_due_date(text, text, date);
drop function app.filing_deadline(text, text, date);
drop function app.next_business_day(date);
drop table ref.filing_rules;
commit;
