"""Workers as operators run them: several processes sharing the queue, SIGTERM and SIGKILL in
the middle of a job, a job that runs out of attempts (visible, alerted, retried), and the
operations dashboard in a real browser."""

from __future__ import annotations

import datetime
import json
import re
import signal
import time

import psycopg
import pytest

from support.assets import insert, payload
from support import dump_dom, enqueue_reminder_jobs, run_task
from conftest import act_as, act_as_worker, free_port, start_worker, stop_process, wait_for


def connect(stack):
    return psycopg.connect(stack.db_url, autocommit=True)


def job_status(stack, job_id) -> str:
    with connect(stack) as conn:
        return conn.execute("select status::text from procrastinate.procrastinate_jobs where id = %s",
                            [job_id]).fetchone()[0]


def test_two_workers_process_several_hundred_jobs_exactly_once(stack, smtp_sink, tmp_path):
    _, port = smtp_sink
    count = 300
    organizations, jobs = enqueue_reminder_jobs(stack.db_url, count, "scale")
    started = time.monotonic()
    workers = [start_worker(stack, tmp_path / f"worker-{n}.log", SMTP_PORT=str(port)) for n in (1, 2)]
    try:
        def finished():
            with connect(stack) as conn:
                return conn.execute("select count(*) from procrastinate.procrastinate_jobs where id = any(%s)"
                                    " and status in ('succeeded', 'failed')", [jobs]).fetchone()[0] == count
        wait_for(finished, f"{count} jobs", timeout=90)
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            stop_process(worker)
    with connect(stack) as conn:
        statuses = conn.execute("select status::text, count(*) from procrastinate.procrastinate_jobs where id = any(%s)"
                                " group by status", [jobs]).fetchall()
        twice = conn.execute("select job_id from procrastinate.procrastinate_events where job_id = any(%s)"
                             " and type = 'started' group by job_id having count(*) <> 1", [jobs]).fetchall()
        reminders = conn.execute("select count(*), count(distinct organization_id) from app.compliance_reminders"
                                 " where organization_id = any(%s)", [organizations]).fetchone()
    assert statuses == [("succeeded", count)] and twice == []
    # Two obligations per organization (last month's and this month's) are inside 90 days.
    assert reminders == (2 * count, count)
    ran = [len(re.findall(r"compliance__remind\[\d+\].*(?:succeeded|success)", (tmp_path / f"worker-{n}.log").read_text(),
                          re.I)) for n in (1, 2)]
    assert all(n > 0 for n in ran) and sum(ran) == count, ran
    print(f"{count} jobs on 2 workers in {elapsed:.1f} s")


@pytest.fixture
def blocked_report(stack, http_tenants):
    """A C-115 whose generation job will block on a row lock the test holds (a job 'in the middle')."""
    alpha, _ = http_tenants
    with connect(stack) as conn:
        with conn.transaction():
            act_as(conn, alpha, "engineer")
            lease = insert(conn, "leases", payload("leases"))["id"]
            conn.execute("insert into api.wells (well_number, name, lease_id, status) values (%s, 'Blocked 1H', %s, "
                         "'producing')", [f"30-025-{time.time_ns() % 90000 + 10000}", lease])
            report = conn.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-01-01',"
                                  " 'lease', %s)", [lease]).fetchone()[0]
        job = conn.execute("select id from procrastinate.procrastinate_jobs where task_name = 'regulatory_reports__generate'"
                           " and args ->> 'report_id' = %s", [str(report)]).fetchone()[0]
    lock = connect(stack)
    lock.autocommit = False
    lock.execute("select 1 from app.regulatory_reports where id = %s for update", [report])
    yield report, job, lock
    lock.close()


def report_status(stack, report) -> str:
    with connect(stack) as conn:
        return conn.execute("select status::text from app.regulatory_reports where id = %s", [report]).fetchone()[0]


def test_sigterm_lets_the_current_job_finish(stack, blocked_report, tmp_path):
    report, job, lock = blocked_report
    worker = start_worker(stack, tmp_path / "worker.log", WELLFLOW_HEARTBEAT_SECONDS="1")
    try:
        wait_for(lambda: job_status(stack, job) == "doing", "the job to start", timeout=90)
        worker.send_signal(signal.SIGTERM)
        time.sleep(2)
        assert worker.poll() is None, "the worker left before its job finished"
        lock.rollback()                                                  # the job may go on
        assert worker.wait(timeout=30) == 0
    finally:
        stop_process(worker)
    assert (job_status(stack, job), report_status(stack, report)) == ("succeeded", "generated")


def test_a_worker_killed_mid_job_has_its_job_retried_and_completed(stack, blocked_report, tmp_path):
    report, job, lock = blocked_report
    doomed = start_worker(stack, tmp_path / "doomed.log", WELLFLOW_HEARTBEAT_SECONDS="1")
    try:
        wait_for(lambda: job_status(stack, job) == "doing", "the job to start", timeout=90)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        stop_process(doomed)
    assert job_status(stack, job) == "doing"                            # left behind, not lost
    lock.rollback()
    rescuer = start_worker(stack, tmp_path / "rescuer.log", WELLFLOW_HEARTBEAT_SECONDS="1",
                           WELLFLOW_STALLED_SECONDS="3")
    try:
        wait_for(lambda: report_status(stack, report) == "generated", "the retried job", timeout=120)
    finally:
        stop_process(rescuer)
    with connect(stack) as conn:
        files = conn.execute("select count(*) from app.regulatory_report_files where report_id = %s", [report]).fetchone()[0]
        starts = conn.execute("select count(*) from procrastinate.procrastinate_events where job_id = %s and type = 'started'",
                              [job]).fetchone()[0]
    assert (job_status(stack, job), files, starts) == ("succeeded", 3, 2)


# --- a job that runs out of attempts -------------------------------------------------------

@pytest.fixture(scope="module")
def exhausted(stack, tmp_path_factory):
    """An invitation e-mail whose job fails twice against an SMTP port nobody listens on."""
    from conftest import Tenant
    with connect(stack) as conn:
        alpha, bravo = Tenant(conn, "Exhausted Operating"), Tenant(conn, "Other Operating")
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        invitee = f"late.hire.{time.time_ns()}@test.example"
        assert admin.post("/rpc/invite_member", json={"email": invitee, "full_name": "Late Hire",
                                                      "org_role": "viewer"}).status_code == 200
    with connect(stack) as conn:
        job = conn.execute("select j.id from procrastinate.procrastinate_jobs j join app.email_outbox o"
                           " on o.id::text = j.args ->> 'outbox_id' where o.to_address = %s", [invitee]).fetchone()[0]
    log = tmp_path_factory.mktemp("exhausted") / "worker.log"
    worker = start_worker(stack, log, SMTP_PORT=str(free_port()), WELLFLOW_JOB_ATTEMPTS="2",
                          WELLFLOW_RETRY_BASE_SECONDS="1")
    try:
        wait_for(lambda: job_status(stack, job) == "failed", "the job to run out of attempts", timeout=90)
    finally:
        stop_process(worker)
    return alpha, bravo, invitee, job


def test_an_exhausted_job_is_visible_to_its_admins_only_with_its_error(stack, exhausted):
    alpha, bravo, _, job = exhausted
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        failed = admin.get(f"/failed_jobs?job_id=eq.{job}").json()
        stats = admin.get("/job_queue_stats?task_name=eq.email_outbox__send").json()
    assert len(failed) == 1 and failed[0]["errors"] == failed[0]["attempts"] >= 2
    assert "ConnectionRefusedError" in failed[0]["last_error"]
    assert stats[0]["queue_name"] == "notifications" and stats[0]["failed"] >= 1
    for email in (alpha.emails["viewer"], bravo.emails["admin"]):
        with stack.client(stack.login(email)) as other:
            assert other.get(f"/failed_jobs?job_id=eq.{job}").json() == []
            retry = other.post("/rpc/retry_job", json={"job_id": job})
            assert retry.status_code in (403, 404) and retry.json()["code"] in ("WF_ROLE_FORBIDDEN", "WF_JOB_NOT_FOUND")


def test_the_dashboard_shows_an_admin_their_queues_failures_and_calendar(stack, exhausted):
    alpha, _, _, job = exhausted
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        assert admin.post("/compliance_schedules", json={"agency": "NM-OCD", "form": "C-115",
                                                         "first_period": "2023-11-01"}).status_code == 201
        lease = admin.post("/leases", json=payload("leases"), headers={"Prefer": "return=representation"}).json()[0]
        well = admin.post("/wells", json={"well_number": "30-015-44001", "name": "Dashboard 1H", "lease_id": lease["id"]},
                          headers={"Prefer": "return=representation"}).json()[0]
        days = [{"well_id": well["id"], "production_date": f"2024-03-{d:02d}", "oil_bbl": 900 if d == 9 else 100}
                for d in range(1, 11)]
        assert admin.post("/rpc/import_production", json={"rows": days}).status_code == 200
        token = admin.headers["Authorization"].split()[1]
    with connect(stack) as conn, conn.transaction():                 # the validation job's work, as the worker
        act_as_worker(conn, alpha)
        conn.execute("select app.validate_production()")
    page = dump_dom(f"{stack.base_url}/dashboard/#token={token}")
    assert 'data-state="ready"' in page, page[-2000:]
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "(admin) - Exhausted Operating" in text
    assert re.search(r"notifications email_outbox__send( \d+){2} \d+ [1-9]\d* ", text), text
    assert re.search(rf"{job} email_outbox__send \d+ \S+ ConnectionRefusedError", text), text
    assert "NM-OCD C-115 2023-11 2024-01-16 overdue Martin Luther King Jr. Day 2024-01-15" in text
    assert "2024-03-09 Dashboard 1H (30-015-44001-00-00) spike oil_bbl of 900 on 2024-03-09" in text, text
    signed_out = dump_dom(f"{stack.base_url}/dashboard/")
    assert 'data-state="signed-out"' in signed_out and "Sign in" in signed_out


def test_an_exhausted_job_is_alerted_once_and_runs_again_when_an_admin_retries_it(stack, exhausted, smtp_sink,
                                                                                 tmp_path, monkeypatch):
    alpha, _, invitee, job = exhausted
    sink, port = smtp_sink
    from conftest import WORKER_PASSWORD
    monkeypatch.setenv("WELLFLOW_WORKER_URL", stack.cluster.url("wellflow_test_http", "wellflow_worker", WORKER_PASSWORD))
    from procrastinate_tasks.housekeeping import alert_failures

    def alerts():
        with connect(stack) as conn:
            return conn.execute("select to_address::text from app.email_outbox where template = 'job_failed'"
                                " and (context ->> 'job_id')::bigint = %s order by 1", [job]).fetchall()

    # A running worker may already have run this periodic task; either way each admin gets one alert.
    run_task(alert_failures.func(timestamp=0))
    first = alerts()
    assert run_task(alert_failures.func(timestamp=0)) == 0 or alerts() == first
    assert first == sorted([(alpha.emails["admin"],), (alpha.emails["owner"],)]) == alerts()
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        retried = admin.post("/rpc/retry_job", json={"job_id": job})
        assert retried.status_code == 200 and retried.json() != job
        assert admin.get(f"/failed_jobs?job_id=eq.{job}").json() == []
        again = admin.post("/rpc/retry_job", json={"job_id": job})
        assert again.status_code == 404 and again.json()["code"] == "WF_JOB_NOT_FOUND"
    worker = start_worker(stack, tmp_path / "worker.log", SMTP_PORT=str(port))
    try:
        wait_for(lambda: any(m["To"] == invitee for m in sink.messages)
                   and any(m["To"] == alpha.emails["admin"] and "failed" in m["Subject"] for m in sink.messages),
                   "the retried invitation and the alert", timeout=90)
    finally:
        stop_process(worker)
    alert = next(m for m in sink.messages if m["To"] == alpha.emails["admin"] and "failed" in m["Subject"])
    assert alert["Subject"] == "A background job of Exhausted Operating failed: email_outbox__send"
    assert job_status(stack, retried.json()) == "succeeded"


def defer_scan(stack) -> int:
    """Enqueues the daily compliance scan now, as its cron schedule would at 06:00."""
    with connect(stack) as conn:
        conn.execute("set search_path = procrastinate, public")
        return conn.execute(
            "select (procrastinate_defer_jobs_v1(array[row('notifications', 'compliance__scan', 0, null, null,"
            " %s::jsonb, null)::procrastinate_job_to_defer_v1]))[1]", [json.dumps({"timestamp": int(time.time())})]
        ).fetchone()[0]


def test_the_daily_scan_reminds_owners_and_admins_once_per_lead_time(stack, http_tenants, smtp_sink, tmp_path):
    alpha, _ = http_tenants
    sink, port = smtp_sink
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        last_month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        created = admin.post("/compliance_schedules", json={"agency": "TX-RRC", "form": "PR",
                                                            "first_period": last_month.isoformat(),
                                                            "reminder_days": [90]})
        assert created.status_code == 201, created.text

    def reminders():
        with connect(stack) as conn:
            return conn.execute("select to_address::text, context ->> 'period' from app.email_outbox"
                                " where organization_id = %s and template = 'compliance_reminder' order by 1, 2",
                                [alpha.id]).fetchall()

    worker = start_worker(stack, tmp_path / "worker.log", SMTP_PORT=str(port))
    try:
        scan = defer_scan(stack)
        wait_for(lambda: job_status(stack, scan) == "succeeded", "the scan", timeout=90)
        wait_for(lambda: len([m for m in sink.messages if m["To"] in (alpha.emails["owner"], alpha.emails["admin"])
                                and "TX-RRC PR" in m["Subject"]]) == 4, "four reminders (2 people x 2 months)", timeout=90)
        first = reminders()
        second = defer_scan(stack)
        wait_for(lambda: job_status(stack, second) == "succeeded", "the second scan", timeout=90)
        time.sleep(2)
    finally:
        stop_process(worker)
    assert len(first) == 4 and reminders() == first                       # nothing sent twice
    mail = next(m for m in sink.messages if m["To"] == alpha.emails["admin"] and last_month.strftime("%Y-%m") in m["Subject"])
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Monthly Production Report (Form PR)" in body and "Due: " in body
