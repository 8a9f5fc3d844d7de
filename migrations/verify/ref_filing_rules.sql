-- Verify wellflow:ref_filing_rules on pg
select 1 / (app.filing_due_date('NM-OCD', 'C-115', '2023-11-01') = '2024-01-16')::integer;
