"""Every PL/pgSQL function in the WellFlow schemas (those whose coverage the suite measures) passes plpgsql_check: trigger functions against
each table that fires them (with its transition tables), every other function on its own."""

import warnings

from support.sql_coverage import SCHEMAS

CHECK = """
with targets as (
    select t.tgfoid as function, t.tgrelid as relation, t.tgoldtable as old_table, t.tgnewtable as new_table
      from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace
     where not t.tgisinternal and t.tgparentid = 0 and n.nspname not like '\\_timescaledb%%'
    union all
    select p.oid, 0, null, null from pg_proc p where p.prorettype <> 'trigger'::regtype
)
select t.function::regprocedure::text, nullif(t.relation, 0)::regclass::text, c.level, c.lineno, c.message
  from targets t
  join pg_proc p on p.oid = t.function
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
 cross join lateral plpgsql_check_function_tb(t.function, t.relation, oldtable => t.old_table,
                                              newtable => t.new_table) c
 where l.lanname = 'plpgsql' and n.nspname = any (%s)
 order by 1, 2, 4
"""


class PlpgsqlCheckWarning(UserWarning):
    pass


def test_every_plpgsql_function_passes_plpgsql_check(db, cluster):
    db.execute("create extension if not exists plpgsql_check")
    checked = db.execute("""
        select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          join pg_language l on l.oid = p.prolang
         where l.lanname = 'plpgsql' and n.nspname = any (%s)""", [list(SCHEMAS)]).fetchone()[0]
    assert checked >= 80, "the check must see the schema's PL/pgSQL functions"
    findings = db.execute(CHECK, [list(SCHEMAS)]).fetchall()
    for function, relation, level, line, message in findings:
        if level != "error":
            warnings.warn(PlpgsqlCheckWarning(
                f"{cluster.name}: {function}{' on ' + relation if relation else ''} line {line}: {level}: {message}"))
    errors = [f"{function}{' on ' + relation if relation else ''} line {line}: {message}"
              for function, relation, level, line, message in findings if level == "error"]
    assert errors == [], "\n".join(errors)


def test_plpgsql_check_reports_a_broken_function(db):
    """The check above can fail: a function reading a column that does not exist is an error."""
    db.execute("create extension if not exists plpgsql_check")
    db.execute("""
        create function app.broken_for_the_check() returns text language plpgsql as $$
        begin
            return (select w.no_such_column from app.wells w limit 1);
        end $$""")
    try:
        levels = [r[0] for r in db.execute(
            "select level from plpgsql_check_function_tb('app.broken_for_the_check()'::regprocedure)")]
        assert "error" in levels
    finally:
        db.execute("drop function app.broken_for_the_check()")
