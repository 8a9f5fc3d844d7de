-- Verify wellflow:joint_interest_billing on pg
-- Raises unless the cost and billing tables and the run actions exist.
select account_code, penalty_class from ref.cost_accounts where false;
select id, well_id, decimal_interest, effective from app.cost_decks where false;
select id, well_kind, monthly_rate from app.overhead_rates where false;
select id, invoice_number, line_number, amount from app.cost_transactions where false;
select id, billing_month, status from app.jib_runs where false;
select id, invoice_number, total_amount from app.jib_invoices where false;
select id, cost_transaction_id, amount, residue_amount from app.jib_lines where false;
select 'api.create_jib_run(date)'::regprocedure, 'api.approve_jib_run(uuid)'::regprocedure,
       'api.import_cost_transactions(jsonb, text, app.import_mode)'::regprocedure;
