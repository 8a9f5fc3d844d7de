"""Production validation: after every import or edit (enqueued by SQL in the same transaction),
check the touched well-months and record what looks wrong in app.data_quality_issues."""

from __future__ import annotations


from procrastinate_tasks.app import app, retry_strategy, tenant_transaction


@app.task(name="production__validate", queue="validation", retry=retry_strategy(5))
async def validate_production(organization_id: str) -> int:
    """Validates the organization's queued well-months. Idempotent: findings are upserted and
    issues that no longer hold are resolved; an empty queue does nothing."""
    async with tenant_transaction(organization_id) as conn:
        (found,) = await (await conn.execute("select app.validate_production()")).fetchone()
        return found
