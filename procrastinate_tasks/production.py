"""Production housekeeping: monthly partitions ahead of time on the native-partitioning path."""

from __future__ import annotations

import psycopg

from procrastinate_tasks.app import CONNECTION_OPTIONS, app, worker_url

MONTHS_AHEAD = 12


@app.periodic(cron="7 2 * * *", periodic_id="production__ensure_partitions")
@app.task(queue="validation", name="production__ensure_partitions", queueing_lock="production__ensure_partitions")
async def ensure_partitions(timestamp: int) -> int:
    """Creates the monthly partitions of app.production for this month and the next twelve, so a
    single-day POST never lands in the default partition. A no-op on TimescaleDB (chunks)."""
    async with await psycopg.AsyncConnection.connect(worker_url(), options=CONNECTION_OPTIONS) as conn:
        cursor = await conn.execute(
            "select app.ensure_production_partitions(current_date, (current_date + make_interval(months => %s))::date)",
            [MONTHS_AHEAD])
        (created,) = await cursor.fetchone()
        return created
