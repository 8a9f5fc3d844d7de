"""Analyst SQL logins (sql/auth/analyst_organizations.sql): bound to their organization whatever
claims they set, and read-only."""

import pytest
from psycopg import errors

from support.assets import RESOURCES
from support.sessions import connect_as_analyst


@pytest.fixture
def analyst(db, db_url, tenants):
    """A connection of an analyst login of the first tenant, made as a DBA would."""
    alpha, _ = tenants
    login = db.execute("select auth.create_analyst_login(%s, 'reader')", [alpha.id]).fetchone()[0]
    try:
        with connect_as_analyst(db_url, login) as conn:
            yield conn
    finally:
        db.execute("select auth.revoke_analyst_login(null, %s)", [login["role_name"]])


def test_analyst_sql_is_bound_to_its_organization_whatever_claims_it_sets(analyst, tenants):
    alpha, bravo = tenants
    analyst.execute("select set_config('request.jwt.claims', %s, false)",
                    ['{"org_id": "%s", "org_role": "owner"}' % bravo.id])
    seen = {r[0] for r in analyst.execute("select organization_id from api.memberships")}
    assert seen == {alpha.id}
    analyst.rollback()
    analyst.execute("set transaction read write")
    with pytest.raises(errors.InsufficientPrivilege):
        analyst.execute("update api.organizations set name = 'x'")


def test_analyst_sql_reads_assets_of_its_organization_only(analyst, tenants, graphs):
    alpha, _ = tenants
    for resource in RESOURCES:
        seen = {r[0] for r in analyst.execute(f"select organization_id from api.{resource}")}
        assert seen == {alpha.id}, resource
    analyst.rollback()
    analyst.execute("set transaction read write")
    with pytest.raises(errors.InsufficientPrivilege):
        analyst.execute("update api.wells set name = 'x'")
