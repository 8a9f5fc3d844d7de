-- Revert wellflow:division_orders from pg
begin;
drop table app.division_orders;
drop function app.division_orders_check_sum();
drop function app.product_range(app.product);
drop type app.suspense_reason;
drop type app.pay_status;
drop type app.division_order_status;
drop type app.product;
drop type app.interest_type;
commit;
