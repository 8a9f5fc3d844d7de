"""Joint interest billing at scale: one organization of 10,000 wells, each with a cost deck of the operator and
2 to 4 partners (3 to 5 owners) drawn from 500 partners, producing-well overhead, and a month of 100,000 cost
transactions (10 per well, across drilling and operating accounts). Measures, in one run, the month's JIB run in
one call (api.create_jib_run) as a signed-in accountant, beside a raw INSERT ... SELECT of the same number of lines
into a table of the same shape.

    scripts/wellflow bench jib [--target pg15|pg17] [--wells 10000] [--keep]
"""

from __future__ import annotations

import argparse
import subprocess
import time

import psycopg

from bench.production import claims, create_organization
from bench.revenue import raw_insert, timed
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

PARTNERS = 500
TRANSACTIONS_PER_WELL = 10
MONTH = "2025-09-01"
RUN_TARGET = 15.0
ACCOUNTS = ["8110", "8120", "8130", "8320", "8400", "8500", "8510", "8520", "8530", "8540"]


def build(conn, wells: int) -> str:
    org = create_organization(conn, "JIB Month", wells)
    claims(conn, org)
    conn.execute("""
        insert into app.companies (organization_id, name, roles, owner_type)
        select %(org)s, 'Partner ' || lpad(n::text, 4, '0'), '{non_operating_partner}', 'business'
          from generate_series(1, %(partners)s) n""", {"org": org, "partners": PARTNERS})
    conn.execute("""insert into app.companies (organization_id, name, roles, owner_type)
                    values (%s, 'Bench Operating', '{operator}', 'business'),
                           (%s, 'Bench Vendor', '{vendor}', 'business')""", [org, org])
    conn.execute("""update app.wells w set operator_company_id = c.id, status = 'producing'
                      from app.companies c where c.organization_id = %s and c.name = 'Bench Operating'
                       and w.organization_id = %s""", [org, org])
    # Decks of 3, 4 or 5 owners: the operator holds what the partners do not (partners 0.125 each).
    with conn.transaction():
        conn.execute("""
            insert into app.cost_decks (organization_id, well_id, owner_company_id, decimal_interest, effective_from)
            select %(org)s, w.id, coalesce(partner.id, operator.id),
                   case when s.slot = 0 then 1 - 0.125 * (2 + w.n %% 3) else 0.125 end, '2020-01-01'
              from (select id, row_number() over (order by id) as n from app.wells where organization_id = %(org)s) w
             cross join generate_series(0, 4) s (slot)
              join app.companies operator on operator.organization_id = %(org)s and operator.name = 'Bench Operating'
              left join app.companies partner on s.slot > 0 and partner.organization_id = %(org)s
                   and partner.name = 'Partner ' || lpad((1 + (w.n * 7 + s.slot * 131) %% %(partners)s)::text, 4, '0')
             where s.slot <= 2 + w.n %% 3""", {"org": org, "partners": PARTNERS})
    conn.execute("""
        insert into app.overhead_rates (organization_id, well_kind, effective_from, monthly_rate)
        values (%s, 'producing', '2025-01-01', 1500), (%s, 'drilling', '2025-01-01', 12000)""", [org, org])
    conn.execute("""
        insert into app.production_monthly_wells (organization_id, well_id, month, oil_bbl, gas_mcf, water_bbl,
                                                  producing_days, reported_days)
        select %s, id, %s, 3000, 9000, 1200, 30, 30 from app.wells where organization_id = %s""", [org, MONTH, org])
    conn.execute("""
        insert into app.cost_transactions (organization_id, well_id, account_code, vendor_company_id, invoice_number,
                                           service_date, accounting_date, amount)
        select %(org)s, w.id, (%(accounts)s::text[])[1 + t %% 10], vendor.id, 'INV-' || w.n || '-' || t,
               %(month)s::date + (t * 3 + w.n %% 3)::integer, %(month)s::date + 29, 100 + (w.n * 37 + t * 911) %% 90000 + 0.37
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %(org)s) w
         cross join generate_series(0, %(per_well)s - 1) t
          join app.companies vendor on vendor.organization_id = %(org)s and vendor.name = 'Bench Vendor'""",
                 {"org": org, "month": MONTH, "accounts": ACCOUNTS, "per_well": TRANSACTIONS_PER_WELL})
    conn.execute("analyze")
    return org


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench jib", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--wells", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_jib")
    ops.recreate_database(url)
    ops.deploy(url)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        org = build(conn, args.wells)
        built = time.perf_counter() - started
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()
        transactions = conn.execute("select count(*) from app.cost_transactions").fetchone()[0]

    run_s, run = timed(url, org, "select to_jsonb(r) from api.create_jib_run(%s) r", [MONTH])
    assert run["transactions_held"] == 0 and run["transactions_billed"] == transactions, run
    with psycopg.connect(url) as conn:
        lines, partners = conn.execute(
            "select count(*), count(distinct owner_company_id) from app.jib_lines").fetchone()
        invoices = conn.execute("select count(*) from app.jib_invoices").fetchone()[0]
        unbalanced = conn.execute("""select count(*) from (select cost_transaction_id, min(gross_amount) - sum(amount) as gap
                                                           from app.jib_lines where cost_transaction_id is not null
                                                          group by 1) c where gap <> 0""").fetchone()[0]
    assert unbalanced == 0, f"{unbalanced} transactions whose shares do not sum to them"
    raw_s = raw_insert(url, "app.jib_lines", lines)

    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}")
    print(f"{args.wells:,} wells, {transactions:,} cost transactions and {run['overhead_wells']:,} overhead charges, "
          f"{lines:,} owner lines, {invoices:,} partner invoices ({partners:,} owners); built in {built:.0f} s.\n")
    print("| step | seconds | raw INSERT … SELECT of as many lines | ratio | target | result |\n|---|---|---|---|---|---|")
    print(f"| JIB run of the month (one call) | {run_s:.2f} | {raw_s:.2f} | {run_s / raw_s:.1f} | ≤ {RUN_TARGET:.0f} s | "
          f"{'met' if run_s <= RUN_TARGET else '**missed**'} |")
    if not args.keep:
        ops.drop_database(url)


if __name__ == "__main__":
    main()
