"""Compliance reminders: the daily scan fans out one job per organization, which e-mails owners
and admins as each reminder lead time before a filing deadline arrives."""

from __future__ import annotations

import json

import psycopg

from procrastinate_tasks.app import CONNECTION_OPTIONS, app, retry_strategy, tenant_transaction, worker_url


async def active_organizations() -> list[str]:
    async with await psycopg.AsyncConnection.connect(worker_url(), options=CONNECTION_OPTIONS) as conn:
        return [str(row[0]) for row in await (await conn.execute("select app.active_organization_ids()")).fetchall()]


async def owners_and_admins(conn) -> tuple[str, list[str]]:
    """The current organization's name and the addresses of its active owners and admins."""
    (name,) = await (await conn.execute(
        "select name from app.organizations where id = app.current_organization_id()")).fetchone()
    rows = await (await conn.execute(
        "select u.email from app.memberships m join app.users u on u.id = m.user_id"
        " where m.organization_id = app.current_organization_id() and m.status = 'active'"
        " and m.org_role in ('owner', 'admin') order by u.email")).fetchall()
    return name, [row[0] for row in rows]


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
            "select * from (select o.schedule_id, o.period, o.agency, o.form, o.title, o.deadline, o.due_date,"
            "       o.rolled_over, o.status::text, o.report_status::text, o.days_until_due,"
            "       array(select lead from unnest(o.reminder_days) lead where o.days_until_due <= lead"
            "             and not exists (select from app.compliance_reminders r where r.schedule_id = o.schedule_id"
            "                               and r.period = o.period and r.lead_days = lead)) as leads"
            "  from app.compliance_obligations(current_date) o where o.status in ('due', 'overdue')) due"
            " where cardinality(due.leads) > 0")).fetchall()
        if rows:
            organization_name, recipients = await owners_and_admins(conn)
        for (schedule_id, period, agency, form, title, deadline, due_date, rolled_over, status, report_status,
             days_until_due, leads) in rows:
            context = {"organization_name": organization_name, "agency": agency, "form": form, "title": title,
                       "period": f"{period:%Y-%m}", "deadline": deadline.isoformat(), "due_date": due_date.isoformat(),
                       "rolled_over": rolled_over, "status": status, "report_status": report_status,
                       "days_until_due": days_until_due}
            for address in recipients:
                await conn.execute("select app.queue_email(app.current_organization_id(), %s, 'compliance_reminder', %s)",
                                   [address, json.dumps(context)])
            await conn.execute(
                "insert into app.compliance_reminders (organization_id, schedule_id, period, lead_days)"
                " select distinct app.current_organization_id(), %s::uuid, %s::date, lead from unnest(%s::integer[]) lead"
                " on conflict do nothing",
                [schedule_id, period, leads])
            sent += 1
    return sent
