"""Every migration is linted with squawk: a change that takes an unsafe lock on a populated table is
refused unless it says why in a `-- squawk-ignore RULE` comment next to the statement. The deploy
command sets a lock timeout for every change, so a deploy never queues requests behind its locks."""

import json
import os
import subprocess
import time

import psycopg
import pytest

from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT

SQUAWK = os.environ["SQUAWK_BIN"]
DEPLOYS = ROOT / "migrations" / "deploy"
# The deploy command sets lock_timeout for each change (wellflow_cli.db.sqitch); a statement timeout
# is left to the change, since a backfill may rightly run for minutes.
EXCLUDED_RULES = "require-lock-timeout,require-statement-timeout"
# The baseline creates every object in an empty database (nothing populated, nothing locked by
# anyone) and is generated from sql/, so there is no lock to review; squawk's parser also cannot
# read all of it.
UNLINTED = {"baseline.sql"}
# Released changes cannot be edited (databases record them as deployed), so their accepted findings
# and why each is safe are listed here; other changes say why in a squawk-ignore comment.
RELEASED = {
    ("invitations_and_sessions.sql", "prefer-bigint-over-int"):
        "auth.unknown_login_attempts.failed_login_count counts failures per address, reset on success",
    ("invitations_and_sessions.sql", "adding-foreign-key-constraint"):
        "auth.invitation_tokens holds only unaccepted invitations; the scan takes milliseconds",
}


def lint(*paths) -> list[dict]:
    result = subprocess.run([SQUAWK, "--reporter", "json", "--pg-version", "15", "--exclude", EXCLUDED_RULES,
                             *map(str, paths)], capture_output=True, text=True, timeout=120)
    assert "panicked" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1), result.stderr
    assert result.returncode == 0 or result.stdout.strip(), "squawk failed without findings: " + result.stderr
    return json.loads(result.stdout or "[]")


def test_every_delta_change_passes_squawk():
    changes = sorted(p for p in DEPLOYS.glob("*.sql") if p.name not in UNLINTED)
    planned = set(ops.plan_changes()) - {"baseline"}
    assert {p.stem for p in changes} == planned, "every change but the baseline is linted"
    findings = lint(*changes)
    refused = [f"{f['file']}:{f['line']} {f['rule_name']}: {f['message']}" for f in findings
               if (os.path.basename(f["file"]), f["rule_name"]) not in RELEASED]
    assert refused == [], "\n".join(refused)


def test_squawk_refuses_an_unsafe_change_unless_it_says_why(tmp_path):
    unsafe = tmp_path / "unsafe.sql"
    unsafe.write_text("begin;\ncreate index production_oil_idx on app.production (organization_id, oil_bbl);\n"
                      "alter table app.wells add constraint wells_rig_check check (rig_name <> '');\ncommit;\n")
    assert {f["rule_name"] for f in lint(unsafe)} >= {"require-concurrent-index-creation",
                                                       "constraint-missing-not-valid"}
    explained = tmp_path / "explained.sql"
    explained.write_text("begin;\n-- squawk-ignore require-concurrent-index-creation\n"
                         "create index production_oil_idx on app.production (organization_id, oil_bbl);\n"
                         "-- squawk-ignore constraint-missing-not-valid\n"
                         "alter table app.wells add constraint wells_rig_check check (rig_name <> '');\ncommit;\n")
    assert lint(explained) == []


def test_a_deploy_behind_a_long_transaction_stops_at_the_lock_timeout(cluster, tmp_path, monkeypatch):
    """wells_spatial rewrites app.wells: with another session holding a lock on it, the deploy gives
    up after the lock timeout (2 s here) instead of waiting, and a second deploy finishes it."""
    url = cluster.url("wellflow_test_deploy_lock")
    ops.recreate_database(url)
    try:
        ops.deploy(url, to="analyst_logins")
        monkeypatch.setenv("WELLFLOW_DEPLOY_LOCK_TIMEOUT", "2s")
        with psycopg.connect(url) as holder:
            holder.execute("lock table app.wells in access share mode")
            started = time.monotonic()
            with pytest.raises(ops.OpsError, match="lock timeout"):
                ops.deploy(url)
            assert time.monotonic() - started < 30
        ops.deploy(url)
        assert ops.deployed_changes(url)[-1] == ops.plan_changes()[-1]
    finally:
        ops.drop_database(url)
