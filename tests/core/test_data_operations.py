"""Migrations and backups proven on a database that holds the demo data, on each target: every delta
change deploys, verifies, reverts and deploys again, the upgrade from the released tag keeps every
row, and a backup restores into a new database with the same rows, row security, hypertable,
append-only audit log and a sign-in that works."""

import os
import subprocess
import time

import psycopg
import pytest

from support.jwt_tokens import decode_claims
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT

RELEASED_TAG = "@v0.2.0"
PERMIAN_RIDGE = "01900000-0000-7000-8000-000000000001"  # the demo owner's organization
TABLES = """
select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and not c.relispartition
   and n.nspname in ('app', 'auth', 'audit', 'ref', 'procrastinate', 'sqitch')
 order by 1
"""
POLICIES = """
select schemaname, tablename, policyname, cmd, roles::text, qual, with_check from pg_policies
 where schemaname in ('app', 'auth', 'audit', 'ref') order by 1, 2, 3
"""
ROW_SECURITY = """
select format('%I.%I', n.nspname, c.relname), c.relrowsecurity, c.relforcerowsecurity
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and n.nspname in ('app', 'auth', 'audit') order by 1
"""


def counts(url: str, registry: bool = True) -> dict[str, int]:
    """Rows per table; registry=False leaves out Sqitch's own, which grows with every deploy."""
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(TABLES) if registry or not row[0].startswith("sqitch.")]
        return {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in tables}


@pytest.fixture(scope="module")
def demo_url(cluster):
    """A database at the released tag holding the demo data (as `scripts/wellflow up` loads it)."""
    url = cluster.url("wellflow_test_demo_data")
    ops.recreate_database(url)
    ops.deploy(url, to=RELEASED_TAG)
    ops.provision(url, "demo-secret-" + "x" * 32)
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(ROOT / "scripts/demo_data.sql")],
                   check=True, capture_output=True)
    yield url
    ops.drop_database(url)


def test_every_delta_change_deploys_verifies_reverts_and_deploys_again_on_the_demo_data(demo_url):
    before = counts(demo_url, registry=False)
    assert before["app.production"] > 100_000 and before["app.wells"] > 200, "the demo data is there"
    changes = ops.plan_changes()
    deltas = changes[changes.index("baseline") + 1:]
    assert deltas, "the plan has changes after the released tag"
    previous = "baseline"
    for change in deltas:
        ops.deploy(demo_url, to=change)
        ops.sqitch("verify", demo_url, "--to", change)
        ops.sqitch("revert", demo_url, "-y", "--to", previous)
        assert ops.deployed_changes(demo_url)[-1] == previous, change
        ops.deploy(demo_url, to=change)
        previous = change
    assert ops.deployed_changes(demo_url) == changes
    after = counts(demo_url, registry=False)
    # The audit log only grows (changes may record what they move); every other table keeps its rows.
    assert after.pop("audit.changes") >= before.pop("audit.changes")
    # Tables the deltas add start empty, but for the reference data (ref) a change brings with it;
    # every table of the release keeps its rows, and reference tables may gain rows (a new rate).
    assert {t: n for t, n in after.items() if t in before and not t.startswith("ref.")} \
        == {t: n for t, n in before.items() if not t.startswith("ref.")}
    assert all(after[t] >= n for t, n in before.items() if t.startswith("ref."))
    assert all(n == 0 for t, n in after.items() if t not in before and not t.startswith("ref."))
    with psycopg.connect(demo_url) as conn:
        assert conn.execute("select count(*) from app.wells where surface_location is not null").fetchone()[0] \
            == conn.execute("select count(*) from app.wells where surface_latitude is not null").fetchone()[0] > 0


def test_a_backup_restores_into_a_new_database_whole(demo_url, cluster, tmp_path):
    ops.deploy(demo_url)
    dump = tmp_path / "wellflow.dump"
    copy_url = cluster.url("wellflow_test_restored")
    ops.drop_database(copy_url)
    wellflow = [str(ROOT / "scripts/wellflow"), "db"]
    started = time.monotonic()
    backed_up = subprocess.run(wellflow + ["backup", str(dump)], env=dict(os.environ, DATABASE_URL=demo_url),
                               capture_output=True, text=True, timeout=600)
    assert backed_up.returncode == 0, backed_up.stderr
    restored = subprocess.run(wellflow + ["restore", str(dump)], env=dict(os.environ, DATABASE_URL=copy_url),
                              capture_output=True, text=True, timeout=600)
    assert restored.returncode == 0, restored.stderr
    print(f"{cluster.name}: backup and restore of the demo database ({dump.stat().st_size / 1e6:.1f} MB) "
          f"took {time.monotonic() - started:.1f} s")
    try:
        assert counts(copy_url) == counts(demo_url)
        with psycopg.connect(demo_url) as source, psycopg.connect(copy_url, autocommit=True) as copy:
            for query in (POLICIES, ROW_SECURITY):
                assert copy.execute(query).fetchall() == source.execute(query).fetchall()
            assert all(forced for _, _, forced in copy.execute(ROW_SECURITY))
            if cluster.name == "pg17":
                hypertables = "select hypertable_name, num_chunks from timescaledb_information.hypertables"
                assert copy.execute(hypertables).fetchall() == source.execute(hypertables).fetchall() != []
            with pytest.raises(psycopg.Error, match="WF_AUDIT_APPEND_ONLY"):
                copy.execute("update audit.changes set action = 'delete'"
                             " where id = (select id from audit.changes limit 1)")
            login = copy.execute("select api.login('olivia.owner@permian-ridge.example', 'wellflow-demo-1')").fetchone()[0]
            assert decode_claims(login["token"])["org_id"] == PERMIAN_RIDGE
        again = subprocess.run(wellflow + ["restore", str(dump)], env=dict(os.environ, DATABASE_URL=copy_url),
                               capture_output=True, text=True, timeout=600)
        assert again.returncode == 1 and "exists" in again.stderr
    finally:
        ops.drop_database(copy_url)
