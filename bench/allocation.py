"""Allocation at scale: one organization of 1,000 tank batteries with 10 wells each (10,000 wells), a month of
daily production with hours on, a well test per well, three run tickets and a gas and a water meter statement per
battery, and inventory at each end. Measures, in one run, the month's allocation of every battery in one call
(api.allocate_month) as a signed-in engineer, beside a raw INSERT ... SELECT of as many allocation rows.

    scripts/wellflow bench allocation [--target pg15|pg17] [--points 1000] [--keep]
"""

from __future__ import annotations

import argparse
import subprocess
import time

import psycopg

from bench.production import claims, create_organization
from bench.revenue import raw_insert
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

WELLS_PER_POINT = 10
MONTH = "2025-06-01"
ALLOCATION_TARGET = 10.0


def build(conn, points: int) -> str:
    org = create_organization(conn, "Allocation Month", points * WELLS_PER_POINT)
    claims(conn, org, "engineer")
    conn.execute("""
        insert into app.measurement_points (organization_id, name, kind)
        select %s, 'Battery ' || lpad(n::text, 5, '0'), 'tank_battery' from generate_series(1, %s) n""", [org, points])
    conn.execute("""
        insert into app.measurement_point_wells (organization_id, measurement_point_id, well_id, effective_from)
        select %(org)s, p.id, w.id, '2025-01-01'
          from (select id, row_number() over (order by id) - 1 as n from app.wells where organization_id = %(org)s) w
          join (select id, row_number() over (order by name) - 1 as n from app.measurement_points
                 where organization_id = %(org)s) p on p.n = w.n / %(per)s""", {"org": org, "per": WELLS_PER_POINT})
    conn.execute("""
        insert into app.well_tests (organization_id, well_id, test_date, duration_hours, oil_bbl, gas_mcf, water_bbl)
        select %s, w.id, '2025-05-20', 24, 20 + n %% 80, 60 + n %% 300, 10 + n %% 50
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %s) w""", [org, org])
    conn.execute("""
        insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on)
        select %s, w.id, d::date, 25, 90, 20, 12 + (w.n + extract(day from d)::integer) %% 13
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %s) w
         cross join generate_series(%s::date, %s::date + 29, interval '1 day') d""", [org, org, MONTH, MONTH])
    conn.execute("""
        insert into app.run_tickets (organization_id, measurement_point_id, ticket_number, ticket_date, gross_volume,
                                     observed_temperature_f, api_gravity, bsw_percent)
        select %s, p.id, 'T-' || t, %s::date + t * 9, 2000 + t * 113.25, 62 + t * 6, 39.5 + t, 0.3
          from app.measurement_points p cross join generate_series(1, 3) t where p.organization_id = %s""",
                 [org, MONTH, org])
    conn.execute("""
        insert into app.meter_statements (organization_id, measurement_point_id, month, product, volume)
        select %s, p.id, %s, x.product::app.metered_product, x.volume
          from app.measurement_points p cross join (values ('gas', 27000.5), ('water', 6100)) x (product, volume)
         where p.organization_id = %s""", [org, MONTH, org])
    conn.execute("""
        insert into app.dispositions (organization_id, measurement_point_id, month, product, disposition, volume)
        select %s, p.id, %s, 'oil', x.disposition::app.disposition_code, x.volume
          from app.measurement_points p
         cross join (values ('opening_inventory', 310), ('closing_inventory', 455.5)) x (disposition, volume)
         where p.organization_id = %s""", [org, MONTH, org])
    conn.execute("analyze")
    return org


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench allocation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--points", type=int, default=1_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_allocation")
    ops.recreate_database(url)
    ops.deploy(url)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        org = build(conn, args.points)
        built = time.perf_counter() - started
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()

    with psycopg.connect(url) as conn:
        claims(conn, org, "engineer")
        conn.execute("set role wellflow_user")
        started = time.perf_counter()
        result = conn.execute("select api.allocate_month(%s)", [MONTH]).fetchone()[0]
        allocation_s = time.perf_counter() - started
        conn.commit()
    assert result["failed"] == [] and result["allocated_points"] == args.points, result
    with psycopg.connect(url) as conn:
        rows = conn.execute("select count(*) from app.allocations").fetchone()[0]
        unbalanced = conn.execute("""
            select count(*) from (select measurement_point_id, product, min(measured_volume) - sum(allocated_volume) as gap
                                    from app.allocations group by 1, 2) g where gap <> 0""").fetchone()[0]
    assert unbalanced == 0, f"{unbalanced} point-products whose wells do not sum to the measurement"
    raw_s = raw_insert(url, "app.allocations", rows)

    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}")
    print(f"{args.points:,} batteries x {WELLS_PER_POINT} wells, {rows:,} allocation rows (oil, gas, water); "
          f"built in {built:.0f} s.\n")
    print("| step | seconds | raw INSERT … SELECT of as many rows | ratio | target | result |\n|---|---|---|---|---|---|")
    print(f"| allocation of the month (one call) | {allocation_s:.2f} | {raw_s:.2f} | {allocation_s / raw_s:.1f} | "
          f"≤ {ALLOCATION_TARGET:.0f} s | {'met' if allocation_s <= ALLOCATION_TARGET else '**missed**'} |")
    if not args.keep:
        ops.drop_database(url)


if __name__ == "__main__":
    main()
