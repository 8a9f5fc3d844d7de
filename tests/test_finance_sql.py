"""Financial core at the SQL level: the AFE state machine, approval threshold and overrun math,
division-order decimals, and the revenue distribution engine checked by hand to the cent."""

from decimal import Decimal

import psycopg
import pytest

from assets import create_graph, insert
from conftest import act_as
from finance import (AFE_WRITER_ROLES, FINANCE_ROLES, READ_ONLY_ROLES, afe_status, call, company, create_afe, decide,
                     division_order, money, wf_error)


@pytest.fixture
def books(db, tenants):
    """Per tenant: a well operated by its operator company, and two partner companies."""
    result = {}
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            refs = create_graph(db)
            refs["operator"] = refs["company"]
            refs["partner_a"], refs["partner_b"] = company(db), company(db)
        result[tenant.name] = refs
    return result


def as_role(db, tenant, role, action, *args):
    with db.transaction():
        act_as(db, tenant, role)
        return action(db, *args)


def partners_of(refs):
    return [(refs["operator"], "0.45"), (refs["partner_a"], "0.30"), (refs["partner_b"], "0.25")]


def afe_in(db, tenant, refs, state: str) -> dict:
    """An AFE brought to the given status through the workflow."""
    afe = as_role(db, tenant, "engineer", create_afe, refs, partners_of(refs))
    if state == "draft":
        return afe
    as_role(db, tenant, "engineer", call, "submit_afe", afe["id"])
    if state == "submitted":
        return afe
    if state in ("approved", "closed"):
        as_role(db, tenant, "accountant", decide, afe["id"], refs["partner_a"], "approve")
        as_role(db, tenant, "accountant", decide, afe["id"], refs["partner_b"], "approve")
    else:
        as_role(db, tenant, "accountant", decide, afe["id"], refs["operator"], "reject", "Too expensive")
        as_role(db, tenant, "accountant", decide, afe["id"], refs["partner_a"], "reject", "Wait for pricing")
    if state == "closed":
        as_role(db, tenant, "accountant", call, "close_afe", afe["id"])
    assert afe_status(db, afe["id"]) == state
    return afe


def refused(db, tenant, role, action, *args) -> dict:
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, tenant, role, action, *args)
    return wf_error(caught.value)


# --- the state machine -------------------------------------------------------------------

ACTIONS = {
    "submitted": lambda db, afe, refs: call(db, "submit_afe", afe["id"]),
    "draft": lambda db, afe, refs: call(db, "reopen_afe", afe["id"]),
    "closed": lambda db, afe, refs: call(db, "close_afe", afe["id"]),
}
STATES = ("draft", "submitted", "approved", "rejected", "closed")
LEGAL = {("draft", "submitted"), ("rejected", "draft"), ("approved", "closed"), ("rejected", "closed")}


@pytest.mark.parametrize("current,requested", [(c, r) for c in STATES for r in ACTIONS])
def test_every_rpc_transition_is_legal_or_refused_naming_both_states(db, tenants, books, current, requested):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, current)
    if (current, requested) in LEGAL:
        moved = as_role(db, alpha, "owner", ACTIONS[requested], afe, refs)
        assert moved["status"] == requested == afe_status(db, afe["id"])
    else:
        error = refused(db, alpha, "owner", ACTIONS[requested], afe, refs)
        assert error["code"] == "WF_AFE_ILLEGAL_TRANSITION" and error["details"] == "status"
        assert f"is {current}; it cannot become {requested}" in error["message"]
        assert afe_status(db, afe["id"]) == current


@pytest.mark.parametrize("current", ["draft", "approved", "rejected", "closed"])
def test_decisions_are_taken_on_submitted_afes_only(db, tenants, books, current):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, current)
    error = refused(db, alpha, "accountant", decide, afe["id"], refs["partner_b"], "approve")
    assert error["code"] == "WF_AFE_ILLEGAL_TRANSITION" and f"is {current}" in error["message"]


def test_submitted_becomes_approved_or_rejected_by_decisions(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    assert afe_in(db, alpha, refs, "approved") and afe_in(db, alpha, refs, "rejected")


def test_a_reopened_afe_starts_its_decisions_afresh(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, "rejected")
    as_role(db, alpha, "engineer", call, "reopen_afe", afe["id"])
    decisions = db.execute("select array_agg(decision::text) from app.afe_approvals where afe_id = %s",
                           [afe["id"]]).fetchone()[0]
    assert decisions == ["pending"] * 3
    as_role(db, alpha, "engineer", call, "submit_afe", afe["id"])
    assert afe_status(db, afe["id"]) == "submitted"


@pytest.mark.parametrize("column,value", [("status", "approved"), ("estimated_total", 1), ("approved_total", 5),
                                          ("submitted_at", "2026-01-01")])
def test_workflow_columns_cannot_be_written_directly(db, tenants, books, column, value):
    alpha, _ = tenants
    afe = afe_in(db, alpha, books[alpha.name], "draft")
    error = refused(db, alpha, "owner", lambda d: d.execute(f"update api.afes set {column} = %s where id = %s",
                                                            [value, afe["id"]]))
    assert (error["code"], error["details"]) == ("WF_AFE_READ_ONLY_FIELD", column)


def test_an_afe_cannot_be_created_in_another_status(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    error = refused(db, alpha, "engineer", insert, "afes", {
        "afe_number": "AFE-SNEAKY", "afe_type": "workover", "well_id": refs["well"], "description": "x",
        "status": "approved"})
    assert (error["code"], error["details"]) == ("WF_AFE_READ_ONLY_FIELD", "status")


@pytest.mark.parametrize("state", ["submitted", "approved", "rejected", "closed"])
def test_line_items_participants_and_header_are_frozen_once_submitted(db, tenants, books, state):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, state)
    attempts = {
        "add line": lambda d: insert(d, "afe_line_items", {"afe_id": afe["id"], "category": "contingency",
                                                           "cost_code": "CONT", "description": "More",
                                                           "estimated_amount": "1.00"}),
        "change estimate": lambda d: d.execute("update api.afe_line_items set estimated_amount = 1 where afe_id = %s",
                                               [afe["id"]]),
        "delete line": lambda d: d.execute("delete from api.afe_line_items where afe_id = %s", [afe["id"]]),
        "change interest": lambda d: d.execute("update api.afe_approvals set working_interest = 0.5 where afe_id = %s",
                                               [afe["id"]]),
        "edit header": lambda d: d.execute("update api.afes set description = 'Changed' where id = %s", [afe["id"]]),
        "delete afe": lambda d: d.execute("delete from api.afes where id = %s", [afe["id"]]),
    }
    for name, attempt in attempts.items():
        error = refused(db, alpha, "owner", attempt)
        assert error["code"] == "WF_AFE_FROZEN", name
    totals = db.execute("select estimated_total, (select count(*) from app.afe_line_items where afe_id = a.id)"
                        " from app.afes a where id = %s", [afe["id"]]).fetchone()
    assert totals == (Decimal("100000.00"), 2)


def test_the_estimated_total_follows_the_line_items(db, tenants, books):
    alpha, _ = tenants
    afe = afe_in(db, alpha, books[alpha.name], "draft")

    def total():
        return db.execute("select estimated_total from app.afes where id = %s", [afe["id"]]).fetchone()[0]

    assert total() == Decimal("100000.00")
    as_role(db, alpha, "engineer", lambda d: d.execute(
        "update api.afe_line_items set estimated_amount = 12345.67 where afe_id = %s and cost_code = 'IDC-1'",
        [afe["id"]]))
    assert total() == Decimal("52345.67")
    as_role(db, alpha, "engineer", lambda d: d.execute(
        "delete from api.afe_line_items where afe_id = %s and cost_code = 'IDC-2'", [afe["id"]]))
    assert total() == Decimal("12345.67")
    variance = db.execute("select variance from app.afe_line_items where afe_id = %s", [afe["id"]]).fetchone()[0]
    assert variance == Decimal("-12345.67")


@pytest.mark.parametrize("amount", ["10.005", "-1", "1000000000000"])
def test_money_is_refused_not_rounded(db, tenants, books, amount):
    alpha, _ = tenants
    afe = afe_in(db, alpha, books[alpha.name], "draft")
    with pytest.raises(psycopg.errors.CheckViolation, match="afe_line_items_estimated_amount_check"):
        as_role(db, alpha, "engineer", insert, "afe_line_items", {
            "afe_id": afe["id"], "category": "facilities", "cost_code": "FAC", "description": "Tank battery",
            "estimated_amount": amount})


def test_submission_needs_line_items_and_exactly_all_of_the_working_interest(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    short = as_role(db, alpha, "engineer", create_afe, refs, [(refs["operator"], "0.45"), (refs["partner_a"], "0.50")])
    error = refused(db, alpha, "engineer", call, "submit_afe", short["id"])
    assert error["code"] == "WF_AFE_INTEREST_SUM" and error["details"] == "working_interest"
    assert "0.95000000" in error["message"] and "0.05000000 short" in error["message"]
    empty = as_role(db, alpha, "engineer", create_afe, refs, partners_of(refs), ())
    error = refused(db, alpha, "engineer", call, "submit_afe", empty["id"])
    assert error["code"] == "WF_AFE_NO_LINE_ITEMS"


# --- decisions and the threshold ----------------------------------------------------------

def test_the_default_threshold_is_more_than_half_and_rejection_comes_when_it_is_out_of_reach(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    even = as_role(db, alpha, "engineer", create_afe, refs, [(refs["partner_a"], "0.5"), (refs["partner_b"], "0.5")])
    as_role(db, alpha, "engineer", call, "submit_afe", even["id"])
    assert as_role(db, alpha, "accountant", decide, even["id"], refs["partner_a"], "approve")["status"] == "submitted"
    # 0.5 approving is not more than 0.5, and nothing is left to decide: rejected.
    assert as_role(db, alpha, "accountant", decide, even["id"], refs["partner_b"], "reject",
                   "Non-consent")["status"] == "rejected"

    afe = afe_in(db, alpha, refs, "submitted")
    assert as_role(db, alpha, "accountant", decide, afe["id"], refs["operator"], "reject", "No")["status"] == "submitted"
    assert as_role(db, alpha, "accountant", decide, afe["id"], refs["partner_a"], "reject", "No")["status"] == "rejected"


def test_the_threshold_is_configurable_per_organization(db, tenants, books):
    alpha, bravo = tenants
    refs = books[alpha.name]
    as_role(db, alpha, "admin", lambda d: d.execute(
        "update api.finance_settings set afe_approval_threshold = 0.5, afe_approval_threshold_inclusive = true"))
    even = as_role(db, alpha, "engineer", create_afe, refs, [(refs["partner_a"], "0.5"), (refs["partner_b"], "0.5")])
    as_role(db, alpha, "engineer", call, "submit_afe", even["id"])
    assert as_role(db, alpha, "accountant", decide, even["id"], refs["partner_a"], "approve")["status"] == "approved"

    as_role(db, alpha, "owner", lambda d: d.execute(
        "update api.finance_settings set afe_approval_threshold = 0.75, afe_approval_threshold_inclusive = false"))
    afe = afe_in(db, alpha, refs, "submitted")
    assert as_role(db, alpha, "accountant", decide, afe["id"], refs["operator"], "approve")["status"] == "submitted"
    # 0.45 + 0.30 = 0.75 is not more than 0.75; with 0.25 left the outcome is still open.
    assert as_role(db, alpha, "accountant", decide, afe["id"], refs["partner_a"], "approve")["status"] == "submitted"
    assert as_role(db, alpha, "accountant", decide, afe["id"], refs["partner_b"], "approve")["status"] == "approved"
    bravo_settings = as_role(db, bravo, "viewer", lambda d: d.execute(
        "select afe_approval_threshold, afe_approval_threshold_inclusive, afe_overrun_percent"
        " from api.finance_settings").fetchall())
    assert bravo_settings == [(Decimal("0.5"), False, Decimal("10"))]


def test_decision_errors_name_their_field(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, "submitted")
    error = refused(db, alpha, "accountant", decide, afe["id"], refs["partner_a"], "reject")
    assert (error["code"], error["details"]) == ("WF_AFE_COMMENT_REQUIRED", "comment")
    error = refused(db, alpha, "accountant", decide, afe["id"], refs["partner_a"], "pending")
    assert (error["code"], error["details"]) == ("WF_AFE_DECISION", "decision")
    outsider = as_role(db, alpha, "engineer", company)
    error = refused(db, alpha, "accountant", decide, afe["id"], outsider, "approve")
    assert (error["code"], error["details"]) == ("WF_AFE_NOT_A_PARTICIPANT", "company_id")
    as_role(db, alpha, "accountant", decide, afe["id"], refs["partner_b"], "approve")
    error = refused(db, alpha, "accountant", decide, afe["id"], refs["partner_b"], "reject", "Changed my mind")
    assert (error["code"], error["details"]) == ("WF_AFE_ALREADY_DECIDED", "company_id")
    decided = db.execute("select decided_by, decided_at is not null from app.afe_approvals"
                         " where afe_id = %s and company_id = %s", [afe["id"], refs["partner_b"]]).fetchone()
    assert decided == (alpha.users["accountant"], True)
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "update api.afe_approvals set decision = 'approve' where afe_id = %s", [afe["id"]]))
    assert error["code"] == "WF_AFE_READ_ONLY_FIELD"


# --- overrun and supplements ---------------------------------------------------------------

def spend(db, tenant, afe_id, amount, cost_code="IDC-1", role="accountant"):
    return as_role(db, tenant, role, lambda d: d.execute(
        "update api.afe_line_items set actual_amount = %s where afe_id = %s and cost_code = %s",
        [amount, afe_id, cost_code]).rowcount)


def test_overrun_beyond_the_allowance_is_refused_until_a_supplement_is_approved(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, "approved")
    assert spend(db, alpha, afe["id"], "110000.00") == 1          # 100,000 approved + 10 %
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "update api.afe_line_items set actual_amount = 110000.01 where afe_id = %s and cost_code = 'IDC-1'",
        [afe["id"]]))
    assert (error["code"], error["details"]) == ("WF_AFE_OVERRUN", "actual_amount")
    assert "110,000.01" in error["message"] and "100,000.00" in error["message"] and "(110,000.00)" in error["message"]

    supplement = as_role(db, alpha, "engineer", call, "create_supplement", afe["id"], f"{afe['afe_number']}-S1",
                         "Extra frac stages")
    assert supplement["parent_afe_id"] == afe["id"] and supplement["status"] == "draft"
    as_role(db, alpha, "engineer", insert, "afe_line_items", {
        "afe_id": supplement["id"], "category": "intangible_completion", "cost_code": "IDC-S1",
        "description": "Four more stages", "estimated_amount": "20000.00"})
    as_role(db, alpha, "engineer", call, "submit_afe", supplement["id"])
    with pytest.raises(psycopg.Error, match="WF_AFE_OVERRUN"):     # submitted is not approved
        spend(db, alpha, afe["id"], "110000.01")
    as_role(db, alpha, "accountant", decide, supplement["id"], refs["partner_a"], "approve")
    as_role(db, alpha, "accountant", decide, supplement["id"], refs["partner_b"], "approve")
    assert spend(db, alpha, afe["id"], "132000.00") == 1          # (100,000 + 20,000) x 1.10
    with pytest.raises(psycopg.Error, match="WF_AFE_OVERRUN"):
        spend(db, alpha, afe["id"], "132000.01")
    actual = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select actual_total from api.afes where id = %s", [afe["id"]]).fetchone()[0])
    assert actual == Decimal("132000.00")


def test_the_overrun_allowance_is_configurable(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    as_role(db, alpha, "accountant", lambda d: d.execute("update api.finance_settings set afe_overrun_percent = 0"))
    afe = afe_in(db, alpha, refs, "approved")
    assert spend(db, alpha, afe["id"], "60000.00") == 1
    with pytest.raises(psycopg.Error, match="WF_AFE_OVERRUN"):
        spend(db, alpha, afe["id"], "40000.01", "IDC-2")


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "closed"])
def test_actual_spend_is_recorded_on_approved_afes_only(db, tenants, books, state):
    alpha, _ = tenants
    afe = afe_in(db, alpha, books[alpha.name], state)
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "update api.afe_line_items set actual_amount = 5 where afe_id = %s", [afe["id"]]))
    assert error["code"] in ("WF_AFE_NOT_APPROVED", "WF_AFE_FROZEN")


def test_supplements_need_an_approved_parent(db, tenants, books):
    alpha, _ = tenants
    afe = afe_in(db, alpha, books[alpha.name], "submitted")
    error = refused(db, alpha, "engineer", call, "create_supplement", afe["id"], "S-1", "Too early")
    assert (error["code"], error["details"]) == ("WF_AFE_NOT_APPROVED", "parent_afe_id")


# --- roles ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", FINANCE_ROLES + READ_ONLY_ROLES + ("engineer",))
def test_afe_actions_per_role(db, tenants, books, role):
    alpha, _ = tenants
    refs = books[alpha.name]
    may_write_afes = role in AFE_WRITER_ROLES
    may_decide = role in FINANCE_ROLES
    if may_write_afes:
        afe = as_role(db, alpha, role, create_afe, refs, partners_of(refs))
        as_role(db, alpha, role, call, "submit_afe", afe["id"])
    else:
        error = refused(db, alpha, role, create_afe, refs, partners_of(refs))
        assert error["code"] == "WF_ROLE_FORBIDDEN"
        afe = afe_in(db, alpha, refs, "draft")
        error = refused(db, alpha, role, call, "submit_afe", afe["id"])
        assert error["code"] == "WF_ROLE_FORBIDDEN"
        as_role(db, alpha, "engineer", call, "submit_afe", afe["id"])
    decider = role if may_decide else "accountant"
    if not may_decide:
        error = refused(db, alpha, role, decide, afe["id"], refs["partner_a"], "approve")
        assert error["code"] == "WF_ROLE_FORBIDDEN" and f"The {role} role may not" in error["message"]
    as_role(db, alpha, decider, decide, afe["id"], refs["partner_a"], "approve")
    as_role(db, alpha, decider, decide, afe["id"], refs["partner_b"], "approve")
    assert afe_status(db, afe["id"]) == "approved"
    if may_decide:
        assert spend(db, alpha, afe["id"], "1.00", role=role) == 1
        assert as_role(db, alpha, role, call, "close_afe", afe["id"])["status"] == "closed"
    else:
        error = refused(db, alpha, role, lambda d: d.execute(
            "update api.afe_line_items set actual_amount = 1 where afe_id = %s", [afe["id"]]))
        assert error["code"] == "WF_ROLE_FORBIDDEN"
        assert refused(db, alpha, role, call, "close_afe", afe["id"])["code"] == "WF_ROLE_FORBIDDEN"


# --- division orders ------------------------------------------------------------------------

@pytest.fixture
def owners(db, tenants, books):
    """Alpha's well operator plus partner, royalty, ORRI and NPRI owners (the ORRI owner has no tax id)."""
    alpha, _ = tenants
    refs = books[alpha.name]
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs["royalty"] = company(db, "royalty_owner")
        refs["orri"] = company(db, "overriding_royalty_owner", tax_id=None)
        refs["npri"] = company(db, "royalty_owner")
    return refs


def deck(db, tenant, lines):
    """Writes division orders in one transaction, as the accountant; the sum check runs at commit."""
    with db.transaction():
        act_as(db, tenant, "accountant")
        return [division_order(db, *line[:3], **(line[3] if len(line) > 3 else {})) for line in lines]


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


# --- revenue distribution -------------------------------------------------------------------

WORKED_DECK = [("operator", "0.546875", "wi", {}), ("partner_a", "0.2734375", "wi", {}),
               ("royalty", "0.125", "ri", {"pay_status": "suspense", "suspense_reason": "title"}),
               ("orri", "0.03125", "orri", {}), ("npri", "0.0234375", "npri", {})]


def worked_deck(db, tenant, owners, lines=WORKED_DECK):
    return deck(db, tenant, [(owners["well"], owners[name], decimal, dict(extra, interest_type=kind))
                             for name, decimal, kind, extra in lines])


def distribute(db, tenant, owners, month="2025-09-01", price="71.37", volume="1234.567", deductions="1250.00",
               role="accountant"):
    return as_role(db, tenant, role, lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, %s, 'oil', %s, %s, %s)",
        [owners["well"], month, price, volume, deductions]).fetchone()[0])


def test_the_worked_example_matches_the_hand_calculation_to_the_cent(db, tenants, owners):
    """A Texas oil well, September 2025: 1,234.567 bbl at $71.37, $1,250.00 of other deductions, 4.6 % tax.

    Well: gross 1,234.567 x 71.37 = 88,111.04679 -> 88,111.05; tax 4.6 % = 4,053.10815 -> 4,053.11;
    net 88,111.05 - 4,053.11 - 1,250.00 = 82,807.94.
    Owner gross = volume x price x decimal, each rounded to the cent:
      operator 0.546875   48,185.72871 -> 48,185.73   tax 2,216.54352 -> 2,216.54   ded 683.59375 -> 683.59
      partner  0.2734375  24,092.86436 -> 24,092.86   tax 1,108.27176 -> 1,108.27   ded 341.79688 -> 341.80
      royalty  0.125      11,013.88085 -> 11,013.88   tax   506.63852 ->   506.64   ded 156.25
      ORRI     0.03125     2,753.47021 ->  2,753.47   tax   126.65963 ->   126.66   ded  39.06250 ->  39.06
      NPRI     0.0234375   2,065.10266 ->  2,065.10   tax    94.99472 ->    94.99   ded  29.29688 ->  29.30
    Rounded owner gross sums to 88,111.04 and tax to 4,053.10: the operator takes +0.01 of each,
    giving 48,185.74 gross, 2,216.55 tax, net 45,285.60. Royalty (title) and ORRI (no tax id) go to suspense.
    """
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    result = distribute(db, alpha, owners)
    assert (money(result["gross_value"]), money(result["severance_tax"]), money(result["other_deductions"]),
            money(result["net_value"])) == (money("88111.05"), money("4053.11"), money("1250.00"), money("82807.94"))
    assert Decimal(str(result["severance_tax_rate"])) == Decimal("0.046") and result["status"] == "draft"
    by_owner = {line["owner_company_id"]: line for line in result["lines"]}
    expected = {
        "operator": ("48185.74", "2216.55", "683.59", "45285.60", "0.01", "0.01", "pay", None),
        "partner_a": ("24092.86", "1108.27", "341.80", "22642.79", "0", "0", "pay", None),
        "royalty": ("11013.88", "506.64", "156.25", "10350.99", "0", "0", "suspense", "title"),
        "orri": ("2753.47", "126.66", "39.06", "2587.75", "0", "0", "suspense", "missing_tax_id"),
        "npri": ("2065.10", "94.99", "29.30", "1940.81", "0", "0", "pay", None),
    }
    for name, (gross, tax, ded, net, gross_residue, tax_residue, pay, reason) in expected.items():
        line = by_owner[owners[name]]
        assert (money(line["gross_value"]), money(line["severance_tax"]), money(line["other_deductions"]),
                money(line["net_value"]), money(line["gross_residue"]), money(line["tax_residue"]),
                line["pay_status"], line["suspense_reason"]) == (
            money(gross), money(tax), money(ded), money(net), money(gross_residue), money(tax_residue), pay, reason), name
    for column in ("gross_value", "severance_tax", "other_deductions", "net_value"):
        assert sum(money(line[column]) for line in result["lines"]) == money(result[column]), column
    assert sum(money(line["payable_amount"]) + money(line["suspense_amount"]) for line in result["lines"]) == money("82807.94")
    assert sum(money(line["suspense_amount"]) for line in result["lines"]) == money("12938.74")


def test_a_deck_that_does_not_sum_to_one_is_refused_stating_the_gap(db, tenants, owners):
    alpha, _ = tenants
    deck(db, alpha, [(owners["well"], owners["operator"], "0.875"),
                     (owners["well"], owners["royalty"], "0.12499999", {"interest_type": "ri"})])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners)
    error = wf_error(caught.value)
    assert (error["code"], error["details"]) == ("WF_DECK_NOT_ONE", "decimal_interest")
    assert "sums to 0.99999999, 0.00000001 short of 1.00000000" in error["message"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("update api.division_orders set decimal_interest = 0.125 where owner_company_id = %s",
                   [owners["royalty"]])
    assert distribute(db, alpha, owners)["status"] == "draft"


def test_the_residue_goes_to_the_operator_who_must_be_in_the_deck(db, tenants, owners):
    alpha, _ = tenants
    deck(db, alpha, [(owners["well"], owners["partner_a"], "0.875"),
                     (owners["well"], owners["royalty"], "0.125", {"interest_type": "ri"})])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners)
    assert wf_error(caught.value)["code"] == "WF_DECK_NO_OPERATOR"


def test_a_draft_is_replaced_and_an_approved_month_is_immutable(db, tenants, owners):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    first = distribute(db, alpha, owners)
    second = distribute(db, alpha, owners, price="70.00")
    assert second["id"] == first["id"] and money(second["gross_value"]) == money("86419.69")
    assert db.execute("select count(*) from app.revenue_distribution_lines where distribution_id = %s",
                      [first["id"]]).fetchone()[0] == 5
    approved = as_role(db, alpha, "accountant", call, "approve_revenue_distribution", first["id"])
    assert approved["status"] == "approved" and approved["approved_by"] == str(alpha.users["accountant"])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, price="75.00")
    assert wf_error(caught.value)["code"] == "WF_DISTRIBUTION_APPROVED"
    for statement in ("update app.revenue_distributions set price = 1 where id = %s",
                      "delete from app.revenue_distributions where id = %s",
                      "update app.revenue_distribution_lines set net_value = 0 where distribution_id = %s",
                      "delete from app.revenue_distribution_lines where distribution_id = %s"):
        with pytest.raises(psycopg.Error, match="WF_DISTRIBUTION_APPROVED"):
            db.execute(statement, [first["id"]])                    # as the superuser, too


def test_suspense_accumulates_across_months_and_nothing_is_paid_out(db, tenants, owners):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    for month in ("2025-08-01", "2025-09-01"):
        result = distribute(db, alpha, owners, month=month)
        as_role(db, alpha, "accountant", call, "approve_revenue_distribution", result["id"])
    balances = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_company_id::text, suspense_balance, lines, reasons::text[] from api.owner_suspense_balances"
        " order by suspense_balance desc").fetchall())
    assert balances == [(owners["royalty"], Decimal("20701.98"), 2, ["title"]),
                        (owners["orri"], Decimal("5175.50"), 2, ["missing_tax_id"])]
    statements = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_name, county_name, state_name, well_number_formatted, lease_number, sales_month, volume, price,"
        " well_net_value, decimal_interest, owner_gross_value, owner_net_value, operator_phone"
        " from api.owner_statements where owner_company_id = %s order by sales_month", [owners["npri"]]).fetchall())
    assert len(statements) == 2 and statements[1][1:3] == ("MIDLAND", "TEXAS")
    assert statements[1][8:12] == (Decimal("82807.94"), Decimal("0.02343750"), Decimal("2065.10"), Decimal("1940.81"))


@pytest.mark.parametrize("args,field", [
    ({"price": "-1"}, "price"), ({"price": "71.12345"}, "price"), ({"volume": "1.2345"}, "volume"),
    ({"deductions": "0.001"}, "other_deductions"), ({"month": "2999-01-01"}, "sales_month"),
])
def test_distribution_inputs_are_refused_naming_the_field(db, tenants, owners, args, field):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, **args)
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_INPUT", field)


def test_the_volume_defaults_to_the_months_production(db, tenants, owners):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("select api.import_production(%s::jsonb)", [
            '[' + ",".join(f'{{"well_id": "{owners["well"]}", "production_date": "2025-09-{day:02d}", "oil_bbl": 40.5}}'
                           for day in range(1, 31)) + ']'])
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2025-09-15', 'oil', 70)", [owners["well"]]).fetchone()[0])
    assert Decimal(str(result["volume"])) == Decimal("1215.000") and result["sales_month"] == "2025-09-01"
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, month="2025-07-01", volume=None)
    assert wf_error(caught.value)["code"] == "WF_DISTRIBUTION_NO_VOLUME"


@pytest.mark.parametrize("role", READ_ONLY_ROLES + ("engineer",))
def test_distributions_are_calculated_and_approved_by_finance_roles(db, tenants, owners, role):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, role=role)
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    draft = distribute(db, alpha, owners)
    error = refused(db, alpha, role, call, "approve_revenue_distribution", draft["id"])
    assert error["code"] == "WF_ROLE_FORBIDDEN"


def test_no_finance_column_is_floating_point(db):
    floats = db.execute("""
        select format('%s.%s', c.table_schema || '.' || c.table_name, c.column_name)
          from information_schema.columns c
         where c.table_schema in ('app', 'api', 'ref')
           and (c.table_name ~ '^(afe|division_order|revenue_distribution|finance_settings|owner_s|severance_tax)')
           and c.data_type in ('real', 'double precision')""").fetchall()
    money_columns = db.execute("""
        select count(*) from information_schema.columns c
         where c.table_schema = 'app' and c.table_name ~ '^(afe|division_order|revenue_distribution)'
           and c.data_type = 'numeric'""").fetchone()[0]
    assert floats == [] and money_columns >= 20


# --- tenant isolation for every finance table and verb ---------------------------------------

@pytest.fixture
def ledgers(db, tenants, books):
    """Each tenant: an approved AFE, a deck summing to 1 and an approved distribution."""
    result = {}
    for tenant in tenants:
        refs = dict(books[tenant.name])
        refs["afe"] = afe_in(db, tenant, refs, "approved")["id"]
        refs["line_item"] = db.execute("select id::text from app.afe_line_items where afe_id = %s limit 1",
                                       [refs["afe"]]).fetchone()[0]
        refs["approval"] = db.execute("select id::text from app.afe_approvals where afe_id = %s limit 1",
                                      [refs["afe"]]).fetchone()[0]
        lines = deck(db, tenant, [(refs["well"], refs["operator"], "0.875"),
                                  (refs["well"], refs["partner_a"], "0.125",
                                   {"interest_type": "ri", "pay_status": "suspense", "suspense_reason": "legal_hold"})])
        refs["division_order"] = lines[0]["id"]
        distribution = distribute(db, tenant, refs)
        as_role(db, tenant, "accountant", call, "approve_revenue_distribution", distribution["id"])
        refs["distribution"] = distribution["id"]
        refs["distribution_line"] = distribution["lines"][0]["id"]
        result[tenant.name] = refs
    return result


TENANT_VIEWS = {"afes": "afe", "afe_line_items": "line_item", "afe_approvals": "approval",
                "division_orders": "division_order", "revenue_distributions": "distribution",
                "revenue_distribution_lines": "distribution_line"}
READ_ONLY_VIEWS = ("revenue_distributions", "revenue_distribution_lines", "owner_statements",
                   "owner_suspense_balances", "finance_settings")


@pytest.mark.parametrize("view", list(TENANT_VIEWS) + ["owner_statements", "owner_suspense_balances", "finance_settings"])
def test_each_finance_view_shows_only_the_tenants_rows(db, tenants, ledgers, view):
    alpha, _ = tenants
    seen = as_role(db, alpha, "viewer", lambda d: {
        row[0] for row in d.execute(f"select organization_id from api.{view}")})
    assert seen == {alpha.id}


@pytest.mark.parametrize("view", list(TENANT_VIEWS))
def test_update_and_delete_cannot_reach_another_tenants_finance_rows(db, tenants, ledgers, view):
    alpha, bravo = tenants
    target = ledgers[bravo.name][TENANT_VIEWS[view]]
    table = view
    before = db.execute(f"select to_jsonb(t) from app.{table} t where id = %s", [target]).fetchone()[0]
    if view in READ_ONLY_VIEWS:
        for statement in (f"update api.{view} set organization_id = organization_id where id = %s",
                          f"delete from api.{view} where id = %s"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                as_role(db, alpha, "owner", lambda d: d.execute(statement, [target]))
    else:
        counts = as_role(db, alpha, "owner", lambda d: (
            d.execute(f"update api.{view} set organization_id = organization_id where id = %s", [target]).rowcount,
            d.execute(f"delete from api.{view} where organization_id = %s", [bravo.id]).rowcount))
        assert counts == (0, 0)
    assert db.execute(f"select to_jsonb(t) from app.{table} t where id = %s", [target]).fetchone()[0] == before


@pytest.mark.parametrize("view,row", [
    ("afes", lambda own, other: {"afe_number": "X-1", "afe_type": "workover", "well_id": own["well"], "description": "x"}),
    ("afe_line_items", lambda own, other: {"afe_id": own["afe"], "category": "facilities", "cost_code": "F",
                                           "description": "x", "estimated_amount": 1}),
    ("afe_approvals", lambda own, other: {"afe_id": own["afe"], "company_id": own["partner_b"], "working_interest": 0.1}),
    ("division_orders", lambda own, other: {"well_id": own["well"], "owner_company_id": own["partner_b"],
                                            "interest_type": "orri", "decimal_interest": 0.01,
                                            "effective_from": "2020-01-01"}),
])
def test_inserting_into_another_organization_is_refused(db, tenants, ledgers, view, row):
    alpha, bravo = tenants
    payload_row = row(ledgers[alpha.name], ledgers[bravo.name]) | {"organization_id": str(bravo.id)}
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "owner", insert, view, payload_row)
    assert isinstance(caught.value, (psycopg.errors.InsufficientPrivilege, psycopg.errors.ForeignKeyViolation)) \
        or wf_error(caught.value)["code"] == "WF_AFE_FROZEN"


@pytest.mark.parametrize("view,row,constraint", [
    ("afes", lambda other: {"afe_number": "X-2", "afe_type": "workover", "well_id": other["well"], "description": "x"},
     "afes_well_id_fkey"),
    ("afes", lambda other: {"afe_number": "X-3", "afe_type": "workover", "lease_id": other["lease"], "description": "x"},
     "afes_lease_id_fkey"),
    ("afe_line_items", lambda other: {"afe_id": other["afe"], "category": "facilities", "cost_code": "F",
                                      "description": "x", "estimated_amount": 1}, "afe_line_items_afe_id_fkey"),
    ("division_orders", lambda other: {"well_id": other["well"], "owner_company_id": other["operator"],
                                       "interest_type": "orri", "decimal_interest": 0.01,
                                       "effective_from": "2020-01-01"}, "division_orders_well_id_fkey"),
])
def test_a_reference_to_another_organizations_finance_row_is_refused(db, tenants, ledgers, view, row, constraint):
    alpha, bravo = tenants
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match=constraint):
        as_role(db, alpha, "owner", insert, view, row(ledgers[bravo.name]))


def test_a_participant_or_owner_from_another_organization_is_refused(db, tenants, ledgers):
    alpha, bravo = tenants
    own, other = ledgers[alpha.name], ledgers[bravo.name]
    draft = afe_in(db, alpha, own, "draft")
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="afe_approvals_company_id_fkey"):
        as_role(db, alpha, "owner", insert, "afe_approvals",
                {"afe_id": draft["id"], "company_id": other["partner_a"], "working_interest": 0.1})
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="division_orders_owner_company_id_fkey"):
        as_role(db, alpha, "owner", division_order, own["well"], other["partner_a"], "0.01", "orri")


@pytest.mark.parametrize("rpc", ["submit_afe", "reopen_afe", "close_afe", "decide_afe", "create_supplement",
                                 "approve_revenue_distribution", "calculate_revenue_distribution"])
def test_rpcs_cannot_act_on_another_organizations_rows(db, tenants, ledgers, rpc):
    alpha, bravo = tenants
    other = ledgers[bravo.name]
    args = {"decide_afe": (other["afe"], other["partner_a"], "approve", None),
            "create_supplement": (other["afe"], "S-X", "Sneaky"),
            "approve_revenue_distribution": (other["distribution"],),
            "calculate_revenue_distribution": None}.get(rpc, (other["afe"],))
    if args is None:
        action = lambda d: d.execute("select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil', 70, 100)",
                                     [other["well"]])
    else:
        action = lambda d: call(d, rpc, *args)
    error = refused(db, alpha, "owner", action)
    assert error["code"] in ("WF_AFE_NOT_FOUND", "WF_DISTRIBUTION_NOT_FOUND", "WF_WELL_NOT_FOUND")
    assert afe_status(db, other["afe"]) == "approved"


def test_finance_settings_belong_to_one_organization(db, tenants, ledgers):
    alpha, bravo = tenants
    changed = as_role(db, alpha, "admin", lambda d: d.execute(
        "update api.finance_settings set afe_overrun_percent = 25, statement_phone = '+1 432 555 0100'").rowcount)
    assert changed == 1
    assert db.execute("select organization_id, afe_overrun_percent from app.finance_settings"
                      " where organization_id in (%s, %s)", [alpha.id, bravo.id]).fetchall() == [
        (alpha.id, Decimal("25"))]
    error = refused(db, alpha, "viewer", lambda d: d.execute("update api.finance_settings set afe_overrun_percent = 5"))
    assert error["code"] == "WF_ROLE_FORBIDDEN"
    with pytest.raises(psycopg.errors.CheckViolation, match="finance_settings_afe_approval_threshold_check"):
        as_role(db, alpha, "owner", lambda d: d.execute("update api.finance_settings set afe_approval_threshold = 1.5"))
    bravo_view = as_role(db, bravo, "owner", lambda d: d.execute(
        "select afe_overrun_percent, statement_phone from api.finance_settings").fetchall())
    assert bravo_view == [(Decimal("10"), None)]


def test_a_threshold_that_could_never_be_reached_is_refused(db, tenants, books):
    alpha, _ = tenants
    with pytest.raises(psycopg.errors.CheckViolation, match="finance_settings_afe_approval_threshold_inclusive_check"):
        as_role(db, alpha, "owner", lambda d: d.execute("update api.finance_settings set afe_approval_threshold = 1"))
    as_role(db, alpha, "owner", lambda d: d.execute(
        "update api.finance_settings set afe_approval_threshold = 1, afe_approval_threshold_inclusive = true"))


def test_a_participant_added_while_the_afe_is_being_submitted_waits_and_is_refused(db_url, db, tenants, books):
    """The guard reads the AFE FOR SHARE: it waits for the submission and sees it committed."""
    import threading
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, "draft")
    outsider = as_role(db, alpha, "engineer", company)
    outcome = {}
    with psycopg.connect(db_url) as submitter, psycopg.connect(db_url, autocommit=True) as adder:
        act_as(submitter, alpha, "engineer")
        call(submitter, "submit_afe", afe["id"])                     # holds the AFE until commit

        def add():
            try:
                as_role(adder, alpha, "engineer", insert, "afe_approvals",
                        {"afe_id": afe["id"], "company_id": outsider, "working_interest": "0.1"})
                outcome["result"] = "inserted"
            except psycopg.Error as error:
                outcome["result"] = wf_error(error)["code"]

        thread = threading.Thread(target=add)
        thread.start()
        thread.join(timeout=2)
        assert thread.is_alive(), "the insert should wait for the submission"
        submitter.commit()
        thread.join(timeout=30)
    assert outcome == {"result": "WF_AFE_FROZEN"}
    assert db.execute("select sum(working_interest) from app.afe_approvals where afe_id = %s",
                      [afe["id"]]).fetchone()[0] == 1


@pytest.mark.parametrize("args,field", [({"price": "10000000000"}, "price"), ({"volume": "100000000000"}, "volume"),
                                        ({"price": "9999999", "volume": "200000"}, "price")])
def test_amounts_too_large_for_a_distribution_name_their_field(db, tenants, owners, args, field):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, **args)
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_INPUT", field)
