"""The OpenAPI document PostgREST serves describes every resource, column and RPC (from the SQL
comments)."""

import httpx
import psycopg


def test_openapi_lists_every_resource_with_its_description(stack):
    document = httpx.get(f"{stack.base_url}/openapi.json").json()
    for resource in ("organizations", "users", "memberships"):
        definition = document["definitions"][resource]
        assert definition.get("description"), resource
        for column, spec in definition["properties"].items():
            assert spec.get("description"), f"{resource}.{column}"
    assert "/rpc/login" in document["paths"]


RESOURCES_IN_OPENAPI = ["fields", "companies", "leases", "wells", "audit_log", "well_number_states",
                        "well_number_counties", "production", "well_tests", "production_monthly_wells",
                        "production_monthly_leases", "production_monthly_fields", "production_monthly_organizations"]


def test_the_openapi_document_describes_every_asset_resource_and_column(stack):
    with stack.client() as client:
        document = client.get("/", headers={"Accept": "application/openapi+json"}).json()
    with psycopg.connect(stack.db_url) as conn:
        columns = conn.execute(
            "select c.relname, a.attname, col_description(c.oid, a.attnum) from pg_class c"
            " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
            " where c.relnamespace = 'api'::regnamespace and c.relname = any(%s)",
            [RESOURCES_IN_OPENAPI]).fetchall()
    assert len({table for table, _, _ in columns}) == len(RESOURCES_IN_OPENAPI)
    for table, column, comment in columns:
        definition = document["definitions"][table]
        assert definition["description"], table
        assert comment and comment in definition["properties"][column]["description"], (table, column)
    assert "/wells" in document["paths"] and "/rpc/import_production" in document["paths"]


FINANCE_RESOURCES = ("finance_settings", "afes", "afe_line_items", "afe_approvals", "division_orders",
                     "severance_tax_rates", "revenue_distributions", "revenue_distribution_lines",
                     "owner_statements", "owner_suspense_balances")


def test_the_openapi_document_describes_every_finance_resource_and_column(stack):
    with stack.client() as client:
        document = client.get("/", headers={"Accept": "application/openapi+json"}).json()
    for resource in FINANCE_RESOURCES:
        definition = document["definitions"][resource]
        assert definition.get("description"), resource
        for column, spec in definition["properties"].items():
            assert spec.get("description"), f"{resource}.{column}"
    for rpc in ("submit_afe", "decide_afe", "reopen_afe", "close_afe", "create_supplement",
                "calculate_revenue_distribution", "approve_revenue_distribution"):
        assert document["paths"][f"/rpc/{rpc}"]["post"].get("summary"), rpc
