"""Sqitch round trip and migra drift between the migrations and the declarative sql/."""

import psycopg

from procrastinate_tasks import ops


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
        assert ops.main(["status", "--url", url]) == 0
    finally:
        ops.drop_database(url)
