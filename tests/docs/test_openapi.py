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


def test_the_openapi_document_offers_read_only_resources_for_get_alone(stack):
    """Every view PostgreSQL cannot write lists GET alone. (PostgREST 12 lists POST, PATCH and DELETE
    together as soon as a view takes one of them: those it does not take answer 405, below.)"""
    document = httpx.get(f"{stack.base_url}/openapi.json").json()
    with psycopg.connect(stack.db_url) as conn:
        updatable = dict(conn.execute("select c.relname, pg_relation_is_updatable(c.oid, true) from pg_class c"
                                      " where c.relnamespace = 'api'::regnamespace and c.relkind = 'v'").fetchall())
    read_only = sorted(name for name, mask in updatable.items() if mask == 0)
    assert len(read_only) >= 20
    for name in read_only:
        assert set(document["paths"][f"/{name}"]) == {"get"}, name
    for name, mask in updatable.items():
        if mask:
            assert {"post", "patch", "delete"} <= set(document["paths"][f"/{name}"]), name


def test_a_verb_a_resource_does_not_take_is_a_405_json_error_naming_the_allowed_ones(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as client:
        answers = {
            "POST /finance_settings": client.post("/finance_settings", json={}),
            "DELETE /finance_settings": client.delete("/finance_settings"),
            "POST /severance_tax_rates": client.post("/severance_tax_rates", json={"state_code": "42"}),
            "PUT /well_number_states": client.put("/well_number_states?state_code=eq.42", json={}),
            "PATCH /production_monthly_wells": client.patch("/production_monthly_wells", json={"oil_bbl": 1}),
            "DELETE /compliance_obligations": client.delete("/compliance_obligations"),
        }
        kept = client.get("/finance_settings")
    for request, response in answers.items():
        assert response.status_code == 405, (request, response.text)
        assert response.json()["code"] == "WF_METHOD_NOT_ALLOWED" and response.json()["details"] == "method"
    assert answers["POST /finance_settings"].headers["allow"] == "GET, HEAD, OPTIONS, PATCH"
    assert answers["POST /severance_tax_rates"].headers["allow"] == "GET, HEAD, OPTIONS"
    assert kept.status_code == 200 and len(kept.json()) == 1
    with httpx.Client(base_url=stack.base_url) as anonymous:
        assert anonymous.post("/well_number_states", json={}).status_code == 405
