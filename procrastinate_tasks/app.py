"""The Procrastinate app: one queue connection for the worker, tasks imported from this package."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator

import psycopg
from procrastinate import App, PsycopgConnector, RetryStrategy
from psycopg_pool import AsyncConnectionPool

QUEUES = ("validation", "forecasts", "reports", "notifications")


def worker_url() -> str:
    """The worker's own login (wellflow_worker, NOBYPASSRLS): never a superuser."""
    return os.environ.get("WELLFLOW_WORKER_URL", "postgresql://wellflow_worker@127.0.0.1:5432/wellflow")


def retry_strategy(max_attempts: int = 5) -> RetryStrategy:
    """Exponential backoff (base ** attempt seconds). WELLFLOW_JOB_ATTEMPTS and
    WELLFLOW_RETRY_BASE_SECONDS override the defaults, e.g. for a test that exhausts a job."""
    return RetryStrategy(max_attempts=int(os.environ.get("WELLFLOW_JOB_ATTEMPTS", max_attempts)),
                         exponential_wait=float(os.environ.get("WELLFLOW_RETRY_BASE_SECONDS", "2")))


# Procrastinate calls its SQL functions unqualified, so its schema leads the search_path.
CONNECTION_OPTIONS = "-c search_path=procrastinate,public"

app = App(
    connector=PsycopgConnector(
        conninfo=worker_url(),
        kwargs={"options": CONNECTION_OPTIONS},
        min_size=1,
        max_size=4,
    ),
    import_paths=["procrastinate_tasks.email", "procrastinate_tasks.production", "procrastinate_tasks.validation",
                  "procrastinate_tasks.reports", "procrastinate_tasks.compliance",
                  "procrastinate_tasks.housekeeping", "procrastinate_tasks.forecasts"],
)


# One small pool per event loop and database: a job borrows a connection instead of opening
# one (tests run tasks under several short-lived loops, hence the key).
_pools: dict[tuple[asyncio.AbstractEventLoop, str], AsyncConnectionPool] = {}


async def tenant_pool() -> AsyncConnectionPool:
    key = (asyncio.get_running_loop(), worker_url())
    pool = _pools.get(key)
    if pool is None:
        pool = AsyncConnectionPool(key[1], kwargs={"options": CONNECTION_OPTIONS}, min_size=1, max_size=4, open=False)
        await pool.open()
        _pools[key] = pool
    return pool


async def close_tenant_pools() -> None:
    """Closes the running loop's pools. A loop that ends with a pool open leaves the pool's
    background tasks to the loop's final cancellation, which can wait on them forever."""
    loop = asyncio.get_running_loop()
    for key in [key for key in _pools if key[0] is loop]:
        await _pools.pop(key).close()


@contextlib.asynccontextmanager
async def tenant_transaction(organization_id: str) -> AsyncIterator[psycopg.AsyncConnection]:
    """One transaction inside one organization's context: RLS scopes every statement to it. The
    claims are transaction-local, so the pooled connection carries nothing to the next job."""
    async with (await tenant_pool()).connection() as conn:
        async with conn.transaction():
            claims = json.dumps({"role": "wellflow_worker", "org_id": str(organization_id), "org_role": "worker"})
            await conn.execute("select set_config('request.jwt.claims', %s, true)", [claims])
            yield conn


async def record_errors(call_next, context, worker):
    """Worker middleware: the error of every failed attempt of a tenant's job is kept in
    app.job_errors, inside that tenant, so its admins see it next to the failed job."""
    try:
        return await call_next()
    except Exception as error:
        job = context.job
        organization_id = (job.task_kwargs or {}).get("organization_id")
        if organization_id:
            async with tenant_transaction(organization_id) as conn:
                await conn.execute(
                    "insert into app.job_errors (organization_id, job_id, task_name, attempt, error)"
                    " values (%s, %s, %s, %s, %s)",
                    [organization_id, job.id, job.task_name, job.attempts + 1, f"{type(error).__name__}: {error}"[:4000]])
        raise
