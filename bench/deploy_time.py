"""Time of a full Sqitch deploy (with verify) from an empty database, on each reachable target."""

from __future__ import annotations

import statistics
import time

import psycopg

from wellflow_cli import db as ops
from wellflow_cli.settings import TARGETS

NAMES = {"pg15": "PostgreSQL 15 (host)", "pg17": "PostgreSQL 17 + TimescaleDB"}


def reachable(url: str) -> bool:
    try:
        psycopg.connect(url, connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def main(runs: int = 3) -> None:
    changes = len(ops.plan_changes())
    print(f"| target | changes | runs | median (s) | min (s) | max (s) |\n|---|---|---|---|---|---|")
    for target, admin_url in TARGETS.items():
        name = NAMES[target]
        if not reachable(admin_url):
            print(f"| {name} | unreachable (start it: scripts/wellflow pg17 start) | | | | |")
            continue
        url = ops.with_database(admin_url, "wellflow_bench_deploy")
        timings = []
        for _ in range(runs):
            ops.recreate_database(url)
            started = time.perf_counter()
            ops.deploy(url)
            timings.append(time.perf_counter() - started)
        ops.drop_database(url)
        print(f"| {name} | {changes} | {runs} | {statistics.median(timings):.2f} | {min(timings):.2f} "
              f"| {max(timings):.2f} |")


if __name__ == "__main__":
    main()
