-- Verify wellflow:afe_workflow on pg
select 1 / count(*) from app.afe_transitions where from_status = 'rejected' and to_status = 'draft';
select 'app.decide_afe(uuid, uuid, app.afe_decision, text)'::regprocedure, 'app.create_supplement(uuid, text, text)'::regprocedure;
