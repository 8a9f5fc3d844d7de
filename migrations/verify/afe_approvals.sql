-- Verify wellflow:afe_approvals on pg
select organization_id, id, afe_id, company_id, working_interest, decision, comment from app.afe_approvals where false;
