"""The e-mail outbox (sql/jobs/email_outbox.sql) end to end: SQL enqueues in the same transaction,
a real worker process sends the welcome e-mail through SMTP to a local sink, the invitee accepts;
a failed delivery is recorded and raised for retry."""

import email
import re
import sys
import time

import httpx
import psycopg
import pytest

from support import run_task
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
    assert mail["Subject"] == "Invitation to Alpha Operating on WellFlow"
    body = text_part(mail)
    assert "as engineer" in body and "Choose your password" in body
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
    with psycopg.connect(stack.db_url) as conn:
        membership = conn.execute("select m.status from app.memberships m join app.users u on u.id = m.user_id"
                                  " where u.email = %s", [invitee]).fetchone()[0]
    assert membership == "active"


def test_a_failed_delivery_is_recorded_and_raised_for_retry(stack, http_tenants, worker_env, monkeypatch):
    alpha, _ = http_tenants
    for key, value in {**worker_env, "SMTP_PORT": str(free_port())}.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.email import send_email

    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        assert admin.post("/rpc/invite_member", json={"email": f"unreachable.{time.time_ns()}@test.example",
                                                      "full_name": "Unreachable"}).status_code == 200
    with psycopg.connect(stack.db_url) as conn:
        outbox_id = conn.execute("select id from app.email_outbox where organization_id = %s and status = 'pending'"
                                 " limit 1", [alpha.id]).fetchone()[0]
    with pytest.raises(OSError):
        run_task(send_email.func(organization_id=str(alpha.id), outbox_id=str(outbox_id)))
    with psycopg.connect(stack.db_url) as conn:
        status, attempts, last_error, context = conn.execute(
            "select status, attempts, last_error, context from app.email_outbox where id = %s", [outbox_id]).fetchone()
    assert status == "failed" and attempts == 1 and "ConnectionRefused" in last_error
    assert "invitation_token" in context, "kept for the retries (accepting the invitation scrubs it)"
