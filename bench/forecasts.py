"""Decline-curve forecasts at scale: one organization of 10,000 producing wells, each with five years of monthly
production following its own modified hyperbolic decline (qi, Di and b spread over the wells, a shut-in month
here and there, a few per cent of noise). Every well is queued and the real worker processes (wellflow-worker
--queues forecasts) fit oil and gas of all of them, first one process, then two; printed: seconds, wells/s and
wells/s per worker, beside the target (all 10,000 wells in 5 minutes).

The monthly rollups the job reads are written directly: building the 18 million daily rows they would come from
takes longer than the measurement and changes nothing in it (the job reads app.production_monthly_wells only).

    scripts/wellflow bench forecasts [--target pg15|pg17] [--wells 10000]
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

from bench.production import create_organization
from tests.support import start_process, stop_process
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

MONTHS = 60
TARGET_SECONDS = 300.0


def build(conn, wells: int) -> str:
    org = create_organization(conn, "Forecast Bench", wells)
    # Oil: qi 80-800 bbl/d, nominal decline 1-4 a year, b 0.4-1.6; gas at 2-5 mcf per bbl with its own b. The
    # volume of month m is the hyperbolic rate at its middle times its days; every 17th well is shut in one month.
    conn.execute("""
        insert into app.production_monthly_wells (organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl,
                                                  producing_days, reported_days)
        select %(org)s, w.id, (date '2021-01-01' + make_interval(months => m))::date,
               case when shut then 0 else round((p.qi * power(1 + p.b * p.d * t, -1 / p.b) * days * noise)::numeric, 2) end,
               case when shut then 0 else round((p.qi * p.gor * power(1 + p.bg * p.d * t, -1 / p.bg) * days * noise)::numeric, 2) end,
               case when shut then 0 else round((p.qi * 0.5 * days)::numeric, 2) end,
               case when shut then 0 else days end, days
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %(org)s) w
         cross join lateral (select 80 + (w.n * 7919 %% 720) as qi, 1 + (w.n * 104729 %% 300) / 100.0 as d,
                                    0.4 + (w.n * 1299709 %% 120) / 100.0 as b, 0.3 + (w.n * 15485863 %% 100) / 100.0 as bg,
                                    2 + (w.n %% 4) as gor) p
         cross join generate_series(0, %(months)s - 1) m
         cross join lateral (select extract(day from (date '2021-01-01' + make_interval(months => m + 1))
                                                     - interval '1 day')::integer as days,
                                    (m + 0.5) / 12.0 as t,
                                    1 + 0.04 * sin(w.n * 0.7 + m * 1.3) as noise,
                                    w.n %% 17 = 0 and m = 20 as shut) x""", {"org": org, "months": MONTHS})
    conn.execute("analyze app.production_monthly_wells")
    return org


def run(url: str, worker_url: str, org: str, processes: int, logs: Path) -> tuple[float, int]:
    """Queues every well, starts the workers and waits for the last forecast; (seconds, forecasts stored)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from app.well_forecasts where organization_id = %s", [org])
        conn.execute("insert into app.well_forecast_queue (organization_id, well_id)"
                     " select organization_id, id from app.wells where organization_id = %s", [org])
        conn.execute("select app.defer_job_once('forecasts', 'forecasts__refit', jsonb_build_object('organization_id', %s),"
                     " 'forecasts__refit:' || %s, app.forecast_job_priority())", [org, org])
        wells = conn.execute("select count(*) from app.well_forecast_queue where organization_id = %s", [org]).fetchone()[0]
    started = time.perf_counter()
    workers = [start_process([sys.executable, "-m", "procrastinate_tasks.worker", "--queues", "forecasts"],
                             {"WELLFLOW_WORKER_URL": worker_url}, logs / f"worker-{processes}-{n}.log")
               for n in range(processes)]
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                waiting, failed = conn.execute(
                    "select (select count(*) from app.well_forecast_queue where organization_id = %s),"
                    " (select count(*) from procrastinate.procrastinate_jobs where task_name = 'forecasts__refit'"
                    "   and status = 'failed')", [org]).fetchone()
                if failed:
                    raise SystemExit(f"a forecast job failed: see {logs}")
                sys.stderr.write(f"\r{processes} worker(s): {wells - waiting:,}/{wells:,} wells")
                if waiting == 0:
                    sys.stderr.write("\n")
                    elapsed = time.perf_counter() - started
                    stored = conn.execute("select count(*) from app.well_forecasts where organization_id = %s",
                                          [org]).fetchone()[0]
                    return elapsed, stored
                time.sleep(0.2)
    finally:
        for worker in workers:
            stop_process(worker)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wellflow bench forecasts")
    parser.add_argument("--target", choices=sorted(TARGETS), default="pg15")
    parser.add_argument("--wells", type=int, default=10_000)
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_forecasts")
    worker_password = secrets.token_urlsafe(16)
    ops.recreate_database(url)
    ops.deploy(url)
    ops.provision(url, secrets.token_urlsafe(48), secrets.token_urlsafe(16), worker_password)
    worker_url = ops.role_url(url, "wellflow_worker", worker_password)
    logs = ROOT / ".wellflow" / "bench-forecasts"
    logs.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        org = build(conn, args.wells)
        built = time.perf_counter() - started
        version = conn.execute("select version()").fetchone()[0].split(" on ")[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()
    results = {processes: run(url, worker_url, org, processes, logs) for processes in (1, 2)}
    with psycopg.connect(url, autocommit=True) as conn:
        months, fitted = conn.execute(
            "select (select count(*) from app.well_forecast_months where organization_id = %(org)s),"
            " (select count(*) from app.well_forecasts where organization_id = %(org)s and status = 'fitted')",
            {"org": org}).fetchone()
        started = time.perf_counter()
        conn.execute("select set_config('request.jwt.claims', %s, false)",
                     ['{"role": "wellflow_user", "org_id": "' + str(org) + '", "org_role": "viewer"}'])
        conn.execute("set role wellflow_user")
        conn.execute("select * from api.remaining_volumes").fetchall()
        totals = time.perf_counter() - started
        conn.execute("reset role")
    print(f"\n#### Forecasts: {version}{' + TimescaleDB ' + timescale[0] if timescale else ''}, {args.wells:,} wells x "
          f"{MONTHS} months (oil and gas), {os.cpu_count()} CPUs, {platform.machine()}; rollups built in {built:.1f} s\n")
    print("| workers | seconds | wells/s | wells/s per worker | target |\n|---|---|---|---|---|")
    for processes, (seconds, stored) in results.items():
        rate = args.wells / seconds
        verdict = "met" if seconds <= TARGET_SECONDS else "missed"
        print(f"| {processes} | {seconds:.1f} | {rate:,.1f} | {rate / processes:,.1f} | ≤ {TARGET_SECONDS:.0f} s: {verdict} |")
    print(f"| ratio 2 : 1 | {results[1][0] / results[2][0]:.2f} | | | |")
    print(f"\n{results[2][1]:,} forecasts stored ({fitted:,} fitted), {months:,} forecast months; "
          f"/remaining_volumes for the organization: {totals * 1000:.0f} ms")
    ops.drop_database(url)


if __name__ == "__main__":
    main()
