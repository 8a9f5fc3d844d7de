"""Periodic work: the daily compliance scan (reminders before filing deadlines), alerts for jobs
that ran out of attempts, and recovery of jobs left running by a worker that died."""

from __future__ import annotations

import json
import logging
import os

import psycopg

from procrastinate_tasks.app import CONNECTION_OPTIONS, app, retry_strategy, tenant_transaction, worker_url

logger = logging.getLogger(__name__)


async def active_organizations() -> list[str]:
    async with await psycopg.AsyncConnection.connect(worker_url(), options=CONNECTION_OPTIONS) as conn:
        return [str(row[0]) for row in await (await conn.execute("select app.active_organization_ids()")).fetchall()]


async def admin_addresses(conn) -> list[str]:
    rows = await (await conn.execute(
        "select u.email from app.memberships m join app.users u on u.id = m.user_id"
        " where m.organization_id = app.current_organization_id() and m.status = 'active'"
        " and m.org_role in ('owner', 'admin') order by u.email")).fetchall()
    return [row[0] for row in rows]


@app.periodic(cron="0 6 * * *", periodic_id="compliance__scan")
@app.task(name="compliance__scan", queue="notifications", queueing_lock="compliance__scan")
async def scan(timestamp: int) -> int:
    """Fans out one reminder job per active organization."""
    organizations = await active_organizations()
    for organization_id in organizations:
        await remind.configure(queueing_lock=f"compliance__remind:{organization_id}").defer_async(
            organization_id=organization_id)
    return len(organizations)


@app.task(name="compliance__remind", queue="notifications", retry=retry_strategy(5))
async def remind(organization_id: str) -> int:
    """E-mails owners and admins about obligations that entered a reminder window. Idempotent:
    each (schedule, month, lead time) is recorded in app.compliance_reminders once."""
    sent = 0
    async with tenant_transaction(organization_id) as conn:
        rows = await (await conn.execute(
            "select o.schedule_id, o.period, o.agency, o.form, o.title, o.deadline, o.due_date, o.rolled_over,"
            "       o.status::text, o.report_status::text, o.days_until_due,"
            "       array(select lead from unnest(o.reminder_days) lead where o.days_until_due <= lead"
            "             and not exists (select from app.compliance_reminders r where r.schedule_id = o.schedule_id"
            "                               and r.period = o.period and r.lead_days = lead)) as leads,"
            "       (select name from app.organizations where id = app.current_organization_id())"
            "  from app.compliance_obligations(current_date) o"
            " where o.status in ('due', 'overdue')")).fetchall()
        recipients = await admin_addresses(conn) if rows else []
        for (schedule_id, period, agency, form, title, deadline, due_date, rolled_over, status, report_status,
             days_until_due, leads, organization_name) in rows:
            if not leads:
                continue
            context = {"organization_name": organization_name, "agency": agency, "form": form, "title": title,
                       "period": f"{period:%Y-%m}", "deadline": deadline.isoformat(), "due_date": due_date.isoformat(),
                       "rolled_over": rolled_over, "status": status, "report_status": report_status,
                       "days_until_due": days_until_due}
            for address in recipients:
                await conn.execute("select app.queue_email(app.current_organization_id(), %s, 'compliance_reminder', %s)",
                                   [address, json.dumps(context)])
            await conn.execute(
                "insert into app.compliance_reminders (organization_id, schedule_id, period, lead_days)"
                " select app.current_organization_id(), %s, %s, lead from unnest(%s::integer[]) lead",
                [schedule_id, period, leads])
            sent += 1
    return sent


@app.periodic(cron="*/5 * * * *", periodic_id="jobs__alert_failures")
@app.task(name="jobs__alert_failures", queue="notifications", queueing_lock="jobs__alert_failures")
async def alert_failures(timestamp: int) -> int:
    """E-mails each organization's owners and admins once about every job that ran out of attempts."""
    alerted = 0
    for organization_id in await active_organizations():
        async with tenant_transaction(organization_id) as conn:
            failed = await (await conn.execute(
                "select j.id, j.queue_name, j.task_name, j.attempts,"
                "       (select e.error from app.job_errors e where e.job_id = j.id order by e.occurred_at desc limit 1),"
                "       (select name from app.organizations where id = app.current_organization_id())"
                "  from procrastinate.procrastinate_jobs j"
                " where j.status = 'failed' and j.args ->> 'organization_id' = app.current_organization_id()::text"
                "   and not exists (select from app.job_alerts a where a.job_id = j.id)"
                " order by j.id")).fetchall()
            recipients = await admin_addresses(conn) if failed else []
            for job_id, queue_name, task_name, attempts, last_error, organization_name in failed:
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
