"""Filing rules (sql/ref/filing_rules.sql, agency_holidays.sql): each agency's deadline, and the due date rolled
over weekends and the holidays of the agency's own state (federal holidays for ONRR)."""

import datetime

import pytest


D = datetime.date


@pytest.mark.parametrize("agency,form,period,deadline,due", [
    # 15th of the second month; 2024-01-15 is Martin Luther King Jr. Day.
    ("NM-OCD", "C-115", "2023-11-01", D(2024, 1, 15), D(2024, 1, 16)),
    # 2027-02-15 is Presidents' Day, one in New Mexico too.
    ("NM-OCD", "C-115", "2026-12-01", D(2027, 2, 15), D(2027, 2, 16)),
    # 2025-11-15 is a Saturday.
    ("NM-OCD", "C-115", "2025-09-17", D(2025, 11, 15), D(2025, 11, 17)),
    ("NM-OCD", "C-115", "2025-08-01", D(2025, 10, 15), D(2025, 10, 15)),
    # Month end 2025-08-31 is a Sunday and 2025-09-01 Labor Day.
    ("ND-DMR", "FORM-5", "2025-07-01", D(2025, 8, 31), D(2025, 9, 2)),
    ("TX-RRC", "PR", "2026-06-01", D(2026, 7, 15), D(2026, 7, 15)),
    # 2026-07-03 is Independence Day observed (the 4th is a Saturday).
    ("ONRR", "OGOR", "2026-06-01", D(2026, 7, 31), D(2026, 7, 31)),
    ("ONRR", "OGOR", "2024-02-01", D(2024, 3, 31), D(2024, 4, 1)),
    # Form 5B: the 5th of the second month (NDAC 43-02-03-59); 2026-04-05 is a Sunday.
    ("ND-DMR", "FORM-5B", "2026-01-01", D(2026, 3, 5), D(2026, 3, 5)),
    ("ND-DMR", "FORM-5B", "2026-02-01", D(2026, 4, 5), D(2026, 4, 6)),
    # 2022-09-05 is Labor Day.
    ("ND-DMR", "FORM-5B", "2022-07-01", D(2022, 9, 5), D(2022, 9, 6)),
])
def test_due_dates_follow_the_rule_and_roll_over_weekends_and_holidays(db, agency, form, period, deadline, due):
    row = db.execute("select app.filing_deadline(%s, %s, %s), app.filing_due_date(%s, %s, %s)",
                     [agency, form, period] * 2).fetchone()
    assert row == (deadline, due)


@pytest.mark.parametrize("day,agency,business_day", [
    # Juneteenth (Friday 2026-06-19) closes federal offices only: not a legal holiday in New Mexico or North Dakota,
    # and Texas agencies stay open on it (Government Code §662.004(a)).
    (D(2026, 6, 19), None, D(2026, 6, 22)),
    (D(2026, 6, 19), "NM-OCD", D(2026, 6, 19)),
    (D(2026, 6, 19), "ND-DMR", D(2026, 6, 19)),
    (D(2026, 6, 19), "TX-RRC", D(2026, 6, 19)),
    # July 4, 2026 is a Saturday: observed Friday the 3rd federally and in North Dakota (NDCC §1-03-02.1), not in
    # New Mexico (only a Sunday holiday moves, §12-5-3) or Texas (§662.005).
    (D(2026, 7, 3), "ONRR", D(2026, 7, 6)),
    (D(2026, 7, 3), "ND-DMR", D(2026, 7, 6)),
    (D(2026, 7, 3), "NM-OCD", D(2026, 7, 3)),
    (D(2026, 7, 3), "TX-RRC", D(2026, 7, 3)),
    # Good Friday closes North Dakota's offices only; the Friday after Thanksgiving closes Texas agencies.
    (D(2026, 4, 3), "ND-DMR", D(2026, 4, 6)),
    (D(2026, 4, 3), "ONRR", D(2026, 4, 3)),
    (D(2026, 11, 27), "TX-RRC", D(2026, 11, 30)),
    (D(2026, 11, 27), "NM-OCD", D(2026, 11, 27)),
    # Indigenous Peoples' Day, the second Monday of October, is a legal holiday in New Mexico.
    (D(2026, 10, 12), "NM-OCD", D(2026, 10, 13)),
    (D(2026, 10, 12), "ND-DMR", D(2026, 10, 12)),
])
def test_each_agency_rolls_over_its_own_states_holidays(db, day, agency, business_day):
    assert db.execute("select app.next_business_day(%s, %s)", [day, agency]).fetchone()[0] == business_day


def test_the_calendars_are_readable_with_their_law(stack, engineer_client):
    rows = engineer_client.get("/agency_holidays", params={"holiday": "eq.2026-11-27"}).json()
    assert [(row["agency"], row["name"]) for row in rows] == [("TX-RRC", "Friday after Thanksgiving")]
    assert "§662.004(b)" in rows[0]["source"]
    assert engineer_client.post("/agency_holidays", json={"agency": "TX-RRC"}).status_code == 405
