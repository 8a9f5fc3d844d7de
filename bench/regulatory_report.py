"""A New Mexico C-115 at scale: one organization operating 2,000 New Mexico wells (every tenth completed in two
pools) with a month of daily production (plus 200 wells a partner operates, which the report leaves out), a C-115 requested as a signed-in
engineer, and one worker process (`procrastinate_tasks.worker`) rendering it to CSV, HTML and PDF. Measures the
time from the request's commit to the report's files stored.

    scripts/wellflow bench report [--target pg15|pg17] [--wells 2000]
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import sys
import time

import psycopg

from tests.support import start_process, stop_process
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, TARGETS

MONTH = "2025-06-01"
REPORT_TARGET = 30.0
PARTNER_WELLS = 200


def build(conn, wells: int) -> tuple[str, str]:
    org = conn.execute("insert into app.organizations (name, slug) values ('C-115 Month', %s) returning id",
                       ["bench-" + secrets.token_hex(6)]).fetchone()[0]
    user = conn.execute("insert into app.users (email, full_name) values (%s, 'Bench Engineer') returning id",
                        [f"engineer-{secrets.token_hex(4)}@bench.invalid"]).fetchone()[0]
    conn.execute("insert into app.memberships (organization_id, user_id, org_role) values (%s, %s, 'engineer')", [org, user])
    conn.execute("select set_config('request.jwt.claims', %s, false)",
                 [json.dumps({"org_id": str(org), "org_role": "owner", "role": "wellflow_user"})])
    conn.execute("""insert into app.companies (organization_id, name, roles, state_operator_numbers)
                    values (%s, 'Bench Operating', '{operator}', '{"NM-OCD-OGRID": "371204"}')""", [org])
    conn.execute("""
        insert into app.leases (organization_id, lease_number, name, state_code, county_code, gross_acres, net_acres,
                                lease_type, ocd_property_code)
        select %s, 'NM-' || n, 'Lease ' || n, '30', case when n %% 2 = 0 then '025' else '015' end, 640, 640,
               'state', 300000 + n
          from generate_series(1, %s) n""", [org, (wells + PARTNER_WELLS) // 4 + 1])
    conn.execute("""
        insert into app.wells (organization_id, well_number, name, lease_id, operator_company_id, status, offshore,
                               first_production_date, operated)
        select %(org)s, '30' || l.county_code || lpad(n::text, 5, '0') || '0000', 'Well ' || lpad(n::text, 5, '0'), l.id,
               c.id, 'producing', false, '2020-01-01', n <= %(wells)s
          from generate_series(1, %(total)s) n
          join app.leases l on l.organization_id = %(org)s and l.lease_number = 'NM-' || (1 + (n - 1) / 4)
          join app.companies c on c.organization_id = %(org)s and c.name = 'Bench Operating'""",
                 {"org": org, "wells": wells, "total": wells + PARTNER_WELLS})
    # Every tenth well is completed in two pools, 60/40; the others in one.
    conn.execute("""
        insert into app.well_completions (organization_id, well_id, completion_code, ocd_pool_code, production_share)
        select %s, w.id, c.code, c.pool, case when w.n %% 10 = 0 then c.dual_share else 1 end
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %s) w
          join (values ('1', 96210, 0.6), ('2', 97565, 0.4)) c (code, pool, dual_share)
            on c.code = '1' or w.n %% 10 = 0""", [org, org])
    conn.execute("""
        insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on)
        select %s, w.id, d::date, 40 + w.n %% 60, 120 + w.n %% 200, 30, 24
          from (select id, row_number() over (order by id) as n from app.wells where organization_id = %s) w
         cross join generate_series(%s::date, %s::date + 29, interval '1 day') d""", [org, org, MONTH, MONTH])
    conn.execute("analyze")
    return org, user


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--wells", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    url = ops.with_database(TARGETS[args.target], "wellflow_bench_report")
    worker_password = secrets.token_urlsafe(16)
    ops.recreate_database(url)
    ops.deploy(url)
    ops.provision(url, secrets.token_urlsafe(48), secrets.token_urlsafe(16), worker_password)
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        org, user = build(conn, args.wells)
        built = time.perf_counter() - started
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()
    with psycopg.connect(url) as conn:
        conn.execute("select set_config('request.jwt.claims', %s, false)",
                     [json.dumps({"org_id": str(org), "org_role": "engineer", "role": "wellflow_user",
                                  "sub": str(user)})])
        conn.execute("set role wellflow_user")
        report = conn.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', %s)", [MONTH]).fetchone()[0]
        conn.commit()
    logs = ROOT / ".wellflow" / "bench-report"
    logs.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    worker = start_process([sys.executable, "-m", "procrastinate_tasks.worker", "--queues", "reports"],
                           {"WELLFLOW_WORKER_URL": ops.role_url(url, "wellflow_worker", worker_password), "SMTP_PORT": "9"},
                           logs / "worker.log")
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            status_sql = "select status::text from app.regulatory_reports where id = %s"
            while conn.execute(status_sql, [report]).fetchone()[0] == "generating":
                if time.perf_counter() - started > 300:
                    raise SystemExit("the report was not generated within 300 s; see " + str(logs / "worker.log"))
                time.sleep(0.05)
            seconds = time.perf_counter() - started
            status = conn.execute("select status::text from app.regulatory_reports where id = %s", [report]).fetchone()[0]
            files = conn.execute("select format, byte_size from app.regulatory_report_files where report_id = %s"
                                 " order by format", [report]).fetchall()
            content = conn.execute("select convert_from(content, 'UTF8') from app.regulatory_report_files"
                                   " where report_id = %s and format = 'csv'", [report]).fetchone()[0]
            # The production section: the lines after its title and header, up to the blank line before injection.
            csv_lines = content.split("\n\n")[0].count("\n") - 1
            completions = conn.execute("select count(*) from app.well_completions c join app.wells w"
                                       " on w.organization_id = c.organization_id and w.id = c.well_id"
                                       " where w.organization_id = %s and w.operated", [org]).fetchone()[0]
    finally:
        stop_process(worker)
    assert status == "generated", status
    assert csv_lines == completions, f"{csv_lines} lines on the C-115, expected the {completions} operated completions"

    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}")
    print(f"{args.wells:,} operated New Mexico wells ({completions:,} completions; and {PARTNER_WELLS} a partner operates) "
          f"with 30 days of production; "
          f"built in {built:.0f} s. Files: " + ", ".join(f"{fmt} {size / 1e3:,.0f} kB" for fmt, size in files) + ".\n")
    print("| step | seconds | target | result |\n|---|---|---|---|")
    print(f"| C-115 from request to files stored, one worker (start included) | {seconds:.2f} | ≤ {REPORT_TARGET:.0f} s | "
          f"{'met' if seconds <= REPORT_TARGET else '**missed**'} |")
    if not args.keep:
        ops.drop_database(url)


if __name__ == "__main__":
    main()
