"""Job housekeeping: alerts for jobs that ran out of attempts, recovery of jobs left running by
a worker that died, and removal of old finished jobs."""

from __future__ import annotations

import json
import logging
import os

from procrastinate import builtin_tasks

from procrastinate_tasks.app import app, tenant_transaction
from procrastinate_tasks.compliance import active_organizations, owners_and_admins

logger = logging.getLogger(__name__)
KEEP_FINISHED_HOURS = 24 * 7


@app.periodic(cron="*/5 * * * *", periodic_id="jobs__alert_failures")
@app.task(name="jobs__alert_failures", queue="notifications", queueing_lock="jobs__alert_failures")
async def alert_failures(timestamp: int) -> int:
    """E-mails each organization's owners and admins once about every job that ran out of attempts."""
    alerted = 0
    for organization_id in await active_organizations():
        async with tenant_transaction(organization_id) as conn:
            failed = await (await conn.execute(
                "select j.id, j.queue_name, j.task_name, j.attempts,"
                "       (select e.error from app.job_errors e where e.job_id = j.id order by e.occurred_at desc limit 1)"
                "  from procrastinate.procrastinate_jobs j"
                " where j.status = 'failed' and j.args ->> 'organization_id' = app.current_organization_id()::text"
                "   and not exists (select from app.job_alerts a where a.job_id = j.id)"
                " order by j.id")).fetchall()
            if failed:
                organization_name, recipients = await owners_and_admins(conn)
            for job_id, queue_name, task_name, attempts, last_error in failed:
                context = {"organization_name": organization_name, "job_id": job_id, "queue_name": queue_name,
                           "task_name": task_name, "attempts": attempts, "last_error": last_error}
                for address in recipients:
                    await conn.execute("select app.queue_email(app.current_organization_id(), %s, 'job_failed', %s)",
                                       [address, json.dumps(context)])
                await conn.execute("insert into app.job_alerts (organization_id, job_id)"
                                   " values (app.current_organization_id(), %s)", [job_id])
                alerted += 1
    return alerted


def stalled_seconds() -> float:
    return float(os.environ.get("WELLFLOW_STALLED_SECONDS", "30"))


@app.periodic(cron="* * * * * */15", periodic_id="jobs__recover_stalled")
@app.task(name="jobs__recover_stalled", queue="validation", queueing_lock="jobs__recover_stalled")
async def recover_stalled(timestamp: int) -> int:
    """Jobs still 'doing' on a worker that stopped heartbeating (killed, crashed) go back to the
    queue; their tasks are idempotent, so running them again is safe."""
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds())
    for job in stalled:
        logger.warning("retrying job %s (%s) of a worker that stopped", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="17 3 * * *", periodic_id="jobs__remove_old")
@app.task(name="jobs__remove_old", queue="validation", queueing_lock="jobs__remove_old", pass_context=True)
async def remove_old_jobs(context, timestamp: int) -> None:
    """Deletes succeeded jobs older than a week (stalled-job checks alone add thousands a day).
    Failed jobs stay until an admin has seen and retried them."""
    await builtin_tasks.remove_old_jobs(context, max_hours=KEEP_FINISHED_HOURS)
