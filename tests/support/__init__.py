"""Helpers the tests and the benchmarks share: free ports, child processes, waiting for a
condition, batches of real jobs, and a page as headless Chromium renders it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import psycopg

from wellflow_cli.settings import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - anything short of success means "not yet"
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_process(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A child in its own process group (so stop_process reaches its children), output to log."""
    handle = open(log, "wb")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(args, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT,
                            cwd=ROOT, start_new_session=True)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def enqueue_reminder_jobs(url: str, count: int, label: str) -> tuple[list, list[int]]:
    """A batch of real jobs for the worker tests and the throughput benchmark: `count` new
    organizations, each with a C-115 schedule whose last two months are inside its 90-day reminder
    window, and one compliance__remind job each. Returns (organization ids, job ids)."""
    with psycopg.connect(url, autocommit=True) as conn:
        organizations = [row[0] for row in conn.execute(
            "insert into app.organizations (name, slug)"
            " select %s::text || ' ' || n, lower(%s::text) || '-' || n"
            " from generate_series(1, %s) n returning id", [label, label, count]).fetchall()]
        conn.execute("insert into app.compliance_schedules (organization_id, agency, form, first_period, reminder_days)"
                     " select o, 'NM-OCD', 'C-115', (date_trunc('month', current_date) - interval '1 month')::date,"
                     " '{90}' from unnest(%s::uuid[]) o", [organizations])
        jobs = [row[0] for row in conn.execute(
            "select app.defer_job('notifications', 'compliance__remind', jsonb_build_object('organization_id', o))"
            " from unnest(%s::uuid[]) o", [organizations]).fetchall()]
    return organizations, jobs


def run_task(awaitable):
    """Runs a task's function in a fresh event loop, as a worker would, closing the loop's
    connection pools before the loop ends."""
    from procrastinate_tasks.app import close_tenant_pools

    async def main():
        try:
            return await awaitable
        finally:
            await close_tenant_pools()
    return asyncio.run(main())


def dump_dom(url: str) -> str:
    """The page as headless Chromium renders it, once the page says it is done (data-state ready, error or
    signed-out): a page renders after its fetches return, so a slow first load is tried again, three times."""
    page = ""
    for _ in range(3):
        page = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                               "--virtual-time-budget=15000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120).stdout
        if re.search(r'data-state="(ready|error|signed-out)"', page):
            break
    return page
