-- Verify wellflow:division_orders on pg
select organization_id, id, well_id, owner_company_id, decimal_interest, effective, products from app.division_orders where false;
select 1 / count(*) from pg_constraint where conname = 'division_orders_effective_excl' and contype = 'x';
