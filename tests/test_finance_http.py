"""Finance as a client sees it: through nginx and PostgREST, with real tokens."""

import pytest

from assets import REPRESENTATION, payload, post_graph, post_row

FINANCE_RESOURCES = ("finance_settings", "afes", "afe_line_items", "afe_approvals", "division_orders",
                     "severance_tax_rates", "revenue_distributions", "revenue_distribution_lines",
                     "owner_statements", "owner_suspense_balances")


@pytest.fixture
def clients(stack, http_tenants):
    alpha, _ = http_tenants
    made = {role: stack.client(stack.login(alpha.emails[role])) for role in ("engineer", "accountant", "viewer")}
    yield made
    for client in made.values():
        client.close()


@pytest.fixture
def graph(clients):
    refs = post_graph(clients["engineer"])
    refs["well"] = post_row(clients["engineer"], "wells", payload("wells", refs))["id"]
    refs["partner"] = post_row(clients["engineer"], "companies", payload("companies"))["id"]
    return refs


def draft_afe(engineer, refs) -> dict:
    afe = post_row(engineer, "afes", {"afe_number": f"AFE-{refs['well'][-6:]}", "afe_type": "completion",
                                      "well_id": refs["well"], "description": "Frac 40 stages"})
    post_row(engineer, "afe_line_items", {"afe_id": afe["id"], "category": "intangible_completion",
                                          "cost_code": "ICC-1", "description": "Frac spread", "estimated_amount": 900000})
    for company, interest in ((refs["company"], 0.6), (refs["partner"], 0.4)):
        post_row(engineer, "afe_approvals", {"afe_id": afe["id"], "company_id": company, "working_interest": interest})
    return afe


def test_workflow_errors_answer_4xx_with_a_stable_code_and_field(clients, graph):
    engineer, accountant, viewer = clients["engineer"], clients["accountant"], clients["viewer"]
    afe = draft_afe(engineer, graph)
    closing = accountant.post("/rpc/close_afe", json={"afe_id": afe["id"]})
    assert closing.status_code == 409 and closing.json()["code"] == "WF_AFE_ILLEGAL_TRANSITION"
    assert "is draft; it cannot become closed" in closing.json()["message"] and closing.json()["details"] == "status"
    direct = engineer.patch(f"/afes?id=eq.{afe['id']}", json={"status": "approved"})
    assert direct.status_code == 400 and direct.json()["details"] == "status"
    assert viewer.post("/rpc/submit_afe", json={"afe_id": afe["id"]}).status_code == 403
    rounded = engineer.post("/afe_line_items", json={"afe_id": afe["id"], "category": "contingency",
                                                     "cost_code": "C", "description": "More", "estimated_amount": 1.005})
    assert rounded.status_code == 400 and "afe_line_items_estimated_amount_check" in rounded.json()["message"]
    submitted = engineer.post("/rpc/submit_afe", json={"afe_id": afe["id"]})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    decide = engineer.post("/rpc/decide_afe", json={"afe_id": afe["id"], "company_id": graph["partner"],
                                                    "decision": "approve"})
    assert decide.status_code == 403 and decide.json()["code"] == "WF_ROLE_FORBIDDEN"
    reject = accountant.post("/rpc/decide_afe", json={"afe_id": afe["id"], "company_id": graph["partner"],
                                                      "decision": "reject"})
    assert reject.status_code == 400 and reject.json()["details"] == "comment"
    frozen = engineer.post("/afe_line_items", json={"afe_id": afe["id"], "category": "contingency",
                                                    "cost_code": "C", "description": "More", "estimated_amount": 1})
    assert frozen.status_code == 409 and frozen.json()["code"] == "WF_AFE_FROZEN"


def test_decimals_above_one_are_refused_at_commit_with_422(clients, graph):
    accountant = clients["accountant"]
    base = {"well_id": graph["well"], "effective_from": "2024-01-01", "product": "oil"}
    first = accountant.post("/division_orders", json=[
        base | {"owner_company_id": graph["company"], "interest_type": "wi", "decimal_interest": 0.875},
        base | {"owner_company_id": graph["partner"], "interest_type": "ri", "decimal_interest": 0.125}])
    assert first.status_code == 201, first.text
    over = accountant.post("/division_orders", json=base | {
        "owner_company_id": graph["partner"], "interest_type": "orri", "decimal_interest": 0.00000001})
    assert over.status_code == 422 and over.json()["code"] == "WF_DECIMALS_OVER_ONE", over.text
    assert over.json()["details"] == "decimal_interest" and "0.00000001 over" in over.json()["message"]
    overlap = accountant.post("/division_orders", json=base | {
        "owner_company_id": graph["partner"], "interest_type": "ri", "decimal_interest": 0.1,
        "effective_from": "2025-01-01", "product": "all"})
    assert overlap.status_code == 400 and overlap.json()["code"] == "23P01"
    assert "division_orders_effective_excl" in overlap.json()["message"]
    nine = accountant.post("/division_orders", json=base | {
        "owner_company_id": graph["partner"], "interest_type": "npri", "decimal_interest": 0.123456789})
    assert nine.status_code == 400 and "division_orders_decimal_interest_check" in nine.json()["message"]
    rows = accountant.get(f"/division_orders?well_id=eq.{graph['well']}").json()
    assert sorted(row["decimal_interest"] for row in rows) == [0.125, 0.875]
    viewer = clients["viewer"].post("/division_orders", json=base | {
        "owner_company_id": graph["partner"], "interest_type": "npri", "decimal_interest": 0.01})
    assert viewer.status_code == 403 and viewer.json()["code"] == "WF_ROLE_FORBIDDEN"


def test_finance_settings_are_one_row_with_defaults_and_patchable(clients):
    settings = clients["viewer"].get("/finance_settings")
    assert settings.status_code == 200 and len(settings.json()) == 1
    assert (settings.json()[0]["afe_approval_threshold"], settings.json()[0]["afe_overrun_percent"]) == (0.5, 10)
    changed = clients["accountant"].patch("/finance_settings", json={"afe_overrun_percent": 15},
                                          headers=REPRESENTATION)
    assert changed.status_code == 200 and changed.json()[0]["afe_overrun_percent"] == 15
    refused = clients["engineer"].patch("/finance_settings", json={"afe_overrun_percent": 50})
    assert refused.status_code == 403 and refused.json()["code"] == "WF_ROLE_FORBIDDEN"


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
