"""Invitation tokens (sql/auth/invitation_tokens.sql): accepting one refuses weak passwords.
The whole invitation, from invite_member to the e-mail and its acceptance, is in
tests/jobs/test_email_outbox.py."""

import time

import httpx
import psycopg


def test_weak_passwords_are_refused_when_accepting(stack, http_tenants):
    alpha, _ = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        user_id = conn.execute("insert into app.users (email, full_name) values (%s, 'Weak') returning id",
                               [f"weak.{time.time_ns()}@test.example"]).fetchone()[0]
        conn.execute("insert into auth.credentials (user_id) values (%s)", [user_id])
        token = conn.execute("select auth.issue_invitation_token(%s, %s)", [user_id, alpha.id]).fetchone()[0]
    short = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token, "password": "short"})
    assert short.status_code == 400 and short.json()["code"] == "WF_WEAK_PASSWORD"
    assert short.json()["details"] == "password"
    long = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token, "password": "x" * 73})
    assert long.status_code == 400 and long.json()["code"] == "WF_PASSWORD_TOO_LONG"
