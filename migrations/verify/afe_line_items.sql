-- Verify wellflow:afe_line_items on pg
select organization_id, id, afe_id, category, estimated_amount, actual_amount, variance from app.afe_line_items where false;
