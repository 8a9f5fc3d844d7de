"""Finance housekeeping: AFE elections whose period ended are closed, silence counting as
non-consent, so an operation is approved (or rejected) without anyone having to ask."""

from __future__ import annotations

from procrastinate_tasks.app import app, tenant_transaction
from procrastinate_tasks.compliance import active_organizations


@app.periodic(cron="11 * * * *", periodic_id="afes__close_elections")
@app.task(name="afes__close_elections", queue="notifications", queueing_lock="afes__close_elections")
async def close_elections(timestamp: int) -> int:
    """Closes, in every organization, the elections of submitted AFEs whose election period has ended."""
    closed = 0
    for organization_id in await active_organizations():
        async with tenant_transaction(organization_id) as conn:
            (count,) = await (await conn.execute("select app.close_afe_elections(null)")).fetchone()
            closed += count
    return closed
