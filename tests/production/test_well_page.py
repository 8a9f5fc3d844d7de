"""The dashboard's well page (nginx/dashboard/well.html, well.js) in a real browser on the real stack: a
declining well's production imported over HTTP, its forecast fitted by a real worker, and the page showing
the well, its EUR and a log-rate chart (Chart.js served by our nginx) whose series it lists; another
tenant's viewer sees none of it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import httpx
import psycopg
import pytest

from conftest import Tenant, start_worker, stop_process, wait_for
from support import dump_dom
from support.assets import payload, post_graph, post_row

FIRST_DAY = date(2022, 1, 1)
DAYS = (date(2024, 1, 1) - FIRST_DAY).days          # 24 months: January 2022 to December 2023
SPIKE_DAY = date(2023, 6, 15)


def oil_rate(day: date) -> float:
    """A modified hyperbolic decline from 400 bbl/d: Di = 1.5 per year, b = 0.9."""
    t = (day - FIRST_DAY).days
    return 400 / (1 + 0.9 * 1.5 * t / 365) ** (1 / 0.9)


def production_rows(well_id: str) -> list[dict]:
    """Every day of the 24 months; one day's oil is five times the curve, for the validation job to find."""
    rows = []
    for n in range(DAYS):
        day = FIRST_DAY + timedelta(days=n)
        oil = oil_rate(day)
        rows.append({"well_id": well_id, "production_date": day.isoformat(),
                     "oil_bbl": round(oil * (5 if day == SPIKE_DAY else 1), 2), "gas_mcf": round(3 * oil, 2),
                     "water_bbl": 50})
    return rows


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The body rows of a table of the page, each as its cells' text."""
    table = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert table, f"no table {table_id}"
    return [[text_of(td).strip() for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)]


@pytest.fixture(scope="module")
def forecast_well(stack, tmp_path_factory):
    """Alpha's producing well with 24 months of declining production, its oil forecast fitted and its
    production validated by a real worker; Bravo, another tenant."""
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        alpha, bravo = Tenant(conn, "Decline Operating"), Tenant(conn, "Elsewhere Resources")
    log = tmp_path_factory.mktemp("well-page") / "worker.log"
    with stack.client(stack.login(alpha.emails["engineer"])) as engineer:
        refs = post_graph(engineer)
        well = post_row(engineer, "wells", {**payload("wells", refs), "status": "producing"})
        imported = engineer.post("/rpc/import_production", json={"rows": production_rows(well["id"])})
        assert imported.status_code == 200, imported.text
        oil = f"/well_forecasts?well_id=eq.{well['id']}&product=eq.oil"
        worker = start_worker(stack, log)
        try:
            wait_for(lambda: engineer.get(oil).json()[0]["status"] == "fitted",
                     f"the oil forecast (worker log: {log})", timeout=90)
            wait_for(lambda: engineer.get(f"/data_quality_issues?well_id=eq.{well['id']}&kind=eq.spike").json(),
                     f"the validation job's spike (worker log: {log})", timeout=90)
        finally:
            stop_process(worker)
        forecast = engineer.get(oil).json(parse_float=Decimal)[0]
    return alpha, bravo, well, forecast


def test_the_well_page_shows_the_well_its_eur_and_the_rates_it_plots(stack, forecast_well):
    alpha, _, well, forecast = forecast_well
    token = stack.login(alpha.emails["viewer"])
    page = dump_dom(f"{stack.base_url}/dashboard/well.html#well={well['id']}&token={token}")
    assert 'data-state="ready"' in page, text_of(page)[-2000:]
    text = text_of(page)
    assert re.search(rf'<h1 id="well-name">{re.escape(well["name"])}</h1>', page)
    assert f"{well['well_number_formatted']} · producing" in text

    eur = re.search(r'<td[^>]*id="eur-oil"[^>]*>([^<]*)</td>', page)
    assert eur and eur.group(1) == f"{Decimal(forecast['eur']).quantize(Decimal(1), ROUND_HALF_UP):,}", eur
    assert re.search(r'id="eur-gas"', page)                        # gas is forecast as well

    plotted = {row[0]: row[1:] for row in table_rows(page, "plotted")}
    assert list(plotted) == ["Oil daily", "Gas daily", "Water daily", "Oil monthly", "Gas monthly", "Water monthly",
                             "Oil fitted", "Oil forecast", "Gas fitted", "Gas forecast"]
    assert plotted["Oil monthly"] == ["24", "2022-01", "2023-12"]
    assert plotted["Water monthly"] == ["24", "2022-01", "2023-12"]
    assert plotted["Oil daily"] == [str(DAYS), FIRST_DAY.isoformat(), "2023-12-31"]
    points, first, last = plotted["Oil forecast"]
    assert int(points) >= 1 and "2023-12" < first <= last, plotted["Oil forecast"]
    assert int(plotted["Oil fitted"][0]) >= 1 and plotted["Oil fitted"][2] == "2023-12"

    issues = table_rows(page, "issues")
    assert [SPIKE_DAY.isoformat(), "spike"] in [issue[:2] for issue in issues], issues
    assert table_rows(page, "tests") == [["No well tests."]]


def test_the_dashboard_links_an_issue_to_its_well_page(stack, forecast_well):
    alpha, _, well, _ = forecast_well
    page = dump_dom(f"{stack.base_url}/dashboard/#token={stack.login(alpha.emails['admin'])}")
    assert 'data-state="ready"' in page, text_of(page)[-2000:]
    assert f'<a href="well.html#well={well["id"]}">{well["name"]} ({well["well_number_formatted"]})</a>' in page


def test_another_tenants_viewer_sees_no_well(stack, forecast_well):
    _, bravo, well, _ = forecast_well
    token = stack.login(bravo.emails["viewer"])
    with stack.client(token) as viewer:
        for resource in ("wells?id", "well_forecasts?well_id", "well_forecast_months?well_id", "production?well_id",
                         "production_monthly_wells?well_id", "data_quality_issues?well_id"):
            assert viewer.get(f"/{resource}=eq.{well['id']}").json() == [], resource
    page = dump_dom(f"{stack.base_url}/dashboard/well.html#well={well['id']}&token={token}")
    assert 'data-state="error"' in page, text_of(page)[-2000:]
    assert well["name"] not in page and well["well_number_formatted"] not in page
    assert "No such well among your organization's wells." in text_of(page)
    assert table_rows(page, "plotted") == []


def test_the_chart_library_is_served_by_our_nginx(stack):
    response = httpx.get(f"{stack.base_url}/dashboard/vendor/chart.umd.js", timeout=30)
    assert response.status_code == 200 and response.headers["content-type"] == "application/javascript"
    assert "Chart.js v4.4.7" in response.text[:500]
