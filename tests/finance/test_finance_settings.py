"""Finance settings (sql/finance/finance_settings.sql): one row per organization with defaults; the
AFE approval threshold and overrun allowance they configure; at the SQL level and over HTTP."""

from decimal import Decimal

import psycopg
import pytest

from support.assets import REPRESENTATION
from support.finance import afe_in, as_role, call, create_afe, decide, refused, spend


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


def test_the_overrun_allowance_is_configurable(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    as_role(db, alpha, "accountant", lambda d: d.execute("update api.finance_settings set afe_overrun_percent = 0"))
    afe = afe_in(db, alpha, refs, "approved")
    flagged = lambda: as_role(db, alpha, "viewer", lambda d: d.execute(
        "select overrun_flagged_at is not null from api.afes where id = %s", [afe["id"]]).fetchone()[0])
    assert spend(db, alpha, afe["id"], "60000.00") == 1
    assert spend(db, alpha, afe["id"], "40000.00", "IDC-2") == 1 and not flagged()     # exactly the approved 100,000
    assert spend(db, alpha, afe["id"], "40000.01", "IDC-2") == 1 and flagged()         # recorded, and flagged
    as_role(db, alpha, "accountant", lambda d: d.execute("update api.finance_settings set afe_overrun_percent = 5"))
    assert not flagged()                                                                # 105,000.00 authorized now
    as_role(db, alpha, "accountant", lambda d: d.execute("update api.finance_settings set afe_overrun_percent = 0"))
    assert flagged()


def test_finance_settings_belong_to_one_organization(db, tenants, ledgers):
    alpha, bravo = tenants
    changed = as_role(db, alpha, "admin", lambda d: d.execute(
        "update api.finance_settings set afe_overrun_percent = 25, statement_phone = '+1 432 555 0100'").rowcount)
    assert changed == 1
    stored = dict(db.execute("select organization_id, afe_overrun_percent from app.finance_settings"
                             " where organization_id in (%s, %s)", [alpha.id, bravo.id]).fetchall())
    assert stored[alpha.id] == Decimal("25") and stored.get(bravo.id, Decimal("10")) == Decimal("10")
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


# --- over HTTP ---------------------------------------------------------------------------

def test_finance_settings_are_one_row_with_defaults_and_patchable(clients):
    settings = clients["viewer"].get("/finance_settings")
    assert settings.status_code == 200 and len(settings.json()) == 1
    assert (settings.json()[0]["afe_approval_threshold"], settings.json()[0]["afe_overrun_percent"]) == (0.5, 10)
    changed = clients["accountant"].patch("/finance_settings", json={"afe_overrun_percent": 15},
                                          headers=REPRESENTATION)
    assert changed.status_code == 200 and changed.json()[0]["afe_overrun_percent"] == 15
    refused = clients["engineer"].patch("/finance_settings", json={"afe_overrun_percent": 50})
    assert refused.status_code == 403 and refused.json()["code"] == "WF_ROLE_FORBIDDEN"
