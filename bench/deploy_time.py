"""Time of a full Sqitch deploy (with verify) from an empty database, on each reachable target."""

from __future__ import annotations

import os
import statistics
import time

import psycopg

from procrastinate_tasks import ops

TARGETS = {
    "PostgreSQL 15 (host)": os.environ.get("WELLFLOW_TEST_PG15_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    "PostgreSQL 17 + TimescaleDB": os.environ.get("WELLFLOW_TEST_PG17_URL",
                                                  "postgresql://postgres@127.0.0.1:5433/postgres"),
}


def reachable(url: str) -> bool:
    try:
        psycopg.connect(url, connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def main(runs: int = 3) -> None:
    changes = len(ops.plan_changes())
    print(f"| target | changes | runs | median (s) | min (s) | max (s) |\n|---|---|---|---|---|---|")
    for name, admin_url in TARGETS.items():
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
