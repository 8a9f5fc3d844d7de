"""Jobs (sql/jobs/jobs.sql, procrastinate_tasks.app): a job runs inside its organization and
cannot touch another's rows. Workers as operators run them are in test_workers.py."""


import psycopg

from support import run_task


def test_a_job_runs_inside_its_organization_and_cannot_touch_another(stack, http_tenants, worker_env, monkeypatch):
    alpha, bravo = http_tenants
    for key, value in worker_env.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.app import tenant_transaction
    from procrastinate_tasks.email import send_email

    for tenant in (alpha, bravo):  # an outbox row in each organization
        with stack.client(stack.login(tenant.emails["admin"])) as admin:
            assert admin.post("/rpc/invite_member", json={"email": f"hire.{tenant.id}@test.example",
                                                          "full_name": "Hire"}).status_code == 200
    with psycopg.connect(stack.db_url) as conn:
        bravo_outbox = conn.execute("select id from app.email_outbox where organization_id = %s limit 1",
                                    [bravo.id]).fetchone()[0]

    async def peek():
        async with tenant_transaction(str(alpha.id)) as conn:
            seen = await (await conn.execute("select distinct organization_id from app.email_outbox")).fetchall()
            touched = (await conn.execute("update app.email_outbox set attempts = 99 where organization_id = %s",
                                          [bravo.id])).rowcount
            return seen, touched

    seen, touched = run_task(peek())
    assert [row[0] for row in seen] == [alpha.id] and touched == 0
    # A job naming one organization but another's outbox row finds nothing to send.
    assert run_task(send_email.func(organization_id=str(alpha.id), outbox_id=str(bravo_outbox))) == "missing"
