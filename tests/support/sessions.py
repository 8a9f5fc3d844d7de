"""Becoming a tenant's user or a tenant's worker inside the current transaction, as PostgREST and
the worker do, and connecting as an analyst login. conftest re-exports both, so tests may import them from either place."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import psycopg

from wellflow_cli import db as ops

if TYPE_CHECKING:
    from conftest import Tenant


def act_as(conn: psycopg.Connection, tenant: Tenant, role: str = "owner") -> None:
    """Inside the current transaction, become the tenant's user as PostgREST would."""
    conn.execute("select tests.authenticate_as(%s, %s)", [tenant.users[role], tenant.id])


def act_as_worker(conn: psycopg.Connection, tenant: Tenant) -> None:
    """Inside the current transaction, become the worker running a job of the tenant, as
    procrastinate_tasks.app.tenant_transaction does."""
    conn.execute("select set_config('request.jwt.claims', %s, true)",
                 [json.dumps({"role": "wellflow_worker", "org_id": str(tenant.id), "org_role": "worker"})])
    conn.execute("set local role wellflow_worker")


def connect_as_analyst(database_url: str, login: dict) -> psycopg.Connection:
    """A connection of an analyst login ({role_name, password}, as auth.create_analyst_login answers),
    made the way docs/analysts.md tells an analyst to connect."""
    return psycopg.connect(ops.role_url(database_url, login["role_name"], login["password"]), connect_timeout=5)
