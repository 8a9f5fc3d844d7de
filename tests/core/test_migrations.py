"""Migrations: the generated baseline matches the manifest, the Sqitch round trip, migra drift
between the migrations and the declarative sql/, the upgrade from the previous tag keeps every
row, and a database from a plan this repository no longer has is refused with what to do."""

import subprocess

import psycopg
import pytest

from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT


def test_sql_is_one_manifest_of_domain_files():
    """Every file under sql/ but the manifest sits in a domain folder and is listed exactly once;
    no file restates history (an added column belongs in its table's create statement)."""
    listed = [path.relative_to(ops.DECLARATIVE).as_posix() for path in ops.manifest_files()]
    on_disk = sorted(path.relative_to(ops.DECLARATIVE).as_posix() for path in ops.DECLARATIVE.rglob("*.sql"))
    assert sorted(listed) == sorted(set(listed)), "a file is listed twice in sql/schema.sql"
    assert sorted(listed + ["schema.sql"]) == on_disk
    assert all("/" in name for name in listed), "every file but the manifest belongs in a domain folder"
    for name in listed:
        text = (ops.DECLARATIVE / name).read_text().lower()
        assert "add column" not in text, f"sql/{name} adds a column instead of declaring it"
        assert "create or replace" not in text, f"sql/{name} replaces an object declared elsewhere"


def test_baseline_is_generated_from_the_manifest(capsys):
    """Until a delta follows it, the baseline is exactly what sql/schema.sql generates."""
    assert ops.plan_changes()[0] == "baseline"
    assert "v0.2.0" in ops.plan_tags()
    if ops.plan_changes() == ["baseline"]:
        assert ops.write_baseline(check=True), "migrations/deploy/baseline.sql is stale: run scripts/wellflow db baseline"
        assert ops.main(["baseline", "--check"]) == 0
        assert "matches" in capsys.readouterr().out
    assert ops.BASELINE.read_text().startswith(ops.BASELINE_HEADER)


def test_deploy_verify_revert_deploy_round_trip(cluster):
    url = cluster.url("wellflow_test_roundtrip")
    ops.recreate_database(url)
    try:
        ops.deploy(url)
        assert "Verify successful" in ops.sqitch("verify", url)
        ops.sqitch("revert", url, "-y")
        with psycopg.connect(url) as conn:
            leftovers = conn.execute("select nspname from pg_namespace where nspname in "
                                     "('app', 'api', 'auth', 'ref', 'audit', 'procrastinate')").fetchall()
        assert leftovers == []
        ops.deploy(url)
        assert "Verify successful" in ops.sqitch("verify", url)
        assert "Nothing to deploy" in ops.sqitch("status", url)
    finally:
        ops.drop_database(url)


def test_migrations_and_declarative_sql_do_not_drift(cluster, template_url):
    migrated = cluster.url("wellflow_test_migrated")
    declarative = cluster.url("wellflow_test_declarative")
    ops.recreate_database(migrated)
    try:
        ops.deploy(migrated)
        ops.build_declarative(declarative)
        assert ops.drift(migrated, declarative) == ""
        with psycopg.connect(declarative, autocommit=True) as conn:
            conn.execute("alter table app.users add column nickname text")
        assert "nickname" in ops.drift(migrated, declarative), "migra must notice a real difference"
    finally:
        ops.drop_database(migrated)
        ops.drop_database(declarative)


def table_counts(url: str) -> dict[str, int]:
    """Rows of every table WellFlow owns (partitions and chunks counted through their parent)."""
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(
            "select c.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname in ('app', 'auth', 'audit', 'ref', 'procrastinate') and c.relkind in ('r', 'p')"
            " and not c.relispartition order by 1")]
        return {table: conn.execute(f"select count(*) from {table}").fetchone()[0] for table in tables}


def test_upgrade_from_the_previous_tag_keeps_every_row(cluster):
    """The demo data loaded at the last tag survives deploying every later change."""
    url = cluster.url("wellflow_test_upgrade")
    ops.recreate_database(url)
    try:
        ops.deploy(url, to="@" + ops.plan_tags()[-1])
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(ROOT / "scripts/demo_data.sql"), url],
                       check=True, capture_output=True)
        before = table_counts(url)
        assert before["app.wells"] > 0 and before["app.production"] > 0
        ops.deploy(url)
        assert "Nothing to deploy" in ops.sqitch("status", url)
        after = table_counts(url)
        # The audit log and reference data (a newly published rate) may grow; nothing else changes.
        grows = [table for table in before if table == "audit.changes" or table.startswith("ref.")]
        assert {table: after.get(table) for table in before} == before | {
            table: after[table] for table in grows}, "a row went missing in the upgrade"
        assert all(after[table] >= before[table] for table in grows)
    finally:
        ops.drop_database(url)


def test_a_database_from_an_older_plan_is_refused_with_what_to_do(cluster):
    url = cluster.url("wellflow_test_oldplan")
    ops.recreate_database(url)
    try:
        ops.deploy(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("update sqitch.changes set change = 'roles' where change = 'baseline'")
        with pytest.raises(ops.OpsError, match="re-create it once"):
            ops.deploy(url)
        assert ops.main(["deploy", "--url", url]) == 1
    finally:
        ops.drop_database(url)


def test_the_command_line_reports_drift_status(cluster, capsys):
    url = cluster.url("wellflow_test_cli")
    ops.recreate_database(url)
    try:
        assert ops.main(["deploy", "--url", url]) == 0
        assert ops.main(["diff", "--url", url]) == 0
        assert "no drift" in capsys.readouterr().out
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("alter table app.organizations add column stray integer")
        assert ops.main(["diff", "--url", url]) == 1
        assert "stray" in capsys.readouterr().out
        assert ops.main(["status", "--url", url]) == 0
    finally:
        ops.drop_database(url)
