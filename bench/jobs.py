"""Job throughput: the same batch of real jobs (compliance reminders, one per organization, each
reading its obligations and recording its reminders) drained by one worker process, then a fresh
batch by two, on one database. Prints jobs/s for each and the ratio.

    scripts/wellflow bench jobs [--target pg15|pg17] [--jobs 600]
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from tests.support import start_process, stop_process, enqueue_reminder_jobs
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS



def drain(url: str, worker_url: str, jobs: list[int], processes: int, logs: Path) -> float:
    started = time.perf_counter()
    workers = [start_process([sys.executable, "-m", "procrastinate_tasks.worker", "--queues", "notifications"],
                                 {"WELLFLOW_WORKER_URL": worker_url, "SMTP_PORT": "9"}, logs / f"worker-{processes}-{n}.log")
               for n in range(processes)]
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                done = conn.execute("select count(*) from procrastinate.procrastinate_jobs where id = any(%s)"
                                    " and status in ('succeeded', 'failed')", [jobs]).fetchone()[0]
                sys.stderr.write(f"\r{processes} worker(s): {done}/{len(jobs)} jobs")
                if done == len(jobs):
                    sys.stderr.write("\n")
                    return time.perf_counter() - started
                time.sleep(0.1)
    finally:
        for worker in workers:
            stop_process(worker)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wellflow bench jobs")
    parser.add_argument("--target", choices=sorted(TARGETS), default="pg15")
    parser.add_argument("--jobs", type=int, default=600)
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_jobs")
    worker_password = secrets.token_urlsafe(16)
    ops.recreate_database(url)
    ops.deploy(url)
    ops.provision(url, secrets.token_urlsafe(48), secrets.token_urlsafe(16), worker_password)
    worker_url = ops.role_url(url, "wellflow_worker", worker_password)
    logs = ROOT / ".wellflow" / "bench-jobs"
    logs.mkdir(parents=True, exist_ok=True)
    results = {}
    for processes in (1, 2):
        _, jobs = enqueue_reminder_jobs(url, args.jobs, f"bench-w{processes}")
        results[processes] = args.jobs / drain(url, worker_url, jobs, processes, logs)
    with psycopg.connect(url) as conn:
        version = conn.execute("select version()").fetchone()[0].split(" on ")[0]
    print(f"#### Jobs: {version}, {args.jobs} compliance__remind jobs per run, {os.cpu_count()} CPUs, "
          f"{platform.machine()}")
    print("| workers (concurrency 2 each) | jobs/s |\n|---|---|")
    for processes, rate in results.items():
        print(f"| {processes} | {rate:,.0f} |")
    print(f"| ratio 2 : 1 | {results[2] / results[1]:.2f} |")
    ops.drop_database(url)
