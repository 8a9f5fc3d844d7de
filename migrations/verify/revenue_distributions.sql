-- Verify wellflow:revenue_distributions on pg
select organization_id, id, well_id, sales_month, product, status, gross_value, net_value from app.revenue_distributions where false;
select organization_id, id, distribution_id, decimal_interest, net_value, suspense_amount from app.revenue_distribution_lines where false;
select 'app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric)'::regprocedure;
