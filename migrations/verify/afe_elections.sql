-- Verify wellflow:afe_elections on pg
-- Raises unless elections, recoupment accounts, payout phases and the consent rule exist.
select id, afe_id, company_id, election, by_silence from app.afe_elections where false;
select id, afe_id, company_id, paid_out_month from app.recoupment_accounts where false;
select id, entry_kind, amount from app.recoupment_entries where false;
select payout_phase from app.cost_decks where false;
select recoupment_amount from app.revenue_distribution_lines where false;
select consent_rule, election_days from app.afes where false;
select afe_consent_rule, non_consent_drilling_percent from app.finance_settings where false;
select 'app.elect_afe(uuid, uuid, app.afe_election, text)'::regprocedure;
