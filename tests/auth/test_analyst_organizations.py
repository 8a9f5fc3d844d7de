"""Analyst SQL logins (sql/auth/analyst_organizations.sql): bound to their organization whatever
claims they set, and read-only."""

import psycopg
import pytest
from psycopg import errors

from support.assets import RESOURCES
from wellflow_cli import db as ops


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
