"""Logical backups: `scripts/wellflow db backup FILE` and `db restore FILE` (pg_dump's custom format).

The client tools must be of the server's major version; when the machine has none (the host's
PostgreSQL is 15, the TimescaleDB test cluster 17), the ones inside the PostgreSQL 17 chroot are
used. A restore goes into a new database: the cluster-wide roles are created first (sql/core/roles.sql,
idempotent), and on TimescaleDB the extension's pre- and post-restore steps bracket pg_restore."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from wellflow_cli.db import ROOT, OpsError, database_name, with_database

ROLES_SQL = ROOT / "sql" / "core" / "roles.sql"


def server_major(url: str, database: str = "postgres") -> int:
    with psycopg.connect(with_database(url, database), connect_timeout=10) as conn:
        return int(conn.execute("show server_version_num").fetchone()[0]) // 10000


# The connection goes to the tools through libpq's environment, never their command line, where
# every user of the machine could read a password in the process list.
LIBPQ_ENVIRONMENT = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
                     "dbname": "PGDATABASE", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
                     "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}


def run_client(tool: str, url: str, arguments: list[str], **streams) -> subprocess.CompletedProcess:
    """Runs a PostgreSQL client tool of the server's major version against url."""
    major = server_major(url)
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    environment |= {LIBPQ_ENVIRONMENT[k]: v for k, v in conninfo_to_dict(url).items() if k in LIBPQ_ENVIRONMENT}
    own = Path(f"/usr/lib/postgresql/{major}/bin/{tool}")
    chroot = Path(os.environ.get("WELLFLOW_PG17_CHROOT", ROOT / ".wellflow" / "pg17-chroot"))
    if own.exists():
        command = [str(own)]
    elif (chroot / str(own).lstrip("/")).exists():
        # A clean environment: the host's locale and PATH mean nothing inside the chroot.
        command = [shutil.which("chroot") or "/usr/sbin/chroot", str(chroot), str(own)]
    else:
        raise OpsError(f"no {tool} for PostgreSQL {major} here: install postgresql-client-{major}")
    return subprocess.run(command + arguments, env=environment, **streams)


def backup(url: str, file: Path) -> float:
    """Dumps the database to file (custom format); answers the seconds it took."""
    started = time.monotonic()
    partial = file.with_name(file.name + ".partial")
    # Owner-only: the dump holds every tenant's rows, password hashes and the JWT signing secret.
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        result = run_client("pg_dump", url, ["--format=custom", "--no-password"], stdout=out, stderr=subprocess.PIPE)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise OpsError(f"pg_dump failed:\n{result.stderr.decode(errors='replace')}")
    partial.rename(file)  # a file named FILE is always a whole dump
    return time.monotonic() - started


def restore(url: str, file: Path) -> float:
    """Restores file into the (new) database named in url; answers the seconds it took."""
    if not file.is_file():
        raise OpsError(f"no backup file {file}")
    started = time.monotonic()
    name = database_name(url)
    admin = with_database(url, "postgres")
    with open(file, "rb") as dump:
        listing = run_client("pg_restore", admin, ["--list"], stdin=dump, capture_output=True)
    if listing.returncode != 0:
        raise OpsError(f"{file} is not a pg_dump custom-format file:\n{listing.stderr.decode(errors='replace')}")
    timescale = b"EXTENSION - timescaledb" in listing.stdout
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            raise OpsError(f"database {name} exists: a restore goes into a new database "
                           "(drop it first, or name another database in DATABASE_URL)")
    roles = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(ROLES_SQL), admin],
                           capture_output=True, text=True)
    if roles.returncode != 0:
        raise OpsError(f"creating the roles failed:\n{roles.stderr}")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {} template template0").format(sql.Identifier(name)))
    try:
        if timescale:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("create extension if not exists timescaledb with schema public")
                conn.execute("select timescaledb_pre_restore()")
        with open(file, "rb") as dump:
            result = run_client("pg_restore", url, ["--exit-on-error", "--no-password", "--dbname", database_name(url)],
                                stdin=dump, capture_output=True)
        if result.returncode != 0:
            raise OpsError(f"pg_restore failed:\n{result.stderr.decode(errors='replace')}")
        with psycopg.connect(url, autocommit=True) as conn:
            if timescale:
                conn.execute("select timescaledb_post_restore()")
            conn.execute("analyze")
    except BaseException:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        raise
    return time.monotonic() - started
