"""Finance test data: AFEs in any status, division-order decks, revenue distributions, and the errors
our rules raise."""

from __future__ import annotations

import json
from decimal import Decimal

import psycopg
import pytest

from support.assets import insert, payload, post_row, unique
from support.sessions import act_as

FINANCE_ROLES = ("owner", "admin", "accountant")
AFE_WRITER_ROLES = FINANCE_ROLES + ("engineer",)
READ_ONLY_ROLES = ("manager", "viewer")


def wf_error(error: psycopg.Error) -> dict:
    """The {code, message, details, hint} body of a WellFlow rule violation raised in SQL."""
    assert error.sqlstate == "PGRST", error
    return json.loads(error.diag.message_primary)


def company(conn, *roles: str, tax_id: str | None = "75-1234567", **columns) -> str:
    """A company with an EIN (or the given tax id), created by whoever the connection acts as."""
    row = payload("companies") | {"roles": list(roles or ["non_operating_partner"])} | columns
    company_id = insert(conn, "companies", row)["id"]
    if tax_id:
        set_tax_id(conn, company_id, tax_id)
    return company_id


def set_tax_id(conn, company_id: str, tax_id: str, kind: str | None = None) -> None:
    """Test data: stores a tax id whoever the connection acts as (the API's own path,
    /rpc/set_company_tax_id, is for finance roles and is tested as such)."""
    kind = kind or ("ssn" if len(tax_id.replace("-", "")) == 9 and tax_id.count("-") == 2 else "ein")
    acting = conn.execute("select current_user").fetchone()[0]
    conn.execute("reset role")
    conn.execute("update app.companies set tax_id = %s, tax_id_type = %s where id = %s", [tax_id, kind, company_id])
    conn.execute(f"set local role {acting}")


def create_afe(conn, refs: dict, partners: list[tuple[str, str]], lines=("60000.00", "40000.00")) -> dict:
    """A draft AFE on the well with the given line estimates and (company, working interest) participants."""
    afe = insert(conn, "afes", {"afe_number": f"AFE-{unique()}", "afe_type": "drilling", "well_id": refs["well"],
                                "description": "Drill and complete the 1H"})
    for i, amount in enumerate(lines):
        insert(conn, "afe_line_items", {"afe_id": afe["id"], "category": "intangible_drilling",
                                        "cost_code": f"IDC-{i + 1}", "description": f"Line {i + 1}",
                                        "estimated_amount": amount})
    for company_id, interest in partners:
        insert(conn, "afe_approvals", {"afe_id": afe["id"], "company_id": company_id, "working_interest": interest})
    return afe


def vote_on_afes(conn) -> None:
    """Inside a transaction acting as a finance role: the organization decides AFEs by a working-interest
    vote (a unit operating agreement) instead of each partner's election."""
    conn.execute("update api.finance_settings set afe_consent_rule = 'threshold_vote'")


def call(conn, function: str, *args) -> dict:
    """Calls an api RPC the way PostgREST does and returns its row as a dict."""
    placeholders = ", ".join(["%s"] * len(args))
    return conn.execute(f"select to_json(r) from api.{function}({placeholders}) r", list(args)).fetchone()[0]


def decide(conn, afe_id, company_id, decision, comment=None) -> dict:
    return call(conn, "decide_afe", afe_id, company_id, decision, comment)


def afe_status(conn, afe_id) -> str:
    return conn.execute("select status::text from app.afes where id = %s", [afe_id]).fetchone()[0]


def division_order(conn, well_id, owner_id, decimal, interest_type="wi", product="all",
                   effective_from="2020-01-01", effective_to=None, **extra) -> dict:
    return insert(conn, "division_orders", {
        "well_id": well_id, "owner_company_id": owner_id, "interest_type": interest_type, "product": product,
        "decimal_interest": str(decimal), "effective_from": effective_from, "effective_to": effective_to} | extra)


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


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


def spend(db, tenant, afe_id, amount, cost_code="IDC-1", role="accountant"):
    return as_role(db, tenant, role, lambda d: d.execute(
        "update api.afe_line_items set actual_amount = %s where afe_id = %s and cost_code = %s",
        [amount, afe_id, cost_code]).rowcount)


def deck(db, tenant, lines):
    """Writes division orders in one transaction, as the accountant; the sum check runs at commit."""
    with db.transaction():
        act_as(db, tenant, "accountant")
        return [division_order(db, *line[:3], **(line[3] if len(line) > 3 else {})) for line in lines]


WORKED_DECK = [("operator", "0.546875", "wi", {}), ("partner_a", "0.2734375", "wi", {}),
               ("royalty", "0.125", "ri", {"pay_status": "suspense", "suspense_reason": "title"}),
               ("orri", "0.03125", "orri", {}), ("npri", "0.0234375", "npri", {})]


def worked_deck(db, tenant, owners, lines=WORKED_DECK):
    return deck(db, tenant, [(owners["well"], owners[name], decimal, dict(extra, interest_type=kind))
                             for name, decimal, kind, extra in lines])


def distribute(db, tenant, owners, month="2025-09-01", price="71.37", volume="1234.567", deductions="1250.00",
               role="accountant"):
    """An oil distribution of a volume and price entered on the call."""
    return as_role(db, tenant, role, lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, %s, 'oil', 'entered', %s, %s, %s)",
        [owners["well"], month, price, volume, deductions]).fetchone()[0])


def post_draft_afe(engineer, refs) -> dict:
    """Over HTTP, a draft completion AFE on the graph's well: its company 0.6 and its partner 0.4."""
    afe = post_row(engineer, "afes", {"afe_number": f"AFE-{refs['well'][-6:]}", "afe_type": "completion",
                                      "well_id": refs["well"], "description": "Frac 40 stages"})
    post_row(engineer, "afe_line_items", {"afe_id": afe["id"], "category": "intangible_completion",
                                          "cost_code": "ICC-1", "description": "Frac spread", "estimated_amount": 900000})
    for company, interest in ((refs["company"], 0.6), (refs["partner"], 0.4)):
        post_row(engineer, "afe_approvals", {"afe_id": afe["id"], "company_id": company, "working_interest": interest})
    return afe
