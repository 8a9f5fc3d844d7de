"""`scripts/wellflow up`: the whole system on one command, each service with only its own settings,
and a crashed service started again by the supervisor instead of the stack going down."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import psycopg

from conftest import ROOT, free_port, start_process, stop_process, wait_for
from wellflow_cli import db as ops
from wellflow_cli.settings import TARGETS


def service_pids(marker: str, database: str) -> list[int]:
    """Processes whose command line holds marker and whose environment names the database."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environment = (entry / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in command and database in environment:
            found.append(int(entry.name))
    return found


def environment_of(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")
    return dict(pair.split("=", 1) for pair in pairs if "=" in pair)


def test_up_gives_each_service_only_its_settings_and_restarts_a_crashed_one(tmp_path):
    database = "wellflow_test_up"
    url = ops.with_database(TARGETS["pg15"], database)
    ops.drop_database(url)
    http_port, postgrest_port, smtp_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{http_port}"
    log = tmp_path / "up.log"
    up = start_process([str(ROOT / "scripts/wellflow"), "up"],
                       {"DATABASE_URL": url, "WELLFLOW_HTTP_PORT": str(http_port),
                        "PGRST_SERVER_PORT": str(postgrest_port), "POSTGREST_UPSTREAM": f"127.0.0.1:{postgrest_port}",
                        "SMTP_PORT": str(smtp_port),
                        "WELLFLOW_NGINX_PREFIX": str(tmp_path / "nginx"), "WELLFLOW_PUBLIC_URL": base}, log)
    try:
        def signed_in() -> bool:
            return httpx.post(f"{base}/rpc/login", timeout=5, json={
                "email": "olivia.owner@permian-ridge.example", "password": "wellflow-demo-1"}).status_code == 200
        wait_for(signed_in, f"the demo login through `up` (log: {log})", timeout=240)
        wait_for(lambda: service_pids("procrastinate_tasks.worker", f"/{database}"), "the worker", timeout=30)
        [worker] = service_pids("procrastinate_tasks.worker", f"/{database}")
        [postgrest] = service_pids("postgrest.conf", f"/{database}")
        worker_env, postgrest_env = environment_of(worker), environment_of(postgrest)
        secret = postgrest_env["PGRST_JWT_SECRET"]
        assert "wellflow_worker" in worker_env["WELLFLOW_WORKER_URL"]
        for name, environment in (("worker", worker_env), ("postgrest", postgrest_env)):
            assert "DATABASE_URL" not in environment, name
            assert not any(value == url for value in environment.values()), name
        assert secret not in worker_env.values() and "WELLFLOW_JWT_SECRET" not in postgrest_env
        assert "wellflow_authenticator" in postgrest_env["PGRST_DB_URI"]

        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: "wellflow: worker exited with status" in log.read_text(), "the supervisor's log line",
                 timeout=15)
        wait_for(lambda: [p for p in service_pids("procrastinate_tasks.worker", f"/{database}") if p != worker],
                 "a new worker", timeout=30)
        assert up.poll() is None and httpx.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        stop_process(up)
        time.sleep(1)
        left = service_pids("procrastinate_tasks.worker", f"/{database}") + service_pids("postgrest.conf",
                                                                                          f"/{database}")
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        with psycopg.connect(TARGETS["pg15"], autocommit=True) as conn:
            conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", [database])
        ops.drop_database(url)
    assert left == [], "up left services running after it stopped"
