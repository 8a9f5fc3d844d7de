-- Verify wellflow:owner_payments on pg
-- Raises unless the payment tables, the late-interest rates and the payment actions exist.
select id, cutoff_month, status from app.payment_runs where false;
select id, payment_number, net_amount from app.owner_payments where false;
select id, distribution_line_id, interest_amount from app.owner_payment_lines where false;
select owner_payment_id, content from app.owner_payment_statements where false;
select base_rate, margin from ref.late_payment_interest_rates where false;
select minimum_payment, annual_minimum_payment, backup_withholding_rate from app.finance_settings where false;
select 'api.create_payment_run(date, date)'::regprocedure, 'api.reissue_owner_payment(uuid, app.payment_method, text)'::regprocedure;
