-- Verify wellflow:plpgsql_checked on pg
-- Raises unless the lines of distributions have guard functions of their own (one per row, or,
-- from a later change on, one per statement for new and for old lines).
select 1 / count(*) from pg_proc p
 where p.pronamespace = 'app'::regnamespace and p.proname like 'revenue\_distribution\_lines\_guard%'
   and exists (select from pg_trigger t where t.tgfoid = p.oid and t.tgrelid = 'app.revenue_distribution_lines'::regclass);
