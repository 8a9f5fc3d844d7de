"""Writes sql/ref/agency_holidays.csv: for each state agency whose filings WellFlow computes, the days
its deadlines do not fall on, 2000-2045, by the state's own rules (an agency without a calendar here
follows the federal one, ref.us_federal_holidays).

- NM-OCD: the legal holidays of NMSA 1978 §12-5-2 (Presidents' Day in February, Indigenous Peoples'
  Day in October; no Juneteenth), a Sunday holiday kept the Monday after (§12-5-3(A)), none moved
  off a Saturday; a period ending on one runs to the next day (§12-2A-7(F)).
- ND-DMR: the ten holidays of NDCC §1-03-01 on which state offices close (Good Friday included; no
  Columbus Day, no Juneteenth), January 1, July 4, November 11 and December 25 kept the Monday after
  a Sunday (§1-03-02) or the Friday before a Saturday (§1-03-02.1); an act due on one is done the
  next day (§1-03-05).
- TX-RRC: the national holidays of Texas Government Code §662.003(a), and the state holidays on which
  agencies close (§662.004(b): the Friday after Thanksgiving, December 24 and 26); a holiday on a
  weekend is not observed on another day (§662.005(a)).

Run: .venv/bin/python scripts/generate_ref_agency_holidays.py   (sql/ref/agency_holidays.sql loads it)
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from dateutil.easter import easter

FIRST_YEAR, LAST_YEAR = 2000, 2045

OUTPUT = Path(__file__).resolve().parent.parent / "sql" / "ref" / "agency_holidays.csv"

D = datetime.date


def nth_weekday(year: int, month: int, weekday: int, n: int) -> D:
    """The n-th weekday (Monday = 0) of a month; n = -1 for the last."""
    if n > 0:
        first = D(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = D(year, month + 1, 1) - datetime.timedelta(days=1) if month < 12 else D(year, 12, 31)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def shifted(day: D, name: str, sunday_to_monday: bool, saturday_to_friday: bool) -> list[tuple[D, str]]:
    if day.weekday() == 6 and sunday_to_monday:
        return [(day + datetime.timedelta(days=1), f"{name} (observed)")]
    if day.weekday() == 5 and saturday_to_friday:
        return [(day - datetime.timedelta(days=1), f"{name} (observed)")]
    return [(day, name)]


def new_mexico(year: int) -> list[tuple[D, str]]:
    days = [(D(year, 1, 1), "New Year's Day"), (nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
            (nth_weekday(year, 2, 0, 3), "Presidents' Day"), (nth_weekday(year, 5, 0, -1), "Memorial Day"),
            (D(year, 7, 4), "Independence Day"), (nth_weekday(year, 9, 0, 1), "Labor Day"),
            (nth_weekday(year, 10, 0, 2), "Indigenous Peoples' Day" if year >= 2019 else "Columbus Day"),
            (D(year, 11, 11), "Armistice Day and Veterans' Day"), (nth_weekday(year, 11, 3, 4), "Thanksgiving Day"),
            (D(year, 12, 25), "Christmas Day")]
    return [kept for day, name in days for kept in shifted(day, name, sunday_to_monday=True, saturday_to_friday=False)]


def north_dakota(year: int) -> list[tuple[D, str]]:
    fixed = [(D(year, 1, 1), "New Year's Day"), (D(year, 7, 4), "Independence Day"), (D(year, 11, 11), "Veterans Day"),
             (D(year, 12, 25), "Christmas Day")]
    moving = [(nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
              (nth_weekday(year, 2, 0, 3), "George Washington's Birthday"),
              (easter(year) - datetime.timedelta(days=2), "Good Friday"), (nth_weekday(year, 5, 0, -1), "Memorial Day"),
              (nth_weekday(year, 9, 0, 1), "Labor Day"), (nth_weekday(year, 11, 3, 4), "Thanksgiving Day")]
    return [kept for day, name in fixed for kept in shifted(day, name, True, True)] + moving


def texas(year: int) -> list[tuple[D, str]]:
    thanksgiving = nth_weekday(year, 11, 3, 4)
    return [(D(year, 1, 1), "New Year's Day"), (nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
            (nth_weekday(year, 2, 0, 3), "Presidents' Day"), (nth_weekday(year, 5, 0, -1), "Memorial Day"),
            (D(year, 7, 4), "Independence Day"), (nth_weekday(year, 9, 0, 1), "Labor Day"),
            (D(year, 11, 11), "Veterans Day"), (thanksgiving, "Thanksgiving Day"),
            (thanksgiving + datetime.timedelta(days=1), "Friday after Thanksgiving"), (D(year, 12, 24), "Christmas Eve"),
            (D(year, 12, 25), "Christmas Day"), (D(year, 12, 26), "Day after Christmas")]


CALENDARS = {"NM-OCD": new_mexico, "ND-DMR": north_dakota, "TX-RRC": texas}


def main() -> None:
    with open(OUTPUT, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["agency", "holiday", "name"])
        for agency, calendar in CALENDARS.items():
            rows = {}
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                for day, name in calendar(year):
                    # A Saturday holiday observed on December 31 of the year before stays in range.
                    rows.setdefault(day, name)
            for day, name in sorted(rows.items()):
                writer.writerow([agency, day.isoformat(), name])


if __name__ == "__main__":
    main()
