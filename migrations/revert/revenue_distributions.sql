-- Revert wellflow:revenue_distributions from pg
begin;
drop function app.approve_revenue_distribution(uuid);
drop function app.distribute_revenue(uuid, date, app.product, numeric, numeric, numeric);
drop function app.require_amount(numeric, text, integer, boolean, numeric);
drop table app.revenue_distribution_lines;
drop table app.revenue_distributions;
drop function app.revenue_distributions_guard();
drop type app.distribution_status;
commit;
