"""The OpenAPI document at the API root (api.openapi_document) describes every resource, column and
RPC (from the SQL comments), with each resource's verbs exactly those it takes."""

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
                     "owner_statements", "owner_suspense_balances", "sales_statements", "payment_runs",
                     "owner_payments", "owner_payment_lines", "owner_payable_balances", "owner_dormant_balances",
                     "late_payment_interest_rates", "dormancy_periods")


def test_the_openapi_document_describes_every_finance_resource_and_column(stack):
    with stack.client() as client:
        document = client.get("/", headers={"Accept": "application/openapi+json"}).json()
    for resource in FINANCE_RESOURCES:
        definition = document["definitions"][resource]
        assert definition.get("description"), resource
        for column, spec in definition["properties"].items():
            assert spec.get("description"), f"{resource}.{column}"
    for rpc in ("submit_afe", "decide_afe", "reopen_afe", "close_afe", "create_supplement",
                "calculate_revenue_distribution", "approve_revenue_distribution", "distribute_revenue_month",
                "import_sales_statements", "set_company_tax_id", "create_payment_run", "approve_payment_run",
                "void_owner_payment", "reissue_owner_payment", "download_owner_statement", "owner_1099_amounts"):
        assert document["paths"][f"/rpc/{rpc}"]["post"].get("summary"), rpc


def test_the_openapi_document_lists_for_each_resource_only_the_verbs_it_takes(stack):
    """The root document is api.openapi_document(): each resource offers GET and exactly the writes
    PostgreSQL and wellflow_user's grants allow (the rule the 405 below follows), so a view that
    takes PATCH alone does not also show POST and DELETE."""
    document = httpx.get(f"{stack.base_url}/openapi.json").json()
    with psycopg.connect(stack.db_url) as conn:
        allowed = dict(conn.execute(
            "select c.relname, app.api_resource_methods(c.oid) from pg_class c"
            " where c.relnamespace = 'api'::regnamespace and c.relkind in ('r', 'v')").fetchall())
    assert len(allowed) >= 35
    for name, methods in allowed.items():
        expected = {"get"} | {m.lower() for m in methods if m in ("POST", "PATCH", "DELETE")}
        assert set(document["paths"][f"/{name}"]) == expected, name
    verbs = {name: set(document["paths"][f"/{name}"]) for name in
             ("finance_settings", "memberships", "users", "organizations", "wells", "severance_tax_rates")}
    assert verbs == {"finance_settings": {"get", "patch"}, "memberships": {"get", "patch", "delete"},
                     "users": {"get", "patch"}, "organizations": {"get", "patch"},
                     "wells": {"get", "post", "patch", "delete"}, "severance_tax_rates": {"get"}}
    assert sum(1 for methods in allowed.values() if methods == ["GET", "HEAD", "OPTIONS"]) >= 20


def test_the_document_keeps_postgrest_shape_keys_and_media_type(stack):
    """Key notes traced to the base tables, RPC arguments with their required ones, and both media
    types a client may ask for."""
    with stack.client() as client:
        openapi = client.get("/", headers={"Accept": "application/openapi+json"})
        plain = client.get("/", headers={"Accept": "application/json"})
    assert openapi.status_code == 200 and openapi.headers["content-type"].startswith("application/openapi+json")
    assert plain.status_code == 200 and plain.json() == openapi.json()
    document = openapi.json()
    assert document["swagger"] == "2.0" and document["host"] == stack.base_url.removeprefix("http://")
    wells = document["definitions"]["wells"]["properties"]
    assert wells["id"]["description"].endswith("Note:\nThis is a Primary Key.<pk/>")
    assert "This is a Foreign Key to `organizations.id`.<fk table='organizations' column='id'/>" \
        in wells["organization_id"]["description"]
    assert wells["status"]["enum"][:2] == ["permitted", "drilling"] and wells["status"]["format"] == "app.well_status"
    assert document["parameters"]["rowFilter.wells.id"]["description"] == "Well id (UUID v7)."
    login = document["paths"]["/rpc/login"]["post"]["parameters"][0]["schema"]
    assert login["required"] == ["email", "password"] and set(login["properties"]) == {"email", "password",
                                                                                     "organization_id"}
    assert "/rpc/finance_settings_write" not in document["paths"], "trigger functions are no endpoints"


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
            "DELETE /organizations": client.delete(f"/organizations?id=eq.{alpha.id}"),
            "POST /memberships": client.post("/memberships", json={"org_role": "viewer"}),
        }
        kept = client.get("/finance_settings")
    for request, response in answers.items():
        assert response.status_code == 405, (request, response.text)
        assert response.json()["code"] == "WF_METHOD_NOT_ALLOWED" and response.json()["details"] == "method"
    assert answers["POST /finance_settings"].headers["allow"] == "GET, HEAD, OPTIONS, PATCH"
    assert answers["POST /severance_tax_rates"].headers["allow"] == "GET, HEAD, OPTIONS"
    assert answers["DELETE /organizations"].headers["allow"] == "GET, HEAD, OPTIONS, PATCH"
    assert answers["POST /memberships"].headers["allow"] == "GET, HEAD, OPTIONS, PATCH, DELETE"
    assert kept.status_code == 200 and len(kept.json()) == 1
    with httpx.Client(base_url=stack.base_url) as anonymous:
        assert anonymous.post("/well_number_states", json={}).status_code == 405
