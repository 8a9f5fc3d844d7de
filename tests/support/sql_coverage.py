"""PL/pgSQL statement coverage over the whole test run, from plpgsql_check's profiler.

The PostgreSQL 17 test cluster preloads plpgsql_check (scripts/pg17-chroot.sh), so the profiles of
every session (the tests', PostgREST's, the worker's) land in shared memory. Each test database is
profiled from its creation (`plpgsql_check.profiler` set on the database) and read just before it is
dropped; a statement counts as covered when any database ran it. The denominator is every
statement of every PL/pgSQL function in the WellFlow schemas, run or not.

One kind of function cannot be profiled: the profiler parses the query of every EXECUTE again to
find its query id, without the trigger's transition tables, so an EXECUTE over `new_rows` fails
with "relation does not exist" while the profiler is on. Such trigger functions run with the
profiler off and are reported as not measured rather than counted."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg

SCHEMAS = ("app", "api", "auth", "audit")
PROFILED_TARGETS = ("pg17",)

UNPROFILABLE = r"""
select distinct p.oid::regprocedure::text
  from pg_trigger t join pg_proc p on p.oid = t.tgfoid
 where (t.tgoldtable is not null or t.tgnewtable is not null)
   and regexp_replace(p.prosrc, 'execute\s+function', '', 'gi') ~* '\mexecute\M'
"""

STATEMENTS = """
select p.oid::regprocedure::text, s.stmtid, s.exec_stmts > 0
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
 cross join lateral plpgsql_profiler_function_statements_tb(p.oid) s
 where l.lanname = 'plpgsql' and n.nspname = any (%s)
"""


@dataclass
class Coverage:
    statements: dict[str, set[int]] = field(default_factory=dict)
    executed: dict[str, set[int]] = field(default_factory=dict)
    databases: int = 0
    unmeasured: set[str] = field(default_factory=set)

    def profile(self, database_url: str) -> None:
        """Profile every later session of this database (it must have no sessions yet to matter)."""
        with psycopg.connect(database_url, autocommit=True) as conn:
            name = conn.info.dbname
            for (function,) in conn.execute(UNPROFILABLE).fetchall():
                conn.execute(f"alter function {function} set plpgsql_check.profiler = off")
                self.unmeasured.add(function)
            conn.execute(f'alter database "{name}" set plpgsql_check.profiler = on')

    def harvest(self, database_url: str) -> None:
        """Add what this database's sessions ran; call it before the database is dropped."""
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("create extension if not exists plpgsql_check")
            for function, statement, ran in conn.execute(STATEMENTS, [list(SCHEMAS)]):
                if function in self.unmeasured:
                    continue
                self.statements.setdefault(function, set()).add(statement)
                if ran:
                    self.executed.setdefault(function, set()).add(statement)
        self.databases += 1

    @property
    def total(self) -> int:
        return sum(len(s) for s in self.statements.values())

    @property
    def covered(self) -> int:
        return sum(len(self.executed.get(f, set()) & s) for f, s in self.statements.items())

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 0.0

    def least_covered(self, count: int = 15) -> list[tuple[str, int, int]]:
        rows = [(f, len(self.executed.get(f, set()) & s), len(s)) for f, s in self.statements.items()]
        rows.sort(key=lambda r: (r[1] / r[2], -r[2], r[0]))
        return [r for r in rows if r[1] < r[2]][:count]

    def report(self) -> list[str]:
        if not self.databases:
            return ["PL/pgSQL statement coverage: not measured (runs on the pg17 target only)"]
        lines = [f"PL/pgSQL statement coverage (pg17, {self.databases} test databases): "
                 f"{self.percent:.1f} % of {self.total} statements in {len(self.statements)} functions",
                 "least covered:"]
        lines += [f"  {covered:>4}/{total:<4} {100.0 * covered / total:5.1f} %  {function}"
                  for function, covered, total in self.least_covered()]
        if self.unmeasured:
            lines.append("not measured (EXECUTE over transition tables, which the profiler cannot follow): "
                         + ", ".join(sorted(self.unmeasured)))
        return lines


def reset_profiles(admin_url: str) -> None:
    """Forget the profiles of earlier runs (shared memory lives as long as the server)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("create extension if not exists plpgsql_check")
        conn.execute("select plpgsql_profiler_reset_all()")
