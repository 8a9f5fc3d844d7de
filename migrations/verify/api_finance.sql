-- Verify wellflow:api_finance on pg
select organization_id, id, afe_number, status, estimated_total, actual_total from api.afes where false;
select organization_id, id, decimal_interest from api.division_orders where false;
select line_id, owner_net_value, operator_phone from api.owner_statements where false;
select organization_id, afe_approval_threshold from api.finance_settings where false;
select 'api.calculate_revenue_distribution(uuid, date, app.product, numeric, numeric, numeric)'::regprocedure;
