"""Database operations shared by the ``wellflow`` command line, the test suite and the
benchmarks: deploy/revert/verify through Sqitch, deploy-time provisioning of secrets, building
a database from the declarative ``sql/`` files, the migra drift check, and running the
PostgREST/nginx processes."""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import procrastinate
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"
DECLARATIVE = ROOT / "sql"
PROCRASTINATE_SCHEMA = Path(procrastinate.__file__).parent / "sql" / "schema.sql"


class OpsError(RuntimeError):
    """A database operation failed; the message says which and why."""


def plan_changes() -> list[str]:
    """Change names in deployment order, as sqitch.plan lists them."""
    changes = []
    for line in (MIGRATIONS / "sqitch.plan").read_text().splitlines():
        match = re.match(r"^([a-z_][a-z0-9_]*)\s", line)
        if match:
            changes.append(match.group(1))
    return changes


def sqitch_target(url: str) -> str:
    """Sqitch wants db:pg://user@host:port/db."""
    return "db:" + url.replace("postgresql://", "pg://", 1).replace("postgres://", "pg://", 1)


def sqitch(command: str, url: str, *extra: str) -> str:
    args = ["sqitch", command, *extra]
    if command in ("deploy", "rebase"):
        args += ["--set", f"procrastinate_schema_file={PROCRASTINATE_SCHEMA}"]
    args.append(sqitch_target(url))
    result = subprocess.run(args, cwd=MIGRATIONS, capture_output=True, text=True)
    if result.returncode != 0:
        raise OpsError(f"sqitch {command} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database))


def role_url(url: str, role: str, password: str | None = None) -> str:
    """The same server and database as url, logging in as role."""
    parts = urlsplit(url)
    credentials = role if password is None else f"{role}:{quote(password, safe='')}"
    return urlunsplit(parts._replace(netloc=f"{credentials}@{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate_database(url: str, template: str | None = None) -> None:
    """Drops and creates the database named in url (connecting to 'postgres')."""
    drop_database(url)
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        if template:
            conn.execute(sql.SQL("create database {} template {}").format(
                sql.Identifier(name), sql.Identifier(template)))
        else:
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def seal_template(url: str) -> None:
    """Makes url a template nobody connects to, so clones never meet 'being accessed by
    other users' (TimescaleDB's scheduler connects to every database that allows it)."""
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("alter database {} with allow_connections false").format(
            sql.Identifier(name)))
        conn.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                     " where datname = %s and pid <> pg_backend_pid()", [name])


def drop_database(url: str) -> None:
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(database_name(url))))


def ensure_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def provision(url: str, jwt_secret: str, authenticator_password: str | None = None,
              worker_password: str | None = None) -> None:
    """Deploy-time secrets: never in git, never in a migration."""
    if len(jwt_secret) < 32:
        raise OpsError("the JWT secret needs at least 32 characters (PostgREST refuses shorter ones)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("select auth.set_jwt_secret(%s)", [jwt_secret])
        for role, password in (("wellflow_authenticator", authenticator_password),
                               ("wellflow_worker", worker_password)):
            if password:
                conn.execute(sql.SQL("alter role {} password {}").format(
                    sql.Identifier(role), sql.Literal(password)))


def deploy(url: str) -> str:
    ensure_database(url)
    return sqitch("deploy", url)


def build_declarative(url: str) -> None:
    """Builds a fresh database from sql/ in plan order, each file in its own transaction."""
    recreate_database(url)
    for change in plan_changes():
        path = DECLARATIVE / f"{change}.sql"
        result = subprocess.run(
            ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-1",
             "-v", f"procrastinate_schema_file={PROCRASTINATE_SCHEMA}", "-f", str(path), url],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise OpsError(f"sql/{change}.sql failed:\n{result.stderr}")


def drift(migrated_url: str, declarative_url: str) -> str:
    """SQL that would turn the migrated database into the declarative one ('' = no drift)."""
    def sqlalchemy_url(url: str) -> str:
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg2://", url)

    result = subprocess.run(
        [str(Path(sys.executable).parent / "migra"), "--unsafe", "--with-privileges",
         "--exclude_schema", "sqitch",
         sqlalchemy_url(migrated_url), sqlalchemy_url(declarative_url)],
        capture_output=True, text=True)
    if result.returncode not in (0, 2):
        raise OpsError(f"migra failed:\n{result.stderr}")
    return result.stdout.strip()


def enqueue_reminder_jobs(url: str, count: int, label: str) -> tuple[list, list[int]]:
    """A batch of real jobs for the worker tests and the throughput benchmark: `count` new
    organizations, each with a C-115 schedule whose last two months are inside its 90-day reminder
    window, and one compliance__remind job each. Returns (organization ids, job ids)."""
    with psycopg.connect(url, autocommit=True) as conn:
        organizations = [row[0] for row in conn.execute(
            "insert into app.organizations (name, slug)"
            " select %s::text || ' ' || n, lower(%s::text) || '-' || n"
            " from generate_series(1, %s) n returning id", [label, label, count]).fetchall()]
        conn.execute("insert into app.compliance_schedules (organization_id, agency, form, first_period, reminder_days)"
                     " select o, 'NM-OCD', 'C-115', (date_trunc('month', current_date) - interval '1 month')::date,"
                     " '{90}' from unnest(%s::uuid[]) o", [organizations])
        jobs = [row[0] for row in conn.execute(
            "select app.defer_job('notifications', 'compliance__remind', jsonb_build_object('organization_id', o))"
            " from unnest(%s::uuid[]) o", [organizations]).fetchall()]
    return organizations, jobs


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - anything short of success means "not yet"
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def start_process(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A child in its own process group (so stop_process reaches its children), output to log."""
    handle = open(log, "wb")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(args, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT,
                            cwd=ROOT, start_new_session=True)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wellflow db", description=__doc__)
    parser.add_argument("command", choices=["deploy", "revert", "verify", "status", "diff", "provision"])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"), required=not os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    try:
        if args.command == "deploy":
            print(deploy(args.url), end="")
        elif args.command in ("revert", "verify", "status"):
            print(sqitch(args.command, args.url, *(["-y"] if args.command == "revert" else [])), end="")
        elif args.command == "provision":
            provision(args.url, os.environ["WELLFLOW_JWT_SECRET"],
                      os.environ.get("WELLFLOW_AUTHENTICATOR_PASSWORD"), os.environ.get("WELLFLOW_WORKER_PASSWORD"))
        else:
            declarative_url = with_database(args.url, database_name(args.url) + "_declarative")
            build_declarative(declarative_url)
            difference = drift(args.url, declarative_url)
            drop_database(declarative_url)
            if difference:
                print(difference)
                print("drift: the migrations and sql/ disagree (above: what would turn the migrated database into sql/)",
                      file=sys.stderr)
                return 1
            print("no drift: the migrated database matches sql/")
    except OpsError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
