"""Finance test data: AFEs in any status, division-order decks, and the errors our rules raise."""

from __future__ import annotations

import json
from decimal import Decimal

import psycopg

from assets import insert, payload, unique

FINANCE_ROLES = ("owner", "admin", "accountant")
AFE_WRITER_ROLES = FINANCE_ROLES + ("engineer",)
READ_ONLY_ROLES = ("manager", "viewer")


def wf_error(error: psycopg.Error) -> dict:
    """The {code, message, details, hint} body of a WellFlow rule violation raised in SQL."""
    assert error.sqlstate == "PGRST", error
    return json.loads(error.diag.message_primary)


def company(conn, *roles: str, tax_id: str | None = "75-1234567") -> str:
    row = payload("companies") | {"roles": list(roles or ["non_operating_partner"]), "tax_id": tax_id}
    return insert(conn, "companies", row)["id"]


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
