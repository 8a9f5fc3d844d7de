-- Verify wellflow:plpgsql_checked on pg
-- Raises unless the lines of distributions have their own guard function.
select 1 / count(*) from pg_trigger t
 where t.tgname = 'revenue_distribution_lines_guard'
   and t.tgfoid = 'app.revenue_distribution_lines_guard()'::regprocedure;
