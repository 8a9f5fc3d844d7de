"""Compliance schedules (sql/compliance/compliance_schedules.sql): the obligations they create and
their status, the scope each schedule needs, and the reminder lead times."""

import datetime

import psycopg
import pytest

from conftest import act_as
from support.assets import insert
from support.compliance import generated


D = datetime.date


def obligations(db, tenant, as_of):
    with db.transaction():
        act_as(db, tenant, "viewer")
        return db.execute("select period, due_date, status::text, rolled_over, days_until_due"
                          " from app.compliance_obligations(%s) order by period", [as_of]).fetchall()


def test_obligations_are_upcoming_due_overdue_then_done(db, tenants, nm_well):
    alpha, bravo = tenants
    first = obligations(db, alpha, D(2024, 1, 1))
    assert [row[0] for row in first] == [D(2023, 11, 1), D(2023, 12, 1), D(2024, 1, 1)]
    period, due, status, rolled_over, days = first[0]
    assert (due, status, days) == (D(2024, 1, 16), "upcoming", 15)
    assert rolled_over == "Martin Luther King Jr. Day 2024-01-15"
    assert obligations(db, alpha, D(2024, 1, 2))[0][2] == "due"          # 14 days ahead: the reminder window
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "overdue"
    assert obligations(db, bravo, D(2024, 1, 17)) == []

    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2023-11-01')").fetchone()[0]
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "overdue"      # generating is not filed
    generated(db, alpha, report)
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("select api.submit_regulatory_report(%s, 'OCD-2024-000123')", [report])
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "done"


@pytest.mark.parametrize("scope,extra", [("lease", {}), ("well", {"lease_id": None}), ("organization", {"well": True})])
def test_schedule_scopes_need_exactly_their_entity(db, tenants, nm_well, scope, extra):
    alpha, _ = tenants
    row = {"agency": "TX-RRC", "form": "PR", "first_period": "2024-01-01", "scope": scope}
    if extra.get("well"):
        row["well_id"] = nm_well["nm_well"]
    with pytest.raises(psycopg.errors.CheckViolation, match="compliance_schedules_scope_check"):
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, "compliance_schedules", row)


@pytest.mark.parametrize("days", ["{NULL}", "{3,3}", "{}", "{-1}", "{91}"])
def test_reminder_lead_times_are_distinct_days_within_90(db, tenants, nm_well, days):
    alpha, _ = tenants
    with pytest.raises(psycopg.errors.CheckViolation, match="compliance_schedules_reminder_days_check"):
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("update api.compliance_schedules set reminder_days = %s::integer[] where id = %s",
                       [days, nm_well["schedule"]])
