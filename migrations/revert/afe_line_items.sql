-- Revert wellflow:afe_line_items from pg
begin;
drop table app.afe_line_items;
drop function app.afe_line_items_maintain_total();
drop function app.afe_line_items_guard();
drop type app.afe_cost_category;
commit;
