"""Analyst logins for DBAs: `scripts/wellflow analyst add|list|revoke` against DATABASE_URL (a superuser).

The same functions as the API's /rpc/create_analyst_login and /rpc/revoke_analyst_login do the work
(auth.create_analyst_login, auth.revoke_analyst_login), so a login made here is the same kind of login."""

from __future__ import annotations

import argparse
import json
import os
import sys
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg


def problem(error: psycopg.Error) -> str:
    """A WellFlow rule's {code, message, hint} as one line; other errors as PostgreSQL words them."""
    if error.sqlstate == "PGRST":
        body = json.loads(error.diag.message_primary)
        return f"{body['code']}: {body['message']}" + (f" ({body['hint']})" if body.get("hint") else "")
    return str(error).strip()


def connection_string(url: str, login: dict) -> str:
    """The analyst's own URL: the server and database of url, and nothing else of the DBA's."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", f"{quote(login['role_name'], safe='')}:{quote(login['password'], safe='')}"
                       f"@{parts.hostname or '127.0.0.1'}:{parts.port or 5432}", parts.path, "", ""))


def add(conn: psycopg.Connection, url: str, slug: str, name: str, connection_limit: int) -> None:
    organization = conn.execute("select id from app.organizations where slug = %s", [slug]).fetchone()
    if organization is None:
        raise SystemExit(f"error: no organization has the slug {slug!r} (see: select slug from app.organizations)")
    login = conn.execute("select auth.create_analyst_login(%s, %s, %s)",
                         [organization[0], name, connection_limit]).fetchone()[0]
    print(f"role_name: {login['role_name']}")
    print(f"password: {login['password']}")
    print(f"connection string (the password is shown only now): {connection_string(url, login)}")
    print("docs/analysts.md explains how to connect and what to read.")


def show(conn: psycopg.Connection, slug: str | None) -> None:
    rows = conn.execute("""
        select o.slug, a.role_name, r.rolconnlimit,
               (select count(*) from pg_stat_activity s where s.usename = a.role_name), a.created_at
          from auth.analyst_organizations a
          join pg_roles r on r.oid = a.role_id
          join app.organizations o on o.id = a.organization_id
         where %(slug)s::text is null or o.slug = %(slug)s
         order by o.slug, a.role_name""", {"slug": slug}).fetchall()
    print(f"{'organization':<40} {'role_name':<63} {'limit':>5} {'open':>4}  created_at")
    for row in rows:
        print(f"{row[0]:<40} {row[1]:<63} {row[2]:>5} {row[3]:>4}  {row[4]:%Y-%m-%d %H:%M}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wellflow analyst", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    adding = commands.add_parser("add", help="create a login for an organization and print its password once")
    adding.add_argument("organization", help="the organization's slug")
    adding.add_argument("name", help="1-30 lower-case letters, digits or underscores")
    adding.add_argument("--connection-limit", type=int, default=3)
    listing = commands.add_parser("list", help="every analyst login, or one organization's")
    listing.add_argument("organization", nargs="?")
    revoking = commands.add_parser("revoke", help="drop a login (its full role_name) and end its sessions")
    revoking.add_argument("role_name")
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("--url (or DATABASE_URL) is required")
    try:
        with psycopg.connect(args.url, autocommit=True) as conn:
            if args.command == "add":
                add(conn, args.url, args.organization, args.name, args.connection_limit)
            elif args.command == "list":
                show(conn, args.organization)
            else:
                result = conn.execute("select auth.revoke_analyst_login(null, %s)", [args.role_name]).fetchone()[0]
                print(f"revoked {result['role_name']} ({result['sessions_ended']} open session(s) ended)")
    except psycopg.Error as error:
        print(f"error: {problem(error)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
