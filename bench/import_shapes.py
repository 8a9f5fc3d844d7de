"""Import time by payload shape: new days against re-sent days (unchanged and updated), few wells
with many days and many wells with few days, right after a bulk load that left the new
partitions or chunks without statistics. Each shape is about 6,000 rows through
api.import_production as a signed-in engineer (the function /rpc/import_production runs), three
calls on distinct wells, the median reported as rows/s and as a ratio to the new-days rate.

    scripts/wellflow bench import [--target pg15|pg17]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from datetime import date, timedelta

import psycopg

from bench.production import claims, create_organization, load_production
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

WELLS = 2_400            # bulk-loaded wells
BULK_DAYS = 400          # days each, loaded with raw SQL just before the measures
RUNS = 3
FEW_WELLS, MANY_DAYS = 18, 333
MANY_WELLS, FEW_DAYS = 2_000, 3
TARGET = 0.3


def import_call(url: str, org: str, rows: list[dict]) -> tuple[float, dict]:
    with psycopg.connect(url) as conn:
        claims(conn, org, "engineer")
        conn.execute("set role wellflow_user")
        payload = json.dumps(rows)
        started = time.perf_counter()
        result = conn.execute("select api.import_production(%s::jsonb)", [payload]).fetchone()[0]
        seconds = time.perf_counter() - started
        conn.commit()
    return seconds, result


def days(url: str, org: str, wells: list[tuple[str, str]], first: date, count: int, oil: int | None) -> list[dict]:
    """count days from first for each well: with oil_bbl = oil (new or updated days), or, when oil
    is None, exactly as stored (re-sent unchanged)."""
    if oil is not None:
        return [{"well_number": number, "production_date": (first + timedelta(days=d)).isoformat(), "oil_bbl": oil,
                 "gas_mcf": 300, "water_bbl": 80, "hours_on": 24} for _, number in wells for d in range(count)]
    with psycopg.connect(url) as conn:
        stored = conn.execute("""
            select w.well_number, p.production_date::text, p.oil_bbl::text, p.gas_mcf::text, p.water_bbl::text,
                   p.hours_on::text
              from app.production p join app.wells w on w.organization_id = p.organization_id and w.id = p.well_id
             where p.organization_id = %s and p.well_id = any(%s) and p.production_date >= %s
               and p.production_date < %s::date + %s
             order by 1, 2""", [org, [w for w, _ in wells], first, first, count]).fetchall()
    assert len(stored) == len(wells) * count
    return [{"well_number": n, "production_date": d, "oil_bbl": o, "gas_mcf": g, "water_bbl": w, "hours_on": h}
            for n, d, o, g, w, h in stored]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_import")
    ops.recreate_database(url)
    ops.deploy(url)
    first = date.today() - timedelta(days=BULK_DAYS + 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select app.ensure_production_partitions(%s, current_date)", [first])
        org = create_organization(conn, "Import Shapes", WELLS + 3 * RUNS * FEW_WELLS)
        # Wells are registered well before their production arrives (autovacuum has analysed them);
        # the production partitions or chunks the bulk load fills are left without statistics.
        conn.execute("analyze app.wells")
        wells = conn.execute("select id, well_number from app.wells where organization_id = %s order by well_number",
                             [org]).fetchall()
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()
    loaded, fresh = wells[:WELLS], wells[WELLS:]
    # The bulk load: raw SQL, no ANALYZE afterwards (the state right after a load).
    with psycopg.connect(url, autocommit=True) as conn:
        numbers = [n for _, n in loaded]
        load_production(conn, org, first, BULK_DAYS, "bulk load", where=f"well_number = any('{{{','.join(numbers)}}}')")

    few = [loaded[n * FEW_WELLS:(n + 1) * FEW_WELLS] for n in range(3 * RUNS)]  # distinct per call
    shapes = {
        "new days, 18 wells x 333 days": lambda run: days(url, org, fresh[run * FEW_WELLS:(run + 1) * FEW_WELLS],
                                                          first, MANY_DAYS, 100),
        "unchanged, 18 wells x 333 days": lambda run: days(url, org, few[run], first, MANY_DAYS, None),
        "updated, 18 wells x 333 days": lambda run: days(url, org, few[RUNS + run], first, MANY_DAYS, 7),
        "unchanged, 2,000 wells x 3 days": lambda run: days(url, org, loaded[-MANY_WELLS:],
                                                            first + timedelta(days=340 + 3 * run), FEW_DAYS, None),
        "updated, 2,000 wells x 3 days": lambda run: days(url, org, loaded[-MANY_WELLS:],
                                                          first + timedelta(days=370 + 3 * run), FEW_DAYS, 7),
        "half new, half updated, 18 wells x 333 days": lambda run: days(
            url, org, few[2 * RUNS + run][:9] + fresh[(RUNS + run) * FEW_WELLS:(RUNS + run) * FEW_WELLS + 9],
            first, MANY_DAYS, 8),
    }
    results = []
    for name, make in shapes.items():
        timings = []
        for run in range(RUNS):
            rows = make(run)
            seconds, result = import_call(url, org, rows)
            assert not result["rejected"], result["rejected"][:3]
            timings.append(seconds)
            counts = {k: result[k] for k in ("inserted", "updated", "unchanged")}
        rate = len(rows) / statistics.median(timings)
        results.append((name, len(rows), rate, counts))
        print(f"{name}: {rate:,.0f} rows/s {counts}", flush=True)
    baseline = results[0][2]
    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}")
    print(f"{WELLS:,} wells x {BULK_DAYS} days bulk-loaded ({WELLS * BULK_DAYS:,} rows) just before, not analysed.\n")
    print("| payload | rows | rows/s | ÷ new days | target | result (last call) |\n|---|---|---|---|---|---|")
    for name, count, rate, counts in results:
        ratio = rate / baseline
        print(f"| {name} | {count:,} | {rate:,.0f} | {ratio:.2f} | ≥ {TARGET} | "
              f"{'met' if ratio >= TARGET else '**missed**'}: {counts} |")
    if not args.keep:
        ops.drop_database(url)


if __name__ == "__main__":
    main()
