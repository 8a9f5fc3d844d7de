"""Database operations for the ``wellflow`` command line, the test suite and the benchmarks:
Sqitch deploy/revert/verify/status, deploy-time provisioning of secrets, building a database
from the declarative manifest sql/schema.sql, the migra drift check, and generating the
baseline migration from the manifest."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import procrastinate
import psycopg
from psycopg import sql

from wellflow_cli.settings import ROOT

MIGRATIONS = ROOT / "migrations"
DECLARATIVE = ROOT / "sql"
MANIFEST = DECLARATIVE / "schema.sql"
BASELINE = MIGRATIONS / "deploy" / "baseline.sql"
PROCRASTINATE_SCHEMA = Path(procrastinate.__file__).parent / "sql" / "schema.sql"
INCLUDE = re.compile(r"^\\ir\s+(\S+)\s*$")
# Reference data is CSV beside its table, loaded with psql's \copy relative to sql/.
COPY_FILE = re.compile(r"^\\copy\s+(.+?)\s+from\s+'([^']+)'\s+with\s+\((.*)\)\s*$", re.MULTILINE)


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


def plan_tags() -> list[str]:
    """Tag names (without @) in plan order."""
    return [m.group(1) for line in (MIGRATIONS / "sqitch.plan").read_text().splitlines()
            if (m := re.match(r"^@(\S+)\s", line))]


def sqitch_target(url: str) -> str:
    """Sqitch wants db:pg://user@host:port/db."""
    return "db:" + url.replace("postgresql://", "pg://", 1).replace("postgres://", "pg://", 1)


def sqitch(command: str, url: str, *extra: str) -> str:
    """Runs Sqitch. Every change waits at most WELLFLOW_DEPLOY_LOCK_TIMEOUT (10 s) for a lock, so a
    deploy behind a long transaction fails with "lock timeout" (run it again) instead of queueing
    every request behind its own lock request."""
    args = ["sqitch", command, *extra]
    if command in ("deploy", "rebase"):
        args += ["--set", f"procrastinate_schema_file={PROCRASTINATE_SCHEMA}"]
    args.append(sqitch_target(url))
    lock_timeout = os.environ.get("WELLFLOW_DEPLOY_LOCK_TIMEOUT", "10s")
    env = dict(os.environ, PGOPTIONS=f"{os.environ.get('PGOPTIONS', '')} -c lock_timeout={lock_timeout}".strip())
    result = subprocess.run(args, cwd=MIGRATIONS, capture_output=True, text=True, env=env)
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


def deployed_changes(url: str) -> list[str] | None:
    """The changes Sqitch has recorded in the database, or None when it never deployed there."""
    with psycopg.connect(url) as conn:
        if not conn.execute("select to_regclass('sqitch.changes')").fetchone()[0]:
            return None
        return [row[0] for row in conn.execute(
            "select change from sqitch.changes where project = 'wellflow' order by committed_at")]


def check_deployable(url: str) -> None:
    """Refuses, with what to do, a database deployed from a plan this repository no longer has
    (the changes that the baseline replaced): Sqitch would otherwise fail on a missing change."""
    deployed = deployed_changes(url)
    if not deployed:
        return
    unknown = [change for change in deployed if change not in plan_changes()]
    if unknown:
        raise OpsError(
            f"database {database_name(url)} was deployed from an older migration plan "
            f"({len(unknown)} changes this plan does not have, e.g. {', '.join(unknown[:3])}).\n"
            "Those changes were squashed into the 'baseline' change, so this database cannot be upgraded in place: "
            "re-create it once (back up any data you need, drop the database, then run `scripts/wellflow db deploy`).")


def deploy(url: str, to: str | None = None) -> str:
    ensure_database(url)
    check_deployable(url)
    return sqitch("deploy", url, *(["--to", to] if to else []))


def manifest_files(manifest: Path = MANIFEST) -> list[Path]:
    """The files sql/schema.sql includes, in load order."""
    files = []
    for number, line in enumerate(manifest.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("--"):
            continue
        match = INCLUDE.match(line)
        if not match:
            raise OpsError(f"{manifest.relative_to(ROOT)}:{number}: only \\ir lines and comments belong here")
        files.append((manifest.parent / match.group(1)).resolve())
    return files


def build_declarative(url: str) -> None:
    """Builds a fresh database from the manifest, in one transaction."""
    recreate_database(url)
    result = subprocess.run(
        ["psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-1",
         "-v", f"procrastinate_schema_file={PROCRASTINATE_SCHEMA}", "-f", str(MANIFEST), url],
        capture_output=True, text=True, cwd=DECLARATIVE)
    if result.returncode != 0:
        raise OpsError(f"sql/schema.sql failed:\n{result.stderr}")


BASELINE_HEADER = """\
-- Deploy wellflow:baseline to pg
--
-- GENERATED from sql/schema.sql by `scripts/wellflow db baseline`: do not edit.
-- It is the declarative schema as the files listed in the manifest state it, in load order,
-- one transaction. Regenerate it only while no database outside development runs this plan
-- (once deployed anywhere, the schema changes through delta changes instead; see
-- docs/conventions.md).
"""


def inline_copy(match: re.Match) -> str:
    """A \\copy of a CSV file under sql/ becomes COPY FROM STDIN with the file's rows inline,
    so the baseline carries the reference data it was generated with."""
    table, file, options = match.groups()
    data = (DECLARATIVE / file).read_text()
    return f"copy {table} from stdin with ({options});\n{data}{'' if data.endswith(chr(10)) else chr(10)}\\.\n"


def render_baseline() -> str:
    parts = [BASELINE_HEADER, "begin;\n"]
    for path in manifest_files():
        parts.append(f"\n-- ===== sql/{path.relative_to(DECLARATIVE)} =====\n")
        body = path.read_text()
        if any(INCLUDE.match(line) for line in body.splitlines()):
            raise OpsError(f"{path.relative_to(ROOT)} includes another file: only sql/schema.sql may")
        body = COPY_FILE.sub(inline_copy, body)
        parts.append(body if body.endswith("\n") else body + "\n")
    parts.append("\ncommit;\n")
    return "".join(parts)


def write_baseline(check: bool = False) -> bool:
    """Writes migrations/deploy/baseline.sql; with check, only says whether it is current."""
    rendered = render_baseline()
    current = BASELINE.read_text() if BASELINE.exists() else None
    if check:
        return current == rendered
    BASELINE.write_text(rendered)
    return True


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wellflow db", description=__doc__)
    parser.add_argument("command", choices=["deploy", "revert", "verify", "status", "diff", "provision", "baseline",
                                            "backup", "restore"])
    parser.add_argument("file", nargs="?", type=Path, help="backup/restore: the pg_dump custom-format file")
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--check", action="store_true", help="baseline: exit 1 unless the file is current")
    args = parser.parse_intermixed_args(argv)
    if args.command != "baseline" and not args.url:
        parser.error("--url (or DATABASE_URL) is required")
    try:
        if args.command in ("backup", "restore"):
            from wellflow_cli import backup
            if args.file is None:
                parser.error(f"{args.command} needs a FILE")
            if args.command == "backup":
                seconds = backup.backup(args.url, args.file)
                print(f"backed up {database_name(args.url)} to {args.file} "
                      f"({args.file.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s)")
            else:
                seconds = backup.restore(args.url, args.file)
                print(f"restored {args.file} into {database_name(args.url)} ({seconds:.1f} s)")
        elif args.command == "deploy":
            print(deploy(args.url), end="")
        elif args.command in ("revert", "verify", "status"):
            print(sqitch(args.command, args.url, *(["-y"] if args.command == "revert" else [])), end="")
        elif args.command == "provision":
            provision(args.url, os.environ["WELLFLOW_JWT_SECRET"],
                      os.environ.get("WELLFLOW_AUTHENTICATOR_PASSWORD"), os.environ.get("WELLFLOW_WORKER_PASSWORD"))
        elif args.command == "baseline":
            if args.check:
                if not write_baseline(check=True):
                    print("migrations/deploy/baseline.sql is not what sql/schema.sql generates: "
                          "run `scripts/wellflow db baseline`", file=sys.stderr)
                    return 1
                print("migrations/deploy/baseline.sql matches sql/schema.sql")
            else:
                write_baseline()
                print(f"wrote {BASELINE.relative_to(ROOT)} from {MANIFEST.relative_to(ROOT)}"
                      f" ({len(manifest_files())} files)")
        else:
            declarative_url = with_database(args.url, database_name(args.url) + "_declarative")
            build_declarative(declarative_url)
            difference = drift(args.url, declarative_url)
            drop_database(declarative_url)
            if difference:
                print(difference)
                print("drift: the migrations and sql/ disagree (above: what would turn the migrated database into sql/;"
                      " review it and save it as a delta change)", file=sys.stderr)
                return 1
            print("no drift: the migrated database matches sql/")
    except OpsError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
