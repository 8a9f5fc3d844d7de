"""The audit log (sql/core/audit.sql): every write recorded with its user, role and request,
secrets redacted, readable by owners and admins only, and append-only for everyone."""

import uuid

import psycopg
import pytest
from psycopg import errors

from conftest import act_as
from support.assets import insert, payload, post_graph, post_row


def test_every_write_is_audited_with_user_role_and_request(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("select set_config('request.headers', %s, true)", ['{"x-request-id": "req-audit-1"}'])
        field = insert(db, "fields", payload("fields"))
        db.execute("update api.fields set basin = 'Delaware' where id = %s", [field["id"]])
        db.execute("update api.fields set basin = 'Delaware' where id = %s", [field["id"]])  # no change
        db.execute("delete from api.fields where id = %s", [field["id"]])
    rows = db.execute("select action, changed_columns, user_id, org_role, request_id, old_row, new_row"
                      " from audit.changes where row_id = %s order by id", [field["id"]]).fetchall()
    assert [r[0] for r in rows] == ["insert", "update", "delete"]
    assert rows[1][1] == ["basin"]
    assert all(r[2] == alpha.users["engineer"] and r[3] == "engineer" and r[4] == "req-audit-1" for r in rows)
    assert rows[0][5] is None and rows[0][6]["name"] == field["name"]
    assert rows[2][5]["basin"] == "Delaware" and rows[2][6] is None


def test_the_foundation_tables_are_audited_and_secrets_redacted(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "owner")
        db.execute("update api.organizations set name = 'Alpha Renamed' where id = %s", [alpha.id])
        db.execute("select api.invite_member('new.hire@alpha.example', 'engineer')")
    tables = {r[0] for r in db.execute("select table_name from audit.changes where organization_id = %s",
                                       [alpha.id])}
    assert {"organizations", "memberships", "email_outbox"} <= tables
    contexts = [r[0] for r in db.execute(
        "select new_row -> 'context' from audit.changes where table_name = 'email_outbox' and organization_id = %s",
        [alpha.id])]
    assert contexts and all(c == "[redacted]" for c in contexts)


@pytest.mark.parametrize("role,sees", [("owner", True), ("admin", True), ("manager", False), ("engineer", False),
                                       ("accountant", False), ("viewer", False)])
def test_only_owners_and_admins_read_the_audit_log(db, tenants, graphs, role, sees):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, role)
        orgs = {r[0] for r in db.execute("select organization_id from api.audit_log")}
    assert orgs == ({alpha.id} if sees else set())


AUDIT_WRITERS = {
    "wellflow_user": "api.audit_log", "wellflow_analyst": "api.audit_log", "wellflow_worker": "audit.changes",
    "wellflow_api": "audit.changes", "wellflow_owner": "audit.changes", "postgres": "audit.changes"}


@pytest.mark.parametrize("role", AUDIT_WRITERS)
@pytest.mark.parametrize("statement", ["update {table} set table_name = 'forged', new_row = null",
                                       "delete from {table}", "truncate {table}"])
def test_nobody_can_change_or_remove_audit_rows(db, tenants, graphs, role, statement):
    alpha, _ = tenants
    before = db.execute("select count(*), md5(string_agg(to_jsonb(c)::text, '' order by id)) from audit.changes c"
                        ).fetchone()
    table = AUDIT_WRITERS[role]
    if statement.startswith("truncate") and table == "api.audit_log":
        table = "audit.changes"
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            if role == "wellflow_user":
                act_as(db, alpha, "owner")
            elif role != "postgres":
                db.execute(f"set local role {role}")
            db.execute(statement.format(table=table))
    # api.audit_log is a read-only view (not updatable at all); app and audit refuse by privilege or rule.
    assert isinstance(caught.value, (errors.InsufficientPrivilege, errors.ObjectNotInPrerequisiteState)) \
        or "WF_AUDIT_APPEND_ONLY" in str(caught.value)
    after = db.execute("select count(*), md5(string_agg(to_jsonb(c)::text, '' order by id)) from audit.changes c"
                       ).fetchone()
    assert after == before and before[0] > 0


# --- over HTTP ---------------------------------------------------------------------------

def test_audit_rows_name_the_user_and_the_request(stack, http_tenants):
    alpha, _ = http_tenants
    request_id = f"curl-{uuid.uuid4().hex[:12]}"
    with stack.client(stack.login(alpha.emails["engineer"]), **{"X-Request-Id": request_id}) as engineer:
        refs = post_graph(engineer)
        well = post_row(engineer, "wells", payload("wells", refs))
        engineer.patch(f"/wells?id=eq.{well['id']}", json={"status": "producing"})
        assert engineer.get("/audit_log").json() == [], "engineers do not read the audit log"
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        rows = admin.get(f"/audit_log?request_id=eq.{request_id}&order=id").json()
        assert [(r["table_name"], r["action"]) for r in rows] == [
            ("fields", "insert"), ("companies", "insert"), ("leases", "insert"), ("wells", "insert"),
            ("wells", "update")]
        assert {r["user_id"] for r in rows} == {str(alpha.users["engineer"])}
        assert rows[-1]["changed_columns"] == ["status"] and rows[-1]["new_row"]["status"] == "producing"
        assert admin.patch(f"/audit_log?request_id=eq.{request_id}", json={"action": "delete"}).status_code in (401, 403, 405)
        assert admin.delete(f"/audit_log?request_id=eq.{request_id}").status_code in (401, 403, 405)
        assert len(admin.get(f"/audit_log?request_id=eq.{request_id}").json()) == 5
