"""Filing rules (sql/ref/filing_rules.sql): each agency's deadline, and the due date rolled over
weekends and federal holidays."""

import datetime

import pytest


D = datetime.date


@pytest.mark.parametrize("agency,form,period,deadline,due", [
    # 15th of the second month; 2024-01-15 is Martin Luther King Jr. Day.
    ("NM-OCD", "C-115", "2023-11-01", D(2024, 1, 15), D(2024, 1, 16)),
    # 2027-02-15 is Washington's Birthday.
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
])
def test_due_dates_follow_the_rule_and_roll_over_weekends_and_holidays(db, agency, form, period, deadline, due):
    row = db.execute("select app.filing_deadline(%s, %s, %s), app.filing_due_date(%s, %s, %s)",
                     [agency, form, period] * 2).fetchone()
    assert row == (deadline, due)
