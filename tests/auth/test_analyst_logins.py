"""Analyst logins (sql/auth/analyst_logins.sql): owners and admins create and revoke them through the
API, a DBA through `scripts/wellflow analyst`; a login reads its organization's api views only, never
writes, carries its own time limits, and is gone for good once revoked."""

import os
import subprocess

import psycopg
import pytest
from psycopg import errors

from support.http_errors import error_of
from support.sessions import connect_as_analyst
from wellflow_cli.settings import ROOT


def test_an_admin_creates_a_login_that_reads_only_its_organization_and_cannot_write(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        response = admin.post("/rpc/create_analyst_login", json={"name": "jane"})
        assert response.status_code == 200, response.text
        login = response.json()
        slug = admin.get("/organizations").json()[0]["slug"]
        assert login["role_name"] == f"wellflow_{slug}_jane" and len(login["password"]) >= 24
        assert login["organization_id"] == str(alpha.id) and login["connection_limit"] == 3
        try:
            listed = admin.get("/analyst_logins").json()
            assert isinstance(listed, list), listed
            assert [(row["role_name"], row["created_by"]) for row in listed] == [
                (login["role_name"], str(alpha.users["admin"]))]
            with connect_as_analyst(stack.db_url, login) as analyst:
                # Whatever the session claims, the login reads its own organization.
                analyst.execute("select set_config('request.jwt.claims', %s, false)",
                                ['{"org_id": "%s", "org_role": "owner"}' % bravo.id])
                assert {r[0] for r in analyst.execute("select id from organizations")} == {alpha.id}
                assert {r[0] for r in analyst.execute("select organization_id from memberships")} == {alpha.id}
                settings = dict(analyst.execute(
                    "select name, setting from pg_settings where name in ('search_path', 'statement_timeout',"
                    " 'lock_timeout', 'default_transaction_read_only')").fetchall())
                assert settings == {"search_path": "api, public", "statement_timeout": "120000", "lock_timeout": "10000",
                                    "default_transaction_read_only": "on"}
                analyst.rollback()
                # Turning read-only off is allowed, writing still is not: it holds no write grant.
                for statement in ("update organizations set name = 'x'", "create table api.mine (id int)",
                                  "delete from wells", "insert into fields (name) values ('x')"):
                    analyst.execute("set transaction read write")
                    with pytest.raises(errors.InsufficientPrivilege):
                        analyst.execute(statement)
                    analyst.rollback()
        finally:
            assert admin.post("/rpc/revoke_analyst_login", json={"name": "jane"}).status_code == 200
        with pytest.raises(psycopg.OperationalError):
            connect_as_analyst(stack.db_url, login)
        assert admin.get("/analyst_logins").json() == []


def test_other_organizations_and_other_roles_cannot_see_create_or_revoke_a_login(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as owner:
        login = owner.post("/rpc/create_analyst_login", json={"name": "kim", "connection_limit": 2}).json()
        try:
            with stack.client(stack.login(bravo.emails["owner"])) as other:
                assert other.get("/analyst_logins").json() == []
                for name in ("kim", login["role_name"]):
                    response = other.post("/rpc/revoke_analyst_login", json={"name": name})
                    assert response.status_code == 404, response.text
                    assert error_of(response)["code"] == "WF_ANALYST_LOGIN_NOT_FOUND"
                for verb in ("post", "patch", "delete"):
                    response = getattr(other, verb)("/analyst_logins", **({"json": {}} if verb != "delete" else {}))
                    assert response.status_code == 405, (verb, response.text)
            for role in ("manager", "engineer", "accountant", "viewer"):
                with stack.client(stack.login(alpha.emails[role])) as member:
                    assert member.get("/analyst_logins").json() == [], role
                    for rpc, body in (("create_analyst_login", {"name": f"x_{role}"}),
                                      ("revoke_analyst_login", {"name": "kim"})):
                        response = member.post(f"/rpc/{rpc}", json=body)
                        assert response.status_code == 403, (role, rpc, response.text)
                        assert error_of(response)["code"] == "WF_ROLE_FORBIDDEN"
            assert [row["connection_limit"] for row in owner.get("/analyst_logins").json()] == [2]
        finally:
            owner.post("/rpc/revoke_analyst_login", json={"name": "kim"})


@pytest.mark.parametrize("body, status, code, field", [
    ({"name": "Jane Smith"}, 400, "WF_ANALYST_NAME", "name"),
    ({"name": "_jane"}, 400, "WF_ANALYST_NAME", "name"),
    ({"name": "a_name_that_is_far_too_long_for"}, 400, "WF_ANALYST_NAME", "name"),
    ({"name": "lee", "connection_limit": 0}, 400, "WF_ANALYST_CONNECTION_LIMIT", "connection_limit"),
    ({"name": "lee", "connection_limit": 21}, 400, "WF_ANALYST_CONNECTION_LIMIT", "connection_limit"),
])
def test_bad_names_and_limits_are_refused_with_the_field(stack, http_tenants, body, status, code, field):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        response = admin.post("/rpc/create_analyst_login", json=body)
        assert response.status_code == status, response.text
        assert (error_of(response)["code"], error_of(response)["details"]) == (code, field)
        assert admin.get("/analyst_logins").json() == []


def test_a_second_login_of_the_same_name_is_a_conflict(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        assert admin.post("/rpc/create_analyst_login", json={"name": "sam"}).status_code == 200
        try:
            response = admin.post("/rpc/create_analyst_login", json={"name": "sam"})
            assert response.status_code == 409 and error_of(response)["code"] == "WF_ANALYST_LOGIN_EXISTS"
        finally:
            admin.post("/rpc/revoke_analyst_login", json={"name": "sam"})


def test_revoking_ends_the_open_sessions_of_the_login(db, db_url, tenants):
    alpha, _ = tenants
    login = db.execute("select auth.create_analyst_login(%s, 'pat')", [alpha.id]).fetchone()[0]
    analyst = connect_as_analyst(db_url, login)
    assert analyst.execute("select count(*) from organizations").fetchone()[0] == 1
    analyst.rollback()
    revoked = db.execute("select auth.revoke_analyst_login(%s, %s)", [alpha.id, login["role_name"]]).fetchone()[0]
    assert revoked == {"role_name": login["role_name"], "revoked": True, "sessions_ended": 1}
    with pytest.raises(psycopg.OperationalError):
        analyst.execute("select 1")
    assert db.execute("select count(*) from pg_roles where rolname = %s", [login["role_name"]]).fetchone()[0] == 0


def wellflow(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "scripts/wellflow"), *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, DATABASE_URL=db_url))


def test_a_dba_adds_lists_and_revokes_logins_with_the_command(db, db_url, tenants):
    alpha, bravo = tenants
    slug = db.execute("select slug from app.organizations where id = %s", [alpha.id]).fetchone()[0]
    added = wellflow(db_url, "analyst", "add", slug, "dana")
    assert added.returncode == 0, added.stderr
    role_name = f"wellflow_{slug}_dana"
    password = next(line.split(":", 1)[1].strip() for line in added.stdout.splitlines()
                    if line.startswith("password:"))
    assert f"postgresql://{role_name}:" in added.stdout and "shown only now" in added.stdout
    try:
        with connect_as_analyst(db_url, {"role_name": role_name, "password": password}) as analyst:
            assert {r[0] for r in analyst.execute("select organization_id from memberships")} == {alpha.id}
        listed = wellflow(db_url, "analyst", "list")
        assert listed.returncode == 0 and role_name in listed.stdout and slug in listed.stdout
        again = wellflow(db_url, "analyst", "add", slug, "dana")
        assert again.returncode == 1 and "WF_ANALYST_LOGIN_EXISTS" in again.stderr
        unknown = wellflow(db_url, "analyst", "add", "no-such-organization", "dana")
        assert unknown.returncode == 1 and "no-such-organization" in unknown.stderr
    finally:
        revoked = wellflow(db_url, "analyst", "revoke", role_name)
    assert revoked.returncode == 0, revoked.stderr
    assert role_name not in wellflow(db_url, "analyst", "list").stdout
    missing = wellflow(db_url, "analyst", "revoke", role_name)
    assert missing.returncode == 1 and "WF_ANALYST_LOGIN_NOT_FOUND" in missing.stderr


def test_an_organization_holds_at_most_five_logins_and_twenty_sessions(db, tenants):
    alpha, bravo = tenants
    made = [db.execute("select auth.create_analyst_login(%s, %s, 5)", [alpha.id, f"team_{n}"]).fetchone()[0]
            for n in range(4)]
    try:
        with pytest.raises(psycopg.Error, match="WF_ANALYST_LOGIN_LIMIT"):
            db.execute("select auth.create_analyst_login(%s, 'one_more', 1)", [alpha.id])
        # The other organization's budget is its own.
        other = db.execute("select auth.create_analyst_login(%s, 'team_0', 5)", [bravo.id]).fetchone()[0]
        made.append(other)
        db.execute("select auth.revoke_analyst_login(null, %s)", [made.pop(0)["role_name"]])
        made.append(db.execute("select auth.create_analyst_login(%s, 'one_more', 5)", [alpha.id]).fetchone()[0])
    finally:
        for login in made:
            db.execute("select auth.revoke_analyst_login(null, %s)", [login["role_name"]])


def test_the_binding_is_to_the_role_not_its_name(db, db_url, tenants):
    """A role dropped from another database of the cluster and made again under the same name (by
    anyone) is not the analyst the row was made for: it reads nothing, and revoking leaves it alone."""
    alpha, _ = tenants
    login = db.execute("select auth.create_analyst_login(%s, 'twin')", [alpha.id]).fetchone()[0]
    name = login["role_name"]
    db.execute(f'drop role "{name}"')
    db.execute(f"create role \"{name}\" login password 'impostor-password' in role wellflow_analyst")
    try:
        with connect_as_analyst(db_url, {"role_name": name, "password": "impostor-password"}) as impostor:
            assert impostor.execute("select count(*) from api.organizations").fetchone()[0] == 0
            assert impostor.execute("select count(*) from api.memberships").fetchone()[0] == 0
        db.execute("select auth.revoke_analyst_login(null, %s)", [name])
        assert db.execute("select count(*) from pg_roles where rolname = %s", [name]).fetchone()[0] == 1
    finally:
        db.execute(f'drop role if exists "{name}"')
    again = db.execute("select auth.create_analyst_login(%s, 'twin')", [alpha.id]).fetchone()[0]
    try:
        with connect_as_analyst(db_url, again) as analyst:
            assert analyst.execute("select count(*) from organizations").fetchone()[0] == 1
    finally:
        db.execute("select auth.revoke_analyst_login(null, %s)", [again["role_name"]])
