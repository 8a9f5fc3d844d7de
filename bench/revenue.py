"""Revenue month at scale: one organization of 10,000 wells, decks of 6 owners (operator, two working
interest partners, royalty, overriding and non-participating royalty) drawn from 2,000 owners, an oil
and a gas sales statement for every well. Measures, in one run, the month's distribution in one call
(api.distribute_revenue_month) and a payment run over it (api.create_payment_run), each as a signed-in
accountant, beside a raw INSERT ... SELECT of the same number of lines into a table of the same shape.

    scripts/wellflow bench revenue [--target pg15|pg17] [--wells 10000] [--keep]
"""

from __future__ import annotations

import argparse
import subprocess
import time

import psycopg

from bench.production import claims, create_organization
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

OWNERS = 2_000
MONTH = "2025-09-01"
DISTRIBUTE_TARGET, PAYMENT_TARGET = 15.0, 10.0


def build(conn, wells: int) -> str:
    org = create_organization(conn, "Revenue Month", wells)
    claims(conn, org)
    conn.execute("""
        insert into app.companies (organization_id, name, roles, owner_type, tax_id, tax_id_type)
        select %(org)s, 'Owner ' || lpad(n::text, 5, '0'), '{royalty_owner}',
               case when n %% 3 = 0 then 'business' else 'individual' end::app.owner_type,
               case when n %% 3 = 0 then '75-' || lpad(n::text, 7, '0') else lpad(n::text, 3, '0') || '-55-' || lpad(n::text, 4, '0') end,
               case when n %% 3 = 0 then 'ein' else 'ssn' end::app.tax_id_type
          from generate_series(1, %(owners)s) n""", {"org": org, "owners": OWNERS})
    conn.execute("""insert into app.companies (organization_id, name, roles, owner_type, tax_id, tax_id_type)
                    values (%s, 'Bench Operating', '{operator}', 'business', '75-0000001', 'ein'),
                           (%s, 'Bench Purchaser', '{purchaser}', 'business', '75-0000002', 'ein')""", [org, org])
    conn.execute("""update app.wells w set operator_company_id = c.id
                      from app.companies c where c.organization_id = %s and c.name = 'Bench Operating'
                       and w.organization_id = %s""", [org, org])
    # The deck of each well: operator 0.70, partners 0.10 and 0.05, royalty 0.125, ORRI and NPRI 0.0125.
    with conn.transaction():
        conn.execute("""
            insert into app.division_orders (organization_id, well_id, owner_company_id, interest_type, decimal_interest,
                                             effective_from)
            select %(org)s, w.id, coalesce(owner.id, operator.id), d.kind::app.interest_type, d.share, '2020-01-01'
              from (select id, row_number() over (order by id) as n from app.wells where organization_id = %(org)s) w
             cross join (values (0, 'wi', 0.70), (1, 'wi', 0.10), (2, 'wi', 0.05), (3, 'ri', 0.125), (4, 'orri', 0.0125),
                                (5, 'npri', 0.0125)) d (slot, kind, share)
              join app.companies operator on operator.organization_id = %(org)s and operator.name = 'Bench Operating'
              left join app.companies owner on d.slot > 0 and owner.organization_id = %(org)s
                   and owner.name = 'Owner ' || lpad((1 + (w.n * 7 + d.slot * 331) %% %(owners)s)::text, 5, '0')""",
                     {"org": org, "owners": OWNERS})
    conn.execute("""
        insert into app.sales_statements (organization_id, well_id, sales_month, product, purchaser_company_id, sold_volume,
                                          heat_content_mmbtu, price_basis, price, transportation_deduction,
                                          compression_deduction)
        select %(org)s, w.id, %(month)s, p.product::app.sales_product, purchaser.id,
               case p.product when 'oil' then 900 + (w.n %% 400) else 12000 + (w.n %% 5000) end,
               case p.product when 'gas' then 13000 + (w.n %% 5000) end,
               case p.product when 'gas' then 'mmbtu' else 'volume' end::app.price_basis,
               case p.product when 'oil' then 70.25 else 2.85 end, 350 + (w.n %% 100),
               case p.product when 'gas' then 420 else 0 end
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %(org)s) w
         cross join (values ('oil'), ('gas')) p (product)
          join app.companies purchaser on purchaser.organization_id = %(org)s and purchaser.name = 'Bench Purchaser'""",
                 {"org": org, "month": MONTH})
    conn.execute("analyze")
    return org


def timed(url: str, org: str, sql: str, args: list) -> tuple[float, object]:
    with psycopg.connect(url) as conn:
        claims(conn, org, "accountant")
        conn.execute("set role wellflow_user")
        started = time.perf_counter()
        result = conn.execute(sql, args).fetchone()[0]
        seconds = time.perf_counter() - started
        conn.commit()
    return seconds, result


def raw_insert(url: str, table: str, rows: int) -> float:
    """INSERT ... SELECT of as many rows into a table shaped like the given one (no triggers, no RLS)."""
    with psycopg.connect(url) as conn:
        conn.execute(f"create temporary table raw_copy (like {table} including defaults)")
        started = time.perf_counter()
        conn.execute(f"insert into raw_copy select * from {table} limit %s", [rows])
        seconds = time.perf_counter() - started
        conn.rollback()
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench revenue", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--wells", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_revenue")
    ops.recreate_database(url)
    ops.deploy(url)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        org = build(conn, args.wells)
        built = time.perf_counter() - started
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()

    distribute_s, month = timed(url, org, "select api.distribute_revenue_month(%s)", [MONTH])
    assert month["failed"] == [], month["failed"][:3]
    with psycopg.connect(url, autocommit=True) as conn:
        lines = conn.execute("select count(*) from app.revenue_distribution_lines").fetchone()[0]
        claims(conn, org, "accountant")
        conn.execute("update app.revenue_distributions set status = 'approved' where organization_id = %s", [org])
        conn.execute("analyze")
    raw_lines_s = raw_insert(url, "app.revenue_distribution_lines", lines)
    payment_s, run = timed(url, org, "select to_jsonb(r) from api.create_payment_run(%s, '2026-03-01') r", [MONTH])
    with psycopg.connect(url) as conn:
        paid_lines = conn.execute("select count(*) from app.owner_payment_lines").fetchone()[0]
    raw_paid_s = raw_insert(url, "app.owner_payment_lines", paid_lines)

    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}")
    print(f"{args.wells:,} wells, {month['distributed']:,} distributions (oil and gas), {lines:,} owner lines; "
          f"{run['owners_paid']:,} owners paid from {paid_lines:,} lines; built in {built:.0f} s.\n")
    print("| step | seconds | raw INSERT … SELECT of as many lines | ratio | target | result |\n|---|---|---|---|---|---|")
    for name, seconds, raw, target in (("distribute the month (one call)", distribute_s, raw_lines_s, DISTRIBUTE_TARGET),
                                       ("payment run over it", payment_s, raw_paid_s, PAYMENT_TARGET)):
        print(f"| {name} | {seconds:.2f} | {raw:.2f} | {seconds / raw:.1f} | ≤ {target:.0f} s | "
              f"{'met' if seconds <= target else '**missed**'} |")
    if not args.keep:
        ops.drop_database(url)


if __name__ == "__main__":
    main()
