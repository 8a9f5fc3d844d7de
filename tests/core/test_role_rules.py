"""Role sets (sql/core/role_rules.sql): the only place that lists which organization roles may
write what; every policy, role trigger and role assertion names a set."""

import re

import pytest

from conftest import act_as

EXPECTED = {
    "owners": ["owner"],
    "admins": ["owner", "admin"],
    "asset_writers": ["owner", "admin", "manager", "engineer"],
    "afe_writers": ["owner", "admin", "accountant", "engineer"],
    "finance_writers": ["owner", "admin", "accountant"],
}


def test_each_role_set_holds_its_roles(db):
    sets = dict(db.execute("select s, app.role_set_roles(s) from unnest(enum_range(null::app.role_set)) s").fetchall())
    assert sets == EXPECTED


def test_every_role_trigger_names_a_role_set(db):
    """A trigger argument that is not a role set would fail only when someone writes the table."""
    arguments = db.execute("""
        select t.tgrelid::regclass::text, t.tgnargs, encode(t.tgargs, 'escape')
          from pg_trigger t where t.tgfoid = 'app.require_org_role()'::regprocedure""").fetchall()
    assert len(arguments) >= 15
    for table, count, raw in arguments:
        names = raw.rstrip("\\000").split("\\000")
        assert count >= 1 and len(names) == count, f"{table}: the role trigger names its role sets"
        assert set(names) <= set(EXPECTED), table


def test_no_policy_or_function_spells_out_a_role_list(db):
    """Policies and function bodies ask for a role set, never list roles themselves."""
    policies = db.execute("select policyname, coalesce(qual, '') || coalesce(with_check, '') from pg_policies"
                          " where schemaname in ('app', 'audit', 'auth')").fetchall()
    listed = [name for name, text in policies if re.search(r"current_role_in|'(owner|admin|accountant)'", text)]
    assert listed == []
    bodies = db.execute("""
        select p.oid::regprocedure::text, p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname in ('app', 'api', 'auth', 'audit')
           and p.proname not in ('role_set_roles', 'current_role_may', 'current_role_in')""").fetchall()
    spelled = [name for name, body in bodies if re.search(r"current_role_in\(|assert_org_role\([^)]*'owner'", body)]
    assert spelled == []


@pytest.mark.parametrize("role,allowed", [("engineer", True), ("manager", False), ("viewer", False)])
def test_an_action_is_allowed_exactly_to_its_role_set(db, tenants, role, allowed):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, role)
        assert db.execute("select app.current_role_may('afe_writers')").fetchone()[0] is allowed
