"""The jobs pipeline end to end: SQL enqueues in the same transaction, a real worker
process sends the welcome e-mail through SMTP to a local sink, the invitee accepts."""

import asyncio
import email
import re
import sys
import time

import httpx
import psycopg
import pytest

from conftest import free_port, start_process, stop_process


def text_part(message: email.message.Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


def test_invitation_mail_is_sent_by_the_worker_and_accepting_it_activates_the_account(
        stack, http_tenants, smtp_sink, worker_env, tmp_path):
    alpha, _ = http_tenants
    sink, port = smtp_sink
    invitee = f"new.hire.{time.time_ns()}@test.example"
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        invited = admin.post("/rpc/invite_member", json={"email": invitee, "full_name": "New Hire",
                                                         "org_role": "engineer"})
    assert invited.status_code == 200, invited.text
    with psycopg.connect(stack.db_url) as conn:
        jobs = conn.execute("select count(*) from procrastinate.procrastinate_jobs"
                            " where task_name = 'email_outbox__send' and args ->> 'organization_id' = %s",
                            [str(alpha.id)]).fetchone()[0]
    assert jobs >= 1, "the job was enqueued in the same transaction as the membership"

    worker = start_process([sys.executable, "-m", "procrastinate_tasks.worker"],
                           {**worker_env, "SMTP_PORT": str(port)}, tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 60
        while not any(m["To"] == invitee for m in sink.messages) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop_process(worker)
    mail = next((m for m in sink.messages if m["To"] == invitee), None)
    assert mail is not None, (tmp_path / "worker.log").read_text()
    assert mail["Subject"] == "Welcome to Alpha Operating on WellFlow"
    body = text_part(mail)
    assert "as engineer" in body
    token = re.search(r'"token": "([A-Za-z0-9_-]+)"', body).group(1)

    accepted = httpx.post(f"{stack.base_url}/rpc/accept_invitation",
                          json={"token": token, "password": "a-brand-new-password"})
    assert accepted.status_code == 200, accepted.text
    again = httpx.post(f"{stack.base_url}/rpc/accept_invitation",
                       json={"token": token, "password": "a-brand-new-password"})
    assert again.status_code == 400 and again.json()["code"] == "WF_INVITATION_INVALID"
    assert stack.login(invitee, "a-brand-new-password")

    with psycopg.connect(stack.db_url) as conn:
        status, context = conn.execute(
            "select o.status, o.context from app.email_outbox o where o.to_address = %s", [invitee]).fetchone()
    assert status == "sent" and "invitation_token" not in context


def test_weak_passwords_are_refused_when_accepting(stack, http_tenants):
    alpha, _ = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        user_id = conn.execute("insert into app.users (email, full_name) values (%s, 'Weak') returning id",
                               [f"weak.{time.time_ns()}@test.example"]).fetchone()[0]
        conn.execute("insert into auth.credentials (user_id) values (%s)", [user_id])
        token = conn.execute("select auth.issue_invitation_token(%s)", [user_id]).fetchone()[0]
    short = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token, "password": "short"})
    assert short.status_code == 400 and short.json()["code"] == "WF_WEAK_PASSWORD"
    assert short.json()["details"] == "password"
    long = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token, "password": "x" * 73})
    assert long.status_code == 400 and long.json()["code"] == "WF_PASSWORD_TOO_LONG"


def test_a_failed_delivery_is_recorded_and_raised_for_retry(stack, http_tenants, worker_env, monkeypatch):
    alpha, _ = http_tenants
    for key, value in {**worker_env, "SMTP_PORT": str(free_port())}.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.email import send_email

    with psycopg.connect(stack.db_url) as conn:
        outbox_id = conn.execute("select id from app.email_outbox where organization_id = %s and status = 'pending'"
                                 " limit 1", [alpha.id]).fetchone()[0]
    with pytest.raises(OSError):
        asyncio.run(send_email.func(organization_id=str(alpha.id), outbox_id=str(outbox_id)))
    with psycopg.connect(stack.db_url) as conn:
        status, attempts, last_error = conn.execute(
            "select status, attempts, last_error from app.email_outbox where id = %s", [outbox_id]).fetchone()
    assert status == "failed" and attempts == 1 and "ConnectionRefused" in last_error


def test_a_job_runs_inside_its_organization_and_cannot_touch_another(stack, http_tenants, worker_env, monkeypatch):
    alpha, bravo = http_tenants
    for key, value in worker_env.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.app import tenant_transaction
    from procrastinate_tasks.email import send_email

    with psycopg.connect(stack.db_url) as conn:
        bravo_outbox = conn.execute("select id from app.email_outbox where organization_id = %s limit 1",
                                    [bravo.id]).fetchone()[0]

    async def peek():
        async with tenant_transaction(str(alpha.id)) as conn:
            seen = await (await conn.execute("select distinct organization_id from app.email_outbox")).fetchall()
            touched = (await conn.execute("update app.email_outbox set attempts = 99 where organization_id = %s",
                                          [bravo.id])).rowcount
            return seen, touched

    seen, touched = asyncio.run(peek())
    assert [row[0] for row in seen] == [alpha.id] and touched == 0
    # A job naming one organization but another's outbox row finds nothing to send.
    assert asyncio.run(send_email.func(organization_id=str(alpha.id), outbox_id=str(bravo_outbox))) == "missing"


def test_the_daily_partition_task_keeps_a_year_of_months_ahead(stack, worker_env, monkeypatch):
    for key, value in worker_env.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.production import ensure_partitions

    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        native = conn.execute("select count(*) = 0 from pg_extension where extname = 'timescaledb'").fetchone()[0]
        future = conn.execute("select 'app.production_' || to_char(current_date + interval '6 months', 'YYYY\"m\"MM')"
                              ).fetchone()[0]
        if native:
            conn.execute(f"drop table {future}")
    created = asyncio.run(ensure_partitions.func(timestamp=int(time.time())))
    with psycopg.connect(stack.db_url) as conn:
        exists = conn.execute("select to_regclass(%s) is not null", [future]).fetchone()[0]
    assert (created, exists) == ((1, True) if native else (0, False))
