"""US federal holidays (sql/ref/us_federal_holidays.sql): observed days count as holidays."""

import datetime


D = datetime.date


def test_observed_holidays_count_as_holidays(db):
    assert db.execute("select app.next_business_day('2026-07-03')").fetchone()[0] == D(2026, 7, 6)
    assert db.execute("select count(*) from ref.us_federal_holidays where holiday between '2026-01-01' and '2026-12-31'"
                      ).fetchone()[0] == 12
