"""Asset registry at the SQL level: tenant isolation per table and verb, role rules, audit log."""

import json

import psycopg
import pytest
from psycopg import errors

from assets import READ_ONLY_ROLES, RESOURCES, WRITER_ROLES, create_graph, insert, payload
from conftest import act_as
from wellflow_cli import db as ops


@pytest.fixture
def graphs(db, tenants):
    """Each tenant owns one field, company, lease and well, created by its engineer."""
    result = {}
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            result[tenant.name] = create_graph(db)
    return result


def refs_of(graphs, tenant):
    return graphs[tenant.name]


KEY = {"fields": "field", "companies": "company", "leases": "lease", "wells": "well"}


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_tenant_reads_only_its_own_rows(db, tenants, graphs, resource):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "viewer")
        seen = {r[0] for r in db.execute(f"select organization_id from api.{resource}")}
        peek = db.execute(f"select count(*) from api.{resource} where id = %s",
                          [refs_of(graphs, bravo)[KEY[resource]]]).fetchone()[0]
    assert seen == {alpha.id} and peek == 0


@pytest.mark.parametrize("resource", RESOURCES)
def test_insert_into_another_organization_is_refused(db, tenants, graphs, resource):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {"organization_id": str(bravo.id)}
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "owner")
            insert(db, resource, row)
    # Either the row-level policy refuses it or, for rows that reference alpha's assets, the
    # composite foreign key does: (bravo, alpha's lease) does not exist.
    assert isinstance(caught.value, (errors.InsufficientPrivilege, errors.ForeignKeyViolation))


@pytest.mark.parametrize("resource", RESOURCES)
def test_update_and_delete_cannot_reach_another_organizations_rows(db, tenants, graphs, resource):
    alpha, bravo = tenants
    target = refs_of(graphs, bravo)[KEY[resource]]
    before = db.execute(f"select to_jsonb(t) from app.{resource} t where id = %s", [target]).fetchone()[0]
    with db.transaction():
        act_as(db, alpha, "owner")
        updated = db.execute(f"update api.{resource} set name = 'Taken over' where id = %s", [target]).rowcount
        deleted = db.execute(f"delete from api.{resource} where organization_id = %s", [bravo.id]).rowcount
    assert (updated, deleted) == (0, 0)
    after = db.execute(f"select to_jsonb(t) from app.{resource} t where id = %s", [target]).fetchone()[0]
    assert after == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_moving_a_row_to_another_organization_is_refused(db, tenants, graphs, resource):
    alpha, bravo = tenants
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute(f"update api.{resource} set organization_id = %s where id = %s",
                       [bravo.id, refs_of(graphs, alpha)[KEY[resource]]])


@pytest.mark.parametrize("resource", RESOURCES)
def test_upsert_cannot_overwrite_another_organizations_row(db, tenants, graphs, resource):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {
        "organization_id": str(bravo.id), "id": str(refs_of(graphs, bravo)[KEY[resource]])}
    columns = ", ".join(row)
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute(f"insert into api.{resource} ({columns}) select {columns}"
                       f" from json_populate_record(null::api.{resource}, %s::json)"
                       f" on conflict (organization_id, id) do update set name = excluded.name",
                       [json.dumps(row)])
    assert db.execute(f"select name from app.{resource} where id = %s",
                      [refs_of(graphs, bravo)[KEY[resource]]]).fetchone()[0] != row["name"]


@pytest.mark.parametrize("resource,column,target", [
    ("leases", "field_id", "field"), ("wells", "lease_id", "lease"), ("wells", "field_id", "field"),
    ("wells", "operator_company_id", "company"), ("wells", "drilling_contractor_id", "company")])
def test_a_reference_to_another_organizations_row_is_refused(db, tenants, graphs, resource, column, target):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {column: str(refs_of(graphs, bravo)[target])}
    with pytest.raises(errors.ForeignKeyViolation, match=f"{resource}_{column}_fkey"):
        with db.transaction():
            act_as(db, alpha, "owner")
            insert(db, resource, row)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", WRITER_ROLES + READ_ONLY_ROLES)
def test_asset_writes_per_role(db, tenants, graphs, resource, role):
    alpha, _ = tenants
    refs = refs_of(graphs, alpha)
    allowed = role in WRITER_ROLES
    outcomes = {}
    for verb in ("insert", "update", "delete"):
        try:
            with db.transaction():
                act_as(db, alpha, role)
                if verb == "insert":
                    insert(db, resource, payload(resource, refs))
                elif verb == "update":
                    assert db.execute(f"update api.{resource} set name = name || ' (renamed)' where id = %s",
                                      [refs[KEY[resource]]]).rowcount == 1
                else:
                    row = insert(db, resource, payload(resource, refs)) if allowed else None
                    target = row["id"] if row else refs[KEY[resource]]
                    assert db.execute(f"delete from api.{resource} where id = %s", [target]).rowcount == 1
            outcomes[verb] = "ok"
        except psycopg.Error as error:
            assert "WF_ROLE_FORBIDDEN" in str(error), error
            assert role in json.loads(str(error).splitlines()[0])["message"]
            outcomes[verb] = "forbidden"
    expected = "ok" if allowed else "forbidden"
    assert outcomes == {"insert": expected, "update": expected, "delete": expected}


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
    assert isinstance(caught.value, errors.InsufficientPrivilege) or "WF_AUDIT_APPEND_ONLY" in str(caught.value)
    after = db.execute("select count(*), md5(string_agg(to_jsonb(c)::text, '' order by id)) from audit.changes c"
                       ).fetchone()
    assert after == before and before[0] > 0


def test_analyst_sql_reads_assets_of_its_organization_only(db, db_url, tenants, graphs):
    alpha, _ = tenants
    db.execute("drop role if exists wellflow_test_asset_analyst")
    db.execute("create role wellflow_test_asset_analyst login in role wellflow_analyst")
    db.execute("insert into auth.analyst_organizations values ('wellflow_test_asset_analyst', %s)", [alpha.id])
    try:
        with psycopg.connect(ops.role_url(db_url, "wellflow_test_asset_analyst")) as analyst:
            for resource in RESOURCES:
                seen = {r[0] for r in analyst.execute(f"select organization_id from api.{resource}")}
                assert seen == {alpha.id}, resource
            with pytest.raises(errors.InsufficientPrivilege):
                analyst.execute("update api.wells set name = 'x'")
    finally:
        db.execute("delete from auth.analyst_organizations where role_name = 'wellflow_test_asset_analyst'")
        db.execute("drop owned by wellflow_test_asset_analyst")
        db.execute("drop role wellflow_test_asset_analyst")
