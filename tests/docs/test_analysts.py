"""docs/analysts.md works as written: an analyst login, connected with psql and the connection string
the document shows, runs the five worked queries and sees its own organization's rows only."""

import csv
import io
import re
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest

from support.compliance import import_days, validate
from support.finance import distribute, worked_deck
from wellflow_cli import db as ops
from wellflow_cli.settings import ROOT

DOC = (ROOT / "docs/analysts.md").read_text()
QUERIES = dict(re.findall(r"<!-- analyst-query: (\w+) -->\n```sql\n(.*?)```", DOC, re.S))
FIRST_DAY = date(2025, 7, 1)
DAYS = 92  # July, August and September 2025


def oil_on(day: int, spike_day: int) -> Decimal:
    return Decimal(1000) if day == spike_day else Decimal(200) - Decimal(day) / 2


def produce(db, tenant, well_id, spike_day):
    rows = [{"well_id": well_id, "production_date": str(FIRST_DAY + timedelta(days=d)),
             "oil_bbl": str(oil_on(d, spike_day)), "gas_mcf": "300", "water_bbl": "50"} for d in range(DAYS)]
    import_days(db, tenant, rows)
    validate(db, tenant)


def psql(url: str, query: str, **variables) -> list[dict]:
    arguments = ["psql", url, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        arguments += ["-v", f"{name}={value}"]
    result = subprocess.run(arguments + ["-f", "-"], input=query, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture
def analyst_url(db, db_url, tenants, owners, books):
    """Alpha's analyst login, after three months of production (one spike) for both tenants and an
    approved month of revenue for alpha; the connection string is the one the document shows."""
    alpha, bravo = tenants
    produce(db, alpha, owners["well"], spike_day=45)
    produce(db, bravo, books[bravo.name]["well"], spike_day=46)
    worked_deck(db, alpha, owners)
    distribute(db, alpha, owners)
    login = db.execute("select auth.create_analyst_login(%s, 'docs')", [alpha.id]).fetchone()[0]
    yield ops.role_url(db_url, login["role_name"], login["password"])
    db.execute("select auth.revoke_analyst_login(null, %s)", [login["role_name"]])


def test_the_document_has_the_five_worked_queries():
    assert set(QUERIES) == {"well_history", "lease_decline", "organization_month", "owner_revenue", "open_issues"}
    assert 'psql "postgresql://wellflow_permian-ridge_jane:PASSWORD@' in DOC


def test_the_five_queries_answer_with_the_organizations_rows_only(db, tenants, owners, books, analyst_url):
    """Alpha's well, July-September 2025: oil 200 - d/2 bbl on day d (d = 0 on July 1), except 1,000 bbl
    on August 15 (d = 45); gas 300 mcf and water 50 bbl every day. Bravo has the same wells and days.

    July, d = 0..30: 31 x 200 - (0 + ... + 30)/2 = 6,200 - 232.5 = 5,967.5 bbl.
    August, d = 31..61: 31 x 200 - (31 + ... + 61)/2 = 6,200 - 713 = 5,487, with day 45's 177.5
    replaced by 1,000: 5,487 - 177.5 + 1,000 = 6,309.5 bbl; gas 31 x 300 = 9,300 mcf.
    September, d = 62..91: 30 x 200 - (62 + ... + 91)/2 = 6,000 - 1,147.5 = 4,852.5 bbl.
    Oil per calendar day: July 5,967.5 / 31 = 192.5; September 4,852.5 / 30 = 161.75 -> 161.8.
    Revenue, September 2025: the worked example of the revenue tests, gross 88,111.05 over five owners."""
    alpha, bravo = tenants
    numbers = {tenant.name: db.execute(
                   "select app.format_well_number(w.well_number), l.lease_number from app.wells w"
                   " join app.leases l on l.organization_id = w.organization_id and l.id = w.lease_id"
                   " where w.id = %s", [refs["well"]]).fetchone()
               for tenant, refs in ((alpha, owners), (bravo, books[bravo.name]))}
    alpha_well, alpha_lease = numbers[alpha.name]
    bravo_well, bravo_lease = numbers[bravo.name]

    history = psql(analyst_url, QUERIES["well_history"], well=alpha_well)
    assert [(row["month"], Decimal(row["oil_bbl"]), Decimal(row["gas_mcf"])) for row in history] == [
        ("2025-07-01", Decimal("5967.5"), Decimal("9300")), ("2025-08-01", Decimal("6309.5"), Decimal("9300")),
        ("2025-09-01", Decimal("4852.5"), Decimal("9000"))]
    assert psql(analyst_url, QUERIES["well_history"], well=bravo_well) == []

    decline = psql(analyst_url, QUERIES["lease_decline"], lease=alpha_lease)
    assert [(row["month"], row["oil_bbl_per_day"]) for row in decline] == [
        ("2025-07-01", "192.5"), ("2025-08-01", "203.5"), ("2025-09-01", "161.8")]
    assert decline[0]["decline_percent"] == "" and decline[2]["decline_percent"] == "23.1"
    assert psql(analyst_url, QUERIES["lease_decline"], lease=bravo_lease) == []

    month = psql(analyst_url, QUERIES["organization_month"], month="2025-08-01")
    assert [(Decimal(row["oil_bbl"]), row["producing_wells"]) for row in month] == [(Decimal("6309.5"), "1")]

    revenue = psql(analyst_url, QUERIES["owner_revenue"], month="2025-09-01")
    assert len(revenue) == 5
    assert sum(Decimal(row["gross"]) for row in revenue) == Decimal("88111.05")

    issues = psql(analyst_url, QUERIES["open_issues"])
    assert {row["well_number_formatted"] for row in issues} == {alpha_well}
    assert ("spike", "2025-08-15") in {(row["kind"], row["issue_date"]) for row in issues}
