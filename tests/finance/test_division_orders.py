"""Division orders (sql/finance/division_orders.sql): decimals that sum to at most one per product
and day, no overlapping lines, checks that name the field, and finance roles only; at the SQL level
and over HTTP."""

import psycopg
import pytest

from conftest import act_as
from support.finance import FINANCE_ROLES, READ_ONLY_ROLES, as_role, deck, division_order, refused, wf_error


def test_a_deck_may_sum_to_one_and_not_beyond(db, tenants, owners):
    alpha, _ = tenants
    well = owners["well"]
    deck(db, alpha, [(well, owners["operator"], "0.875"), (well, owners["royalty"], "0.125", {"interest_type": "ri"})])
    with pytest.raises(psycopg.Error) as caught:
        deck(db, alpha, [(well, owners["npri"], "0.00000001", {"interest_type": "npri", "product": "gas"})])
    error = wf_error(caught.value)
    assert (error["code"], error["details"]) == ("WF_DECIMALS_OVER_ONE", "decimal_interest")
    assert "gas decimals" in error["message"] and "1.00000001" in error["message"] and "0.00000001 over" in error["message"]
    # Later, a line that ends frees its share for a successor.
    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("update api.division_orders set effective_to = '2024-12-31' where owner_company_id = %s",
                   [owners["royalty"]])
        division_order(db, well, owners["npri"], "0.125", "npri", effective_from="2025-01-01")
    count = db.execute("select count(*) from app.division_orders where well_id = %s", [well]).fetchone()[0]
    assert count == 3


def test_overlapping_lines_of_one_owner_and_type_are_refused(db, tenants, owners):
    alpha, _ = tenants
    well = owners["well"]
    deck(db, alpha, [(well, owners["partner_a"], "0.25", {"product": "oil", "effective_to": "2025-06-30"})])
    for clash in ({"product": "oil", "effective_from": "2025-06-30"}, {"product": "all", "effective_from": "2024-01-01"}):
        with pytest.raises(psycopg.errors.ExclusionViolation, match="division_orders_effective_excl"):
            deck(db, alpha, [(well, owners["partner_a"], "0.25", clash)])
    deck(db, alpha, [(well, owners["partner_a"], "0.25", {"product": "gas"}),
                     (well, owners["partner_a"], "0.25", {"product": "oil", "effective_from": "2025-07-01"}),
                     (well, owners["partner_a"], "0.01", {"interest_type": "orri", "product": "oil"}),
                     (well, owners["partner_a"], "0.5", {"product": "oil", "status": "inactive"})])


@pytest.mark.parametrize("change,constraint", [
    ({"decimal_interest": "0.123456789"}, "division_orders_decimal_interest_check"),
    ({"decimal_interest": "0"}, "division_orders_decimal_interest_check"),
    ({"decimal_interest": "1.00000001"}, "division_orders_decimal_interest_check"),
    ({"effective_to": "2019-12-31"}, "division_orders_effective_to_check"),
    ({"pay_status": "suspense"}, "division_orders_suspense_reason_check"),
    ({"suspense_reason": "title"}, "division_orders_suspense_reason_check"),
])
def test_division_order_checks_name_the_field(db, tenants, owners, change, constraint):
    alpha, _ = tenants
    with pytest.raises(psycopg.errors.CheckViolation, match=constraint):
        extra = dict(change)
        deck(db, alpha, [(owners["well"], owners["royalty"], extra.pop("decimal_interest", "0.125"), extra)])


@pytest.mark.parametrize("role", FINANCE_ROLES + READ_ONLY_ROLES + ("engineer",))
def test_division_orders_are_written_by_finance_roles(db, tenants, owners, role):
    alpha, _ = tenants
    if role in FINANCE_ROLES:
        row = as_role(db, alpha, role, division_order, owners["well"], owners["royalty"], "0.125", "ri")
        assert as_role(db, alpha, role, lambda d: d.execute(
            "update api.division_orders set pay_status = 'suspense', suspense_reason = 'legal_hold' where id = %s",
            [row["id"]]).rowcount) == 1
        assert as_role(db, alpha, role, lambda d: d.execute(
            "delete from api.division_orders where id = %s", [row["id"]]).rowcount) == 1
    else:
        error = refused(db, alpha, role, division_order, owners["well"], owners["royalty"], "0.125", "ri")
        assert error["code"] == "WF_ROLE_FORBIDDEN"


# --- over HTTP ---------------------------------------------------------------------------

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
