-- Verify wellflow:revenue_from_sales_statements on pg
-- Raises unless sales statements, owner tax identity, the tax rule columns and the month engine exist.
select id, sold_volume, gross_value from app.sales_statements where false;
select owner_type, tax_id_type, w9_status, backup_withholding, owner_number, remittance_address from app.companies where false;
select exempt_owner_types, deductible_deduction_types from ref.severance_tax_rates where false;
select royalty_cost_free from app.leases where false;
select bears_deductions from app.division_orders where false;
select volume_source, heat_content_mmbtu from app.revenue_distributions where false;
select 'api.import_sales_statements(jsonb, text, app.import_mode)'::regprocedure,
       'api.distribute_revenue_month(date)'::regprocedure,
       'api.set_company_tax_id(uuid, app.tax_id_type, text)'::regprocedure;
