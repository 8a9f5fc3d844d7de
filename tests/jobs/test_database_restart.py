"""The service survives its database restarting: PostgREST and the worker reconnect on their own,
the API answers again and a job enqueued after the restart completes, within a bound. Runs against
the PostgreSQL 17 + TimescaleDB cluster, which the suite owns (the host's PostgreSQL 15 serves
other users of this machine, so the suite does not restart it)."""

from __future__ import annotations

import subprocess
import time

import httpx
import psycopg
import pytest

from conftest import ROOT, SQL_COVERAGE, start_worker, stop_process, wait_for
from support import enqueue_reminder_jobs

RECOVERY_SECONDS = 60


def test_after_a_database_restart_the_api_answers_and_new_jobs_run(stack, smtp_sink, tmp_path):
    if stack.cluster.name != "pg17":
        pytest.skip("the restart is exercised on the suite's own PostgreSQL 17 cluster")
    _, port = smtp_sink
    worker = start_worker(stack, tmp_path / "worker.log", SMTP_PORT=str(port))
    try:
        _, before = enqueue_reminder_jobs(stack.db_url, 1, "before-restart")

        def done(jobs):
            with psycopg.connect(stack.db_url) as conn:
                return conn.execute("select count(*) from procrastinate.procrastinate_jobs where id = any(%s)"
                                    " and status = 'succeeded'", [jobs]).fetchone()[0] == len(jobs)
        wait_for(lambda: done(before), "a job before the restart", timeout=30)

        # PL/pgSQL profiles live in the server's shared memory, which the restart clears: keep what
        # the shared HTTP database has run so far.
        SQL_COVERAGE.harvest(stack.db_url)
        for command in ("stop", "start"):
            subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), command], check=True, capture_output=True)
        restarted = time.monotonic()

        def api_answers():
            try:
                return httpx.get(f"{stack.base_url}/well_number_states?limit=1", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False
        wait_for(api_answers, "the API after the restart", timeout=RECOVERY_SECONDS)
        api_seconds = time.monotonic() - restarted

        _, after = enqueue_reminder_jobs(stack.db_url, 1, "after-restart")
        wait_for(lambda: done(after), "a job enqueued after the restart", timeout=RECOVERY_SECONDS)
        job_seconds = time.monotonic() - restarted
        assert worker.poll() is None, "the worker exited instead of reconnecting"
    finally:
        stop_process(worker)
    log = (tmp_path / "worker.log").read_text()
    assert "database connection lost" in log or "reconnect" in log.lower(), log[-2000:]
    print(f"after the restart: API answered in {api_seconds:.1f} s, a new job completed in {job_seconds:.1f} s")
