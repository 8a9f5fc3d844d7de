"""AFEs (sql/finance/afes.sql: afes, afe_line_items, afe_approvals, afe_transitions): the state
machine, the approval threshold, overrun and supplements, and the role rules; at the SQL level and
through nginx and PostgREST."""

from decimal import Decimal

import psycopg
import pytest

from conftest import act_as
from support.assets import insert
from support.finance import (AFE_WRITER_ROLES, FINANCE_ROLES, READ_ONLY_ROLES, afe_in, afe_status, as_role, call,
                             company, create_afe, decide, partners_of, post_draft_afe, refused, spend, wf_error)


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

def overrun_state(db, tenant, afe_id):
    """(actual_total, flagged) of the AFE as its organization reads it, and the overrun e-mails it was sent."""
    actual, flagged = as_role(db, tenant, "viewer", lambda d: d.execute(
        "select actual_total, overrun_flagged_at is not null from api.afes where id = %s", [afe_id]).fetchone())
    mails = db.execute("select to_address::text, context ->> 'allowance' from app.email_outbox"
                       " where organization_id = %s and template = 'afe_overrun' order by 1", [tenant.id]).fetchall()
    return actual, flagged, mails


def test_actual_cost_beyond_the_allowance_is_recorded_flagged_and_mailed_until_a_supplement_is_approved(
        db, tenants, books):
    """Approved 100,000.00 with the 10 % allowance: 110,000.00 is within it. 110,000.01 is recorded, flags the AFE
    and e-mails its owner and admin once (allowance 110,000.00); more cost sends no second mail. A submitted
    supplement authorizes nothing yet; approved for 20,000.00 it raises the authorization to
    (100,000 + 20,000) x 1.10 = 132,000.00 and clears the flag. An invoice of 0.01 coded to the AFE on top of
    132,000.00 of accruals flags it again (actual 132,000.01)."""
    alpha, _ = tenants
    refs = books[alpha.name]
    afe = afe_in(db, alpha, refs, "approved")
    assert spend(db, alpha, afe["id"], "110000.00") == 1          # 100,000 approved + 10 %
    assert overrun_state(db, alpha, afe["id"]) == (Decimal("110000.00"), False, [])
    assert spend(db, alpha, afe["id"], "110000.01") == 1          # recorded, never refused
    mails = [(alpha.emails["admin"].lower(), "110,000.00"), (alpha.emails["owner"].lower(), "110,000.00")]
    assert overrun_state(db, alpha, afe["id"]) == (Decimal("110000.01"), True, sorted(mails))
    assert spend(db, alpha, afe["id"], "115000.00") == 1
    assert overrun_state(db, alpha, afe["id"])[1:] == (True, sorted(mails))

    supplement = as_role(db, alpha, "engineer", call, "create_supplement", afe["id"], f"{afe['afe_number']}-S1",
                         "Extra frac stages")
    assert supplement["parent_afe_id"] == afe["id"] and supplement["status"] == "draft"
    assert supplement["overrun_flagged_at"] is not None          # the family's flag shows on the supplement too
    as_role(db, alpha, "engineer", insert, "afe_line_items", {
        "afe_id": supplement["id"], "category": "intangible_completion", "cost_code": "IDC-S1",
        "description": "Four more stages", "estimated_amount": "20000.00"})
    as_role(db, alpha, "engineer", call, "submit_afe", supplement["id"])
    assert overrun_state(db, alpha, afe["id"])[1] is True                 # submitted is not approved
    as_role(db, alpha, "accountant", decide, supplement["id"], refs["partner_a"], "approve")
    as_role(db, alpha, "accountant", decide, supplement["id"], refs["partner_b"], "approve")
    assert overrun_state(db, alpha, afe["id"])[:2] == (Decimal("115000.00"), False)
    assert spend(db, alpha, afe["id"], "132000.00") == 1          # (100,000 + 20,000) x 1.10
    assert overrun_state(db, alpha, afe["id"])[:2] == (Decimal("132000.00"), False)
    as_role(db, alpha, "accountant", insert, "cost_transactions", {
        "well_id": refs["well"], "afe_id": afe["id"], "account_code": "8320", "vendor_company_id": refs["partner_a"],
        "invoice_number": "FR-1", "service_date": "2025-09-15", "accounting_date": "2025-09-30", "amount": "0.01"})
    actual, flagged, sent = overrun_state(db, alpha, afe["id"])
    assert (actual, flagged, len(sent)) == (Decimal("132000.01"), True, 4)
    invoiced = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select invoiced_total from api.afes where id = %s", [afe["id"]]).fetchone()[0])
    assert invoiced == Decimal("0.01")


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


# --- over HTTP ---------------------------------------------------------------------------

def test_workflow_errors_answer_4xx_with_a_stable_code_and_field(clients, graph):
    engineer, accountant, viewer = clients["engineer"], clients["accountant"], clients["viewer"]
    assert accountant.patch("/finance_settings", json={"afe_consent_rule": "threshold_vote"}).status_code in (200, 204)
    afe = post_draft_afe(engineer, graph)
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
