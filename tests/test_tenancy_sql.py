"""Tenant isolation and role rules at the SQL level, acting exactly as PostgREST does."""

import psycopg
import pytest
from psycopg import errors

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


def test_insert_into_another_organization_is_refused(db, tenants):
    alpha, bravo = tenants
    stranger = db.execute("select tests.create_user()").fetchone()[0]
    with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("insert into api.memberships (organization_id, user_id, org_role) values (%s, %s, 'viewer')",
                       [bravo.id, stranger])


def test_update_and_delete_cannot_reach_another_organization(db, tenants):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "owner")
        updated = db.execute("update api.memberships set org_role = 'viewer' where organization_id = %s",
                             [bravo.id]).rowcount
        deleted = db.execute("delete from api.memberships where organization_id = %s", [bravo.id]).rowcount
        renamed = db.execute("update api.organizations set name = 'Taken over' where id = %s", [bravo.id]).rowcount
    assert (updated, deleted, renamed) == (0, 0, 0)
    roles = db.execute("select count(*) from app.memberships where organization_id = %s and org_role = 'viewer'",
                       [bravo.id]).fetchone()[0]
    assert roles == 1
    assert db.execute("select name from app.organizations where id = %s", [bravo.id]).fetchone()[0] == bravo.name


def test_upsert_cannot_overwrite_another_organizations_row(db, tenants):
    alpha, bravo = tenants
    bravo_membership = db.execute("select id, user_id from app.memberships where organization_id = %s limit 1",
                                  [bravo.id]).fetchone()
    with pytest.raises(errors.InsufficientPrivilege):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("""insert into api.memberships (organization_id, id, user_id, org_role)
                          values (%s, %s, %s, 'admin')
                          on conflict (organization_id, user_id) do update set org_role = excluded.org_role""",
                       [bravo.id, bravo_membership[0], bravo_membership[1]])


def test_a_user_may_not_move_a_membership_to_another_organization(db, tenants):
    alpha, bravo = tenants
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("update app.memberships set organization_id = %s where organization_id = %s",
                       [bravo.id, alpha.id])


@pytest.mark.parametrize("role,allowed", [("owner", True), ("admin", True), ("manager", False),
                                          ("engineer", False), ("accountant", False), ("viewer", False)])
def test_only_owners_and_admins_manage_memberships(db, tenants, role, allowed):
    alpha, _ = tenants
    newcomer = db.execute("select tests.create_user()").fetchone()[0]
    try:
        with db.transaction():
            act_as(db, alpha, role)
            db.execute("insert into api.memberships (user_id, org_role) values (%s, 'engineer')", [newcomer])
        inserted = True
    except psycopg.Error as error:
        assert "WF_ROLE_FORBIDDEN" in str(error)
        inserted = False
    assert inserted is allowed
    try:
        with db.transaction():
            act_as(db, alpha, role)
            changed = db.execute("update api.memberships set org_role = 'manager' where user_id = %s",
                                 [alpha.users["viewer"]]).rowcount
    except psycopg.Error as error:
        assert "WF_ROLE_FORBIDDEN" in str(error)
        changed = 0
    assert changed == (1 if allowed else 0)


def test_admin_cannot_grant_the_owner_role(db, tenants):
    alpha, _ = tenants
    with pytest.raises(psycopg.Error, match="WF_OWNER_REQUIRED"):
        with db.transaction():
            act_as(db, alpha, "admin")
            db.execute("update api.memberships set org_role = 'owner' where user_id = %s", [alpha.users["viewer"]])


def test_the_last_owner_cannot_step_down(db, tenants):
    alpha, _ = tenants
    with pytest.raises(psycopg.Error, match="WF_LAST_OWNER"):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("update api.memberships set org_role = 'admin' where user_id = %s", [alpha.users["owner"]])


def test_users_may_rename_only_themselves(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "viewer")
        own = db.execute("update api.users set full_name = 'Vera Viewer' where id = %s",
                         [alpha.users["viewer"]]).rowcount
        other = db.execute("update api.users set full_name = 'Hijacked' where id = %s",
                           [alpha.users["owner"]]).rowcount
    assert (own, other) == (1, 0)


def test_password_hashes_are_unreachable_for_web_roles(db, tenants):
    alpha, _ = tenants
    with pytest.raises(errors.InsufficientPrivilege):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("select password_hash from auth.credentials")


def test_analyst_sql_is_bound_to_its_organization_whatever_claims_it_sets(db, db_url, tenants):
    alpha, bravo = tenants
    db.execute("drop role if exists wellflow_test_analyst")
    db.execute("create role wellflow_test_analyst login in role wellflow_analyst")
    db.execute("insert into auth.analyst_organizations values ('wellflow_test_analyst', %s)", [alpha.id])
    try:
        with psycopg.connect(ops.role_url(db_url, "wellflow_test_analyst")) as analyst:
            analyst.execute("select set_config('request.jwt.claims', %s, false)",
                            ['{"org_id": "%s", "org_role": "owner"}' % bravo.id])
            seen = {r[0] for r in analyst.execute("select organization_id from api.memberships")}
            assert seen == {alpha.id}
            with pytest.raises(errors.InsufficientPrivilege):
                analyst.execute("update api.organizations set name = 'x'")
    finally:
        db.execute("delete from auth.analyst_organizations where role_name = 'wellflow_test_analyst'")
        db.execute("drop owned by wellflow_test_analyst")
        db.execute("drop role wellflow_test_analyst")


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


def test_removing_forced_rls_from_any_table_fails_the_schema_check(db, db_url):
    """The schema-wide pgTAP check is not a test that cannot fail."""
    import subprocess
    from pathlib import Path

    tables = [r[0] for r in db.execute(
        "select c.oid::regclass::text from pg_class c where c.relnamespace in "
        "('app'::regnamespace, 'auth'::regnamespace) and c.relkind in ('r', 'p')")]
    assert len(tables) >= 5
    check = Path(__file__).parent / "pgtap" / "schema_rules.sql"
    for table in tables:
        db.execute(f"alter table {table} no force row level security")
        try:
            result = subprocess.run(["pg_prove", "--dbname", db_url, str(check)], capture_output=True, text=True)
        finally:
            db.execute(f"alter table {table} force row level security")
        assert result.returncode != 0, f"removing force on {table} went unnoticed"
