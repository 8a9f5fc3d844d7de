"""Writes sql/ref/us_federal_holidays.csv: US federal holidays, observed days included, for the
years filing deadlines are computed over.

Source: the PyPI package `holidays` (MIT), installed with the `dev` extra; its United States
calendar is the federal one (5 U.S.C. §6103), with the Friday before or Monday after a holiday
that falls on a weekend marked "(observed)".

Run: .venv/bin/python scripts/generate_ref_us_federal_holidays.py   (sql/ref/us_federal_holidays.sql loads it)
"""

from __future__ import annotations

import csv
from pathlib import Path

import holidays

FIRST_YEAR, LAST_YEAR = 2000, 2045

OUTPUT = Path(__file__).resolve().parent.parent / "sql" / "ref" / "us_federal_holidays.csv"


def main() -> None:
    calendar = holidays.country_holidays("US", years=range(FIRST_YEAR, LAST_YEAR + 1), observed=True)
    with open(OUTPUT, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["holiday", "name"])
        for day, name in sorted(calendar.items()):
            writer.writerow([day.isoformat(), name])


if __name__ == "__main__":
    main()
