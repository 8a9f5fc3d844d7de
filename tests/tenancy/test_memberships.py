"""Memberships (sql/tenancy/memberships.sql): tenant isolation and the role rules for managing
members, at the SQL level acting exactly as PostgREST does, and over HTTP."""

import json

import psycopg
import pytest
from psycopg import errors

from conftest import act_as
from support.finance import wf_error
from support.http_errors import error_of


def test_no_one_inserts_a_membership_directly_in_any_organization(db, tenants):
    """Memberships are made by invitations only: a direct insert, here or into another organization,
    is refused, whatever the role."""
    alpha, bravo = tenants
    stranger = db.execute("select tests.create_user()").fetchone()[0]
    for organization in (alpha.id, bravo.id):
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, alpha, "owner")
                db.execute("insert into api.memberships (organization_id, org_role) values (%s, 'viewer')",
                           [organization])
        assert isinstance(caught.value, (errors.InsufficientPrivilege, errors.FeatureNotSupported)), caught.value
    assert db.execute("select count(*) from app.memberships where user_id = %s", [stranger]).fetchone()[0] == 0


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
    try:
        with db.transaction():
            act_as(db, alpha, role)
            db.execute("select api.invite_member(%s, 'Newcomer', 'engineer')", [f"newcomer-{role}@alpha.example"])
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


# --- over HTTP ---------------------------------------------------------------------------

def test_a_membership_posted_directly_is_refused_and_names_nothing_of_another_organization(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as client:
        foreign = client.post("/memberships", json={"organization_id": str(bravo.id), "org_role": "viewer"})
        own = client.post("/memberships", json={"organization_id": str(alpha.id), "org_role": "viewer"})
    for response in (foreign, own):
        assert response.status_code == 405 and response.json()["code"] == "WF_METHOD_NOT_ALLOWED", response.text
        assert str(bravo.id) not in response.text


def test_viewer_writes_are_refused(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["viewer"])) as client:
        response = client.patch(f"/memberships?user_id=eq.{alpha.users['engineer']}", json={"org_role": "admin"},
                                headers={"Prefer": "return=representation"})
    assert response.status_code == 403, response.text
    assert error_of(response)["code"] == "WF_ROLE_FORBIDDEN"
    assert "viewer" in error_of(response)["message"]


@pytest.mark.parametrize("role", ["manager", "engineer", "accountant", "viewer"])
def test_only_owners_and_admins_may_invite_with_the_common_role_error(db, tenants, role):
    """invite_member answers as every other role rule does: 403 WF_ROLE_FORBIDDEN naming the role
    set's members, and nobody is added."""
    alpha, _ = tenants
    with pytest.raises(psycopg.Error) as refused:
        with db.transaction():
            act_as(db, alpha, role)
            db.execute("select api.invite_member('new.hire@alpha.example', 'New Hire', 'viewer')")
    body = wf_error(refused.value)
    assert json.loads(refused.value.diag.message_detail)["status"] == 403
    assert body["code"] == "WF_ROLE_FORBIDDEN"
    assert body["message"] == f"The {role} role may not invite members"
    assert body["hint"] == "Roles that may: owner, admin"
    assert db.execute("select count(*) from app.users where email = 'new.hire@alpha.example'").fetchone()[0] == 0
