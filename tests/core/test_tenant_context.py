"""The organization a request acts for (sql/core/tenant_context.sql): each tenant reads only its
own rows, in SQL and over HTTP, and claims set by an untrusted login are ignored."""

import psycopg

from conftest import act_as
from wellflow_cli import db as ops


def test_each_tenant_reads_only_its_own_rows(db, tenants):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "viewer")
        organizations = {r[0] for r in db.execute("select id from api.organizations")}
        member_orgs = {r[0] for r in db.execute("select organization_id from api.memberships")}
        users = {r[0] for r in db.execute("select id from api.users")}
    assert organizations == {alpha.id}
    assert member_orgs == {alpha.id}
    assert users == set(alpha.users.values())
    assert not users & set(bravo.users.values())


def test_claims_set_by_an_untrusted_login_are_ignored(db, db_url, tenants):
    alpha, _ = tenants
    db.execute("drop role if exists wellflow_test_intruder")
    db.execute("create role wellflow_test_intruder login")
    db.execute("grant wellflow_user to wellflow_test_intruder")
    try:
        with psycopg.connect(ops.role_url(db_url, "wellflow_test_intruder")) as intruder:
            intruder.execute("set role wellflow_user")
            intruder.execute("select set_config('request.jwt.claims', %s, false)",
                             ['{"org_id": "%s", "org_role": "owner", "sub": "%s"}' % (alpha.id, alpha.users["owner"])])
            assert intruder.execute("select count(*) from api.memberships").fetchone()[0] == 0
    finally:
        db.execute("drop owned by wellflow_test_intruder")
        db.execute("drop role wellflow_test_intruder")


# --- over HTTP ---------------------------------------------------------------------------

def test_a_token_lists_only_its_own_organizations_rows(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["viewer"])) as client:
        memberships = client.get("/memberships").json()
        organizations = client.get("/organizations").json()
        users = client.get("/users").json()
        peeking = client.get(f"/memberships?organization_id=eq.{bravo.id}").json()
    assert {m["organization_id"] for m in memberships} == {str(alpha.id)}
    assert [o["id"] for o in organizations] == [str(alpha.id)]
    assert {u["id"] for u in users} == {str(u) for u in alpha.users.values()}
    assert peeking == []
