-- Verify wellflow:jib_netting on pg
-- Raises unless receipts, balances and the netted amount of payments exist.
select id, jib_invoice_id, kind, amount, active from app.jib_receipts where false;
select partner_company_id, open_amount from api.partner_balances where false;
select jib_netted_amount from app.owner_payments where false;
select 'app.open_jib_invoices()'::regprocedure;
