-- Revert wellflow:well_numbers from pg
begin;
drop function app.format_well_number(text);
drop function app.normalize_well_number(text, text);
drop function app.well_number_digits(text);
commit;
