"""Invitations and accounts over HTTP: a pending membership the invited person accepts, the same
answer for known and unknown e-mails, passwords an invitation never overwrites, one-time tokens
used up and scrubbed, sign-in that reveals nothing about accounts, tokens ended by a password
change or a sign-out, and who-did-it columns taken from the token."""

from __future__ import annotations

import statistics
import time

import httpx
import psycopg

from conftest import PASSWORD
from support.assets import payload, post_graph, post_row


def outbox_token(stack, email: str, organization_id) -> str:
    with psycopg.connect(stack.db_url) as conn:
        return conn.execute("select context ->> 'invitation_token' from app.email_outbox"
                            " where to_address = %s and organization_id = %s order by created_at desc limit 1",
                            [email, organization_id]).fetchone()[0]


def login(stack, email: str, password: str = PASSWORD, organization_id=None) -> httpx.Response:
    body = {"email": email, "password": password}
    if organization_id:
        body["organization_id"] = str(organization_id)
    return httpx.post(f"{stack.base_url}/rpc/login", json=body, timeout=30)


def test_inviting_another_organizations_user_is_pending_until_they_accept(stack, http_tenants):
    alpha, bravo = http_tenants
    guest = bravo.emails["engineer"]
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        invited = admin.post("/rpc/invite_member", json={"email": guest, "full_name": "Renamed By Alpha",
                                                         "org_role": "viewer"})
        assert invited.status_code == 200, invited.text
        assert invited.json()["status"] == "pending" and "user_id" not in invited.json()
        # Until the person accepts, Alpha sees a pending membership and nothing of the account.
        seen = admin.get("/users", params={"id": f"eq.{bravo.users['engineer']}"}).json()
        membership = admin.get("/memberships", params={"id": f"eq.{invited.json()['membership_id']}"}).json()
    assert seen == [] and membership[0]["user_id"] is None and membership[0]["status"] == "pending"
    # The guest's own sign-in is unchanged (one active organization: no organization_id needed).
    assert login(stack, guest).status_code == 200

    token = outbox_token(stack, guest, alpha.id)
    keeps = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token, "password": "x" * 12})
    assert keeps.status_code == 400 and keeps.json()["code"] == "WF_PASSWORD_EXISTS"
    accepted = httpx.post(f"{stack.base_url}/rpc/accept_invitation", json={"token": token})
    assert accepted.status_code == 200 and accepted.json()["password_set"] is False, accepted.text
    assert login(stack, guest).json()["code"] == "WF_ORGANIZATION_REQUIRED"   # now two organizations
    assert login(stack, guest, organization_id=alpha.id).status_code == 200  # with the password they had
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        names = admin.get("/users", params={"id": f"eq.{bravo.users['engineer']}", "select": "full_name"}).json()
    assert len(names) == 1 and names[0]["full_name"] != "Renamed By Alpha"


def test_invite_member_answers_alike_for_known_and_unknown_addresses(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as owner:
        known = owner.post("/rpc/invite_member", json={"email": bravo.emails["viewer"], "full_name": "K"})
        unknown = owner.post("/rpc/invite_member", json={"email": f"nobody.{time.time_ns()}@test.example",
                                                         "full_name": "U"})
    assert known.status_code == unknown.status_code == 200
    shape = {key: value for key, value in known.json().items() if key != "membership_id"}
    assert shape == {key: value for key, value in unknown.json().items() if key != "membership_id"}
    assert set(known.json()) == {"membership_id", "organization_id", "org_role", "status"}


def test_a_pending_membership_is_not_activated_by_an_admin_and_can_be_withdrawn(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as owner:
        membership = owner.post("/rpc/invite_member", json={"email": bravo.emails["admin"], "full_name": "A"}
                                ).json()["membership_id"]
        forced = owner.patch(f"/memberships?id=eq.{membership}", json={"status": "active"})
        withdrawn = owner.patch(f"/memberships?id=eq.{membership}", json={"status": "revoked"},
                                headers={"Prefer": "return=representation"})
    assert forced.status_code == 400 and forced.json()["code"] == "WF_MEMBERSHIP_STATUS", forced.text
    assert withdrawn.status_code == 200 and withdrawn.json()[0]["status"] == "revoked"


def test_accepting_uses_up_every_outstanding_token_and_scrubs_them_from_the_outbox(stack, http_tenants):
    alpha, bravo = http_tenants
    newcomer = f"newcomer.{time.time_ns()}@test.example"
    for tenant in (alpha, bravo):
        with stack.client(stack.login(tenant.emails["admin"])) as admin:
            assert admin.post("/rpc/invite_member", json={"email": newcomer, "full_name": "N"}).status_code == 200
    alpha_token, bravo_token = outbox_token(stack, newcomer, alpha.id), outbox_token(stack, newcomer, bravo.id)
    accepted = httpx.post(f"{stack.base_url}/rpc/accept_invitation",
                          json={"token": alpha_token, "password": "first-password-1"})
    assert accepted.status_code == 200 and accepted.json()["password_set"] is True
    second = httpx.post(f"{stack.base_url}/rpc/accept_invitation",
                        json={"token": bravo_token, "password": "second-password-2"})
    assert second.status_code == 400 and second.json()["code"] == "WF_INVITATION_INVALID"
    with psycopg.connect(stack.db_url) as conn:
        tokens_left = conn.execute("select count(*) from app.email_outbox where to_address = %s"
                                   " and context ? 'invitation_token'", [newcomer]).fetchone()[0]
    assert tokens_left == 0
    assert login(stack, newcomer, "first-password-1", alpha.id).status_code == 200
    assert login(stack, newcomer, "second-password-2", alpha.id).status_code == 401


def test_sign_in_costs_the_same_and_locks_the_same_for_unknown_passwordless_and_real_accounts(stack, http_tenants):
    """Every path does one bcrypt comparison (cost 10, about 50-100 ms here): the median time of a
    wrong sign-in for an unknown address and for an account without a password is within half to
    twice that of a real account. Five wrong passwords lock an unknown address exactly as they
    lock a real account: the sixth answer is the same 423 body."""
    alpha, _ = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        passwordless = f"passwordless.{time.time_ns()}@test.example"
        user = conn.execute("select tests.create_user(%s)", [passwordless]).fetchone()[0]
        conn.execute("update auth.credentials set password_hash = null where user_id = %s", [user])
        # Test users hash at bcrypt cost 4 for speed; this one gets the production cost, 10.
        conn.execute("update auth.credentials set password_hash = crypt(%s, gen_salt('bf', 10)) where user_id = %s",
                     [PASSWORD, alpha.users["accountant"]])
    cases = {"real": alpha.emails["accountant"], "unknown": f"ghost.{time.time_ns()}@test.example",
             "passwordless": passwordless}
    medians = {}
    for name, email in cases.items():
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            assert login(stack, email, "wrong-password-9").status_code == 401
            timings.append(time.perf_counter() - started)
        medians[name] = statistics.median(timings)
    for name in ("unknown", "passwordless"):
        assert 0.5 < medians[name] / medians["real"] < 2, medians
    answers = {}
    for name in ("real", "unknown"):
        for _ in range(2):
            login(stack, cases[name], "wrong-password-9")
        answers[name] = login(stack, cases[name], "wrong-password-9")
    assert answers["real"].status_code == answers["unknown"].status_code == 423
    assert {k: v for k, v in answers["real"].json().items() if k != "hint"} == \
        {k: v for k, v in answers["unknown"].json().items() if k != "hint"}


def test_a_password_change_ends_older_tokens_and_logout_ends_the_callers(stack, http_tenants):
    alpha, _ = http_tenants
    email = alpha.emails["manager"]
    old = stack.login(email)
    time.sleep(1.5)  # tokens count whole seconds
    with stack.client(old) as client:
        changed = client.post("/rpc/change_password", json={"current_password": PASSWORD,
                                                            "new_password": "a-new-password-77"})
        assert changed.status_code == 200, changed.text
        refused = client.get("/wells")
    assert refused.status_code == 401 and refused.json()["code"] == "WF_TOKEN_REVOKED"
    new = changed.json()["token"]
    with stack.client(new) as client:
        assert client.get("/wells").status_code == 200
        wrong = client.post("/rpc/change_password", json={"current_password": "not-it-at-all",
                                                          "new_password": "another-password-1"})
        assert wrong.status_code == 400 and wrong.json()["details"] == "current_password"
        assert client.post("/rpc/logout").status_code == 200
        after = client.get("/wells")
    assert after.status_code == 401 and after.json()["code"] == "WF_TOKEN_REVOKED"
    assert login(stack, email, "a-new-password-77").status_code == 200
    assert login(stack, email, PASSWORD).status_code == 401


def test_who_created_an_afe_is_the_signed_in_user_whatever_the_client_sends(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["engineer"])) as engineer:
        refs = post_graph(engineer)
        well = post_row(engineer, "wells", payload("wells", refs))
        afe = engineer.post("/afes", json={"afe_number": "AFE-ACTOR", "afe_type": "workover", "description": "x",
                                           "well_id": well["id"],
                                           "created_by": str(bravo.users["owner"])},
                            headers={"Prefer": "return=representation"})
        assert afe.status_code == 201, afe.text
        patched = engineer.patch(f"/afes?id=eq.{afe.json()[0]['id']}", json={"created_by": str(bravo.users["owner"])},
                                 headers={"Prefer": "return=representation"})
    assert afe.json()[0]["created_by"] == str(alpha.users["engineer"])
    assert patched.status_code in (200, 400, 403) and (patched.status_code != 200 or
                                                       patched.json()[0]["created_by"] == str(alpha.users["engineer"]))


def test_every_who_did_it_column_takes_the_signed_in_user(stack):
    """Schema rule: each uuid column of app named *_by has the app.stamp_actor trigger naming it."""
    with psycopg.connect(stack.db_url) as conn:
        columns = conn.execute("""
            select c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
             where c.relnamespace = 'app'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
               and a.attnum > 0 and not a.attisdropped and a.attname like '%\\_by' and a.atttypid = 'uuid'::regtype
             order by 1, 2""").fetchall()
        stamped = {(table, column) for table, args in conn.execute("""
            select c.relname, encode(t.tgargs, 'escape') from pg_trigger t join pg_class c on c.oid = t.tgrelid
             where t.tgfoid = 'app.stamp_actor()'::regprocedure""").fetchall()
                   for column in args.split("\\000") if column}
    assert len(columns) >= 6
    assert [c for c in columns if c not in stamped] == []
