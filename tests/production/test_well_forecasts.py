"""Decline-curve forecasts (sql/production/forecast_settings.sql, well_forecasts.sql, well_forecast_months.sql,
well_forecast_overrides.sql, well_forecast_queue.sql; procrastinate_tasks/forecasts.py): wells made from known
Arps parameters are fitted back to them by the worker's job, a short history says why it has no forecast, an
engineer's pinned parameters survive the refit, remaining volumes add up by lease, field and organization, and no
tenant reaches another's forecasts."""

import time
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import psycopg
import pytest
from petbox import dca

from conftest import WORKER_PASSWORD, act_as, act_as_worker, start_worker
from support import run_task, stop_process, wait_for
from support.assets import create_graph, insert, payload
from support.finance import wf_error
from support.production import import_rows

OIL = dict(qi=420.0, Di=0.72, bi=1.05, Dterm=0.06)
GAS = dict(qi=1500.0, Di=0.6, bi=0.8, Dterm=0.06)
FIRST_DAY = date(2022, 1, 1)
SHUT_IN_MONTH = date(2022, 10, 1)


def months_from(first: date, count: int) -> list[date]:
    return [date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1) for n in range(count)]


def synthetic_days(well_id: str, months: int, shut_in: date | None = SHUT_IN_MONTH) -> list[dict]:
    """Daily rows of a well that follows the OIL and GAS models exactly: each producing day holds the model's
    cumulative at its end less at its start (in producing days, so the decline stops while the well is shut in),
    rounded to the thousandth. The shut-in month's days report zero."""
    oil, gas = dca.MH(**OIL), dca.MH(**GAS)
    rows, on = [], 0
    day = FIRST_DAY
    last = months_from(FIRST_DAY, months + 1)[-1]
    while day < last:
        if shut_in and day.replace(day=1) == shut_in:
            rows.append({"well_id": well_id, "production_date": day.isoformat(), "oil_bbl": 0, "gas_mcf": 0,
                         "water_bbl": 0})
        else:
            edges = np.array([on, on + 1.0])
            rows.append({"well_id": well_id, "production_date": day.isoformat(),
                         "oil_bbl": round(float(np.diff(oil.cum(edges))[0]), 3),
                         "gas_mcf": round(float(np.diff(gas.cum(edges))[0]), 3), "water_bbl": 40})
            on += 1
        day += timedelta(days=1)
    return rows


@pytest.fixture
def worker(db_url, cluster, monkeypatch):
    """The forecast job run as the worker runs it: its own login, the module's database."""
    from conftest import ops
    monkeypatch.setenv("WELLFLOW_WORKER_URL", ops.role_url(db_url, "wellflow_worker", WORKER_PASSWORD))
    from procrastinate_tasks.forecasts import refit_forecasts, scan

    def refit(tenant) -> int:
        stored = 0
        while True:                                          # a job per batch, as the chain of jobs does
            done = run_task(refit_forecasts.func(organization_id=str(tenant.id)))
            if done == 0:
                return stored
            stored += done
    refit.scan = lambda: run_task(scan.func(timestamp=0))
    return refit


@pytest.fixture
def wells(db, tenants):
    """Alpha's lease of two producing wells: Arps 1H with 30 months of synthetic history (October 2022 shut in),
    Young 2H with three months."""
    alpha, _ = tenants
    refs = {}
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs |= create_graph(db)
        for name, number in (("Arps 1H", "42-329-40001"), ("Young 2H", "42-329-40002")):
            refs[name] = insert(db, "wells", {"well_number": number, "name": name, "lease_id": refs["lease"],
                                              "field_id": refs["field"], "status": "producing"})["id"]
        import_rows(db, synthetic_days(refs["Arps 1H"], 30))
        import_rows(db, [{"well_id": refs["Young 2H"], "production_date": d.isoformat(), "oil_bbl": 80, "gas_mcf": 90}
                         for d in (date(2024, 1, 1) + timedelta(days=n) for n in range(91))])
    return refs


def forecasts(db, tenant, role="viewer"):
    with db.transaction():
        act_as(db, tenant, role)
        return {(str(r["well_id"]), r["product"]): r for r in db.execute(
            "select to_jsonb(f.*) from api.well_forecasts f").fetchall() for r in [r[0]]}


def forecast_months(db, tenant, well, product):
    with db.transaction():
        act_as(db, tenant, "viewer")
        return db.execute("select month, is_forecast, rate, volume from api.well_forecast_months"
                          " where well_id = %s and product = %s order by month", [well, product]).fetchall()


def queue(db, tenant) -> list[str]:
    return [str(r[0]) for r in db.execute("select well_id from app.well_forecast_queue where organization_id = %s"
                                          " order by well_id", [tenant.id]).fetchall()]


def test_a_well_made_from_known_parameters_is_fitted_back_to_them(db, tenants, wells, worker):
    """Arps 1H follows oil qi 420 bbl/d, Di 0.72, b 1.05 and gas qi 1,500 mcf/d, Di 0.60, b 0.80 (terminal 0.06),
    from January 2022 for 30 months, shut in through October 2022 (skipped: 29 producing months fitted).
    Fitted back: qi and Di within 2 %, b within 0.05. The forecast runs from July 2024 while the month's rate
    stays at or above the 5 bbl/d (oil) and 30 mcf/d (gas) economic limits; remaining is the sum of its months
    and EUR = cumulative + remaining, cumulative being the sum of the daily rows."""
    alpha, _ = tenants
    assert worker(alpha) == 4                                          # two wells x oil and gas
    found = forecasts(db, alpha)
    days = synthetic_days(wells["Arps 1H"], 30)
    for product, truth, limit, column in (("oil", OIL, 5, "oil_bbl"), ("gas", GAS, 30, "gas_mcf")):
        f = found[(wells["Arps 1H"], product)]
        assert f["status"] == "fitted" and f["reason"] is None
        assert abs(f["initial_rate"] / truth["qi"] - 1) <= 0.02, f
        assert abs(f["initial_decline"] / truth["Di"] - 1) <= 0.02, f
        assert abs(f["b_factor"] - truth["bi"]) <= 0.05, f
        assert f["terminal_decline"] == 0.06 and f["r_squared"] >= 0.999
        assert (f["fit_start"], f["fit_end"], f["months_fitted"]) == ("2022-01-01", "2024-06-01", 29)
        assert Decimal(str(f["cumulative"])) == sum(Decimal(str(d[column])) for d in days)
        months = forecast_months(db, alpha, wells["Arps 1H"], product)
        fitted = [m for m in months if not m[1]]
        ahead = [m for m in months if m[1]]
        assert len(fitted) == 29 and date(2022, 10, 1) not in [m[0] for m in fitted]
        assert ahead[0][0] == date(2024, 7, 1) and str(ahead[-1][0]) == f["forecast_end"]
        assert all(m[2] >= limit for m in ahead) and ahead[-1][2] < limit * 1.05
        assert Decimal(str(f["remaining"])) == sum(m[3] for m in ahead) > 0
        assert Decimal(str(f["eur"])) == Decimal(str(f["cumulative"])) + Decimal(str(f["remaining"]))


def test_three_months_of_history_is_not_enough_and_says_so(db, tenants, wells, worker):
    """Young 2H produced 80 bbl and 90 mcf a day for 91 days (January to March 2024): cumulative 7,280 bbl and
    8,190 mcf, nothing remaining, and the reason names the count, the peak and what is needed."""
    alpha, _ = tenants
    worker(alpha)
    found = forecasts(db, alpha)
    oil, gas = found[(wells["Young 2H"], "oil")], found[(wells["Young 2H"], "gas")]
    assert oil["status"] == gas["status"] == "not_enough_history"
    assert oil["reason"] == "not enough history: 3 producing month(s) since the peak (2024-01), 6 needed"
    assert (oil["cumulative"], oil["remaining"], oil["eur"]) == (7280, 0, 7280)
    assert (gas["cumulative"], gas["eur"]) == (8190, 8190)
    assert oil["initial_rate"] is None and forecast_months(db, alpha, wells["Young 2H"], "oil") == []


def test_a_new_month_refits_the_well_and_the_queue_keeps_one_job_per_organization(db, tenants, wells, worker):
    alpha, bravo = tenants
    jobs = "select count(*) from procrastinate.procrastinate_jobs where task_name = 'forecasts__refit'" \
           " and status = 'todo' and args ->> 'organization_id' = %s"
    assert db.execute(jobs, [str(alpha.id)]).fetchone()[0] == 1           # two imports, one waiting job
    worker(alpha)
    assert queue(db, alpha) == []
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Young 2H"], "production_date": f"2024-04-{d:02d}", "oil_bbl": 70,
                          "gas_mcf": 80} for d in range(1, 31)])
    assert queue(db, alpha) == [wells["Young 2H"]]
    assert db.execute(jobs, [str(alpha.id)]).fetchone()[0] == 1 and db.execute(jobs, [str(bravo.id)]).fetchone()[0] == 0
    assert worker(alpha) == 2                                          # only the touched well
    assert forecasts(db, alpha)[(wells["Young 2H"], "oil")]["reason"].startswith("not enough history: 4 producing")


def test_the_nightly_scan_refits_forecasts_older_than_a_month(db, tenants, wells, worker):
    alpha, _ = tenants
    worker(alpha)
    assert worker.scan() == 0                                           # all fresh
    db.execute("update app.well_forecasts set fitted_at = now() - interval '32 days' where well_id = %s",
               [wells["Arps 1H"]])
    assert worker.scan() == 1
    assert worker(alpha) == 2
    assert db.execute("select min(fitted_at) > now() - interval '1 minute' from app.well_forecasts").fetchone()[0]


def test_an_engineers_pinned_parameters_survive_the_refit_and_are_audited(db, tenants, wells, worker):
    """Pinned oil qi 400, Di 0.5, b 0.9, Dterm 0.08 on Arps 1H: the forecast takes them as they are (status pinned),
    its fit quality is measured against the history, a refit after new production keeps them, and removing them
    lets the fit take over again."""
    alpha, _ = tenants
    worker(alpha)
    pinned = {"well_id": wells["Arps 1H"], "product": "oil", "initial_rate": 400, "initial_decline": 0.5,
              "b_factor": 0.9, "terminal_decline": 0.08, "note": "Type curve of the offset wells"}
    with db.transaction():
        act_as(db, alpha, "engineer")
        row = insert(db, "well_forecast_overrides", pinned)
    assert row["pinned_by"] == str(alpha.users["engineer"])
    worker(alpha)
    f = forecasts(db, alpha)[(wells["Arps 1H"], "oil")]
    assert (f["status"], f["initial_rate"], f["initial_decline"], f["b_factor"], f["terminal_decline"]) == (
        "pinned", 400, 0.5, 0.9, 0.08)
    assert f["r_squared"] < 0.99 and f["reason"] is None
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Arps 1H"], "production_date": "2024-07-01", "oil_bbl": 30, "gas_mcf": 200}])
    worker(alpha)
    assert forecasts(db, alpha)[(wells["Arps 1H"], "oil")]["status"] == "pinned"
    with db.transaction():
        act_as(db, alpha, "manager")
        db.execute("update api.well_forecast_overrides set b_factor = 1.2 where well_id = %s", [wells["Arps 1H"]])
        db.execute("delete from api.well_forecast_overrides where well_id = %s", [wells["Arps 1H"]])
    worker(alpha)
    assert forecasts(db, alpha)[(wells["Arps 1H"], "oil")]["status"] == "fitted"
    audit = db.execute("select action::text, user_id, org_role, changed_columns from audit.changes"
                       " where table_name = 'well_forecast_overrides' and organization_id = %s order by id",
                       [alpha.id]).fetchall()
    assert audit == [("insert", alpha.users["engineer"], "engineer", None),
                     ("update", alpha.users["manager"], "manager", ["b_factor"]),
                     ("delete", alpha.users["manager"], "manager", None)]


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_only_asset_writers_pin_parameters_or_change_the_settings(db, tenants, wells, role):
    alpha, _ = tenants
    for statement, args in (
            ("insert into api.well_forecast_overrides (well_id, product, initial_rate, initial_decline, b_factor,"
             " terminal_decline, note) values (%s, 'gas', 900, 0.5, 1, 0.06, 'mine')", [wells["Arps 1H"]]),
            ("update api.forecast_settings set oil_economic_limit = 8", [])):
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, alpha, role)
                db.execute(statement, args)
        assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"


@pytest.mark.parametrize("change,constraint", [
    ({"b_factor": 2.5}, "well_forecast_overrides_b_factor_check"),
    ({"initial_decline": 1}, "well_forecast_overrides_initial_decline_check"),
    ({"initial_rate": 0}, "well_forecast_overrides_initial_rate_check"),
    ({"terminal_decline": 0.6, "initial_decline": 0.7}, "well_forecast_overrides_terminal_decline_check"),
    ({"terminal_decline": 0.3, "initial_decline": 0.2}, "well_forecast_overrides_terminal_decline_below_initial_check"),
    ({"note": " "}, "well_forecast_overrides_note_check"),
])
def test_bad_pinned_parameters_are_refused_naming_the_rule(db, tenants, wells, change, constraint):
    alpha, _ = tenants
    with pytest.raises(psycopg.errors.CheckViolation, match=constraint):
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, "well_forecast_overrides", {"well_id": wells["Arps 1H"], "product": "oil", "initial_rate": 400,
                                                   "initial_decline": 0.5, "b_factor": 0.9, "terminal_decline": 0.06,
                                                   "note": "offset wells"} | change)


def test_the_economic_limit_is_a_setting_and_shortens_the_forecast(db, tenants, wells, worker):
    alpha, bravo = tenants
    worker(alpha)
    before = forecasts(db, alpha)[(wells["Arps 1H"], "oil")]
    with db.transaction():
        act_as(db, alpha, "engineer")
        assert db.execute("select oil_economic_limit, gas_economic_limit, terminal_decline, minimum_months"
                          " from api.forecast_settings").fetchall() == [(5, 30, Decimal("0.06"), 6)]
        db.execute("update api.forecast_settings set oil_economic_limit = 25")
        with pytest.raises(psycopg.errors.CheckViolation, match="forecast_settings_minimum_months_check"):
            with db.transaction():
                db.execute("update api.forecast_settings set minimum_months = 2")
    with db.transaction():
        act_as(db, bravo, "owner")
        assert db.execute("select oil_economic_limit from api.forecast_settings").fetchall() == [(5,)]
    assert len(queue(db, alpha)) == 2                                  # every well refits
    worker(alpha)
    after = forecasts(db, alpha)[(wells["Arps 1H"], "oil")]
    assert after["economic_limit"] == 25 and after["forecast_end"] < before["forecast_end"]
    assert 0 < after["remaining"] < before["remaining"] and after["cumulative"] == before["cumulative"]


def test_remaining_volumes_add_up_by_lease_field_and_organization(db, tenants, wells, worker):
    alpha, _ = tenants
    worker(alpha)
    with db.transaction():
        act_as(db, alpha, "viewer")
        by_month = db.execute("select extract(year from month)::integer, product::text, sum(volume) from"
                              " api.well_forecast_months where is_forecast group by 1, 2 order by 1, 2").fetchall()
        organization = db.execute("select year, product::text, remaining from api.remaining_volumes"
                                  " order by 1, 2").fetchall()
        lease = db.execute("select year, product::text, remaining from api.remaining_volumes_by_lease"
                           " where lease_id = %s order by 1, 2", [wells["lease"]]).fetchall()
        field = db.execute("select year, product::text, remaining from api.remaining_volumes_by_field"
                           " where field_id = %s order by 1, 2", [wells["field"]]).fetchall()
        total = db.execute("select sum(remaining) from api.well_forecasts where product = 'oil'").fetchone()[0]
    assert by_month == organization == lease == field and organization[0][0] == 2024
    assert sum(r for _, product, r in organization if product == "oil") == total


def test_another_tenant_reaches_none_of_it_by_any_verb(db, tenants, wells, worker):
    alpha, bravo = tenants
    worker(alpha)
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "well_forecast_overrides", {"well_id": wells["Arps 1H"], "product": "gas", "initial_rate": 1400,
                                               "initial_decline": 0.6, "b_factor": 0.8, "terminal_decline": 0.06,
                                               "note": "alpha's"})
        db.execute("update api.forecast_settings set gas_economic_limit = 40")
    for view in ("well_forecasts", "well_forecast_months", "well_forecast_overrides", "remaining_volumes",
                 "remaining_volumes_by_lease", "remaining_volumes_by_field"):
        with db.transaction():
            act_as(db, bravo, "owner")
            assert db.execute(f"select count(*) from api.{view}").fetchone()[0] == 0, view
    queued = queue(db, alpha)
    with db.transaction():
        act_as(db, bravo, "owner")
        assert db.execute("update api.well_forecast_overrides set note = 'x'").rowcount == 0
        assert db.execute("delete from api.well_forecast_overrides").rowcount == 0
        db.execute("update api.forecast_settings set gas_economic_limit = 50")
    assert queue(db, alpha) == queued and queue(db, bravo) == []
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, bravo, "engineer")
            insert(db, "well_forecast_overrides", {"well_id": wells["Arps 1H"], "product": "oil", "initial_rate": 1,
                                                   "initial_decline": 0.5, "b_factor": 1, "terminal_decline": 0.06,
                                                   "note": "not mine"})
    assert caught.value.sqlstate in ("23503", "42501")
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, bravo, "engineer")
            db.execute("insert into api.well_forecast_overrides (organization_id, well_id, product, initial_rate,"
                       " initial_decline, b_factor, terminal_decline, note) values (%s, %s, 'oil', 1, 0.5, 1, 0.06, 'x')",
                       [alpha.id, wells["Arps 1H"]])
    for statement in ("delete from app.well_forecasts", "insert into app.well_forecasts (organization_id, well_id,"
                      " product, status, reason, economic_limit, cumulative, remaining) select organization_id, well_id,"
                      " 'oil', 'fit_failed', 'x', 1, 1, 1 from app.well_forecasts"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with db.transaction():
                act_as(db, alpha, "owner")
                db.execute(statement)
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Arps 1H"], "production_date": "2024-07-01", "oil_bbl": 30}])
    db.execute("delete from app.well_forecast_queue where organization_id = %s and well_id <> %s",
               [alpha.id, wells["Arps 1H"]])
    assert queue(db, alpha) == [wells["Arps 1H"]]
    with db.transaction():                                   # the worker of one tenant claims and stores only its own
        act_as_worker(db, bravo)
        assert db.execute("select count(*) from app.claim_well_forecasts(10)").fetchone()[0] == 0
        assert db.execute("select app.store_well_forecasts(now(), '[]')").fetchone()[0] == 0
        assert db.execute("select app.release_well_forecasts(now())").fetchone()[0] == 0
    assert len(forecasts(db, alpha)) == 4
    assert db.execute("select claimed_at from app.well_forecast_queue where organization_id = %s",
                      [alpha.id]).fetchall() == [(None,)]
    with db.transaction():
        act_as(db, alpha, "viewer")
        assert db.execute("select gas_economic_limit from api.forecast_settings").fetchone()[0] == 40


def test_importing_a_new_month_updates_the_forecast_through_the_worker_within_a_minute(stack, tmp_path):
    """Over HTTP with a real worker: 12 months of a declining well, fitted; then a 13th month is imported and the
    forecast's fitted period reaches it within 60 seconds."""
    from conftest import Tenant
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        alpha = Tenant(conn, "Forecast Operating")
    worker = start_worker(stack, tmp_path / "worker.log")
    try:
        with stack.client(stack.login(alpha.emails["engineer"])) as engineer:
            lease = engineer.post("/leases", json=payload("leases"), headers={"Prefer": "return=representation"}).json()[0]
            well = engineer.post("/wells", json={"well_number": "42-329-40101", "name": "Worker 1H",
                                                 "lease_id": lease["id"], "status": "producing"},
                                 headers={"Prefer": "return=representation"}).json()[0]
            model = dca.MH(**OIL)
            days = [FIRST_DAY + timedelta(days=n) for n in range(396)]
            rows = [{"well_id": well["id"], "production_date": d.isoformat(),
                     "oil_bbl": round(float(np.diff(model.cum(np.array([n, n + 1.0])))[0]), 3)}
                    for n, d in enumerate(days)]
            first_year = [r for r in rows if r["production_date"] < "2023-01-01"]
            assert engineer.post("/rpc/import_production", json={"rows": first_year}).status_code == 200

            def fitted_through():
                found = engineer.get(f"/well_forecasts?well_id=eq.{well['id']}&product=eq.oil").json()
                return found[0]["fit_end"] if found and found[0]["status"] == "fitted" else None
            wait_for(lambda: fitted_through() == "2022-12-01", "the first forecast", timeout=60)
            started = time.monotonic()
            january = [r for r in rows if r["production_date"].startswith("2023-01")]
            assert engineer.post("/rpc/import_production", json={"rows": january}).status_code == 200
            wait_for(lambda: fitted_through() == "2023-01-01", "the refit after a new month", timeout=60)
            assert time.monotonic() - started < 60
            shown = engineer.get(f"/well_forecasts?well_id=eq.{well['id']}&product=eq.oil"
                                 "&select=status,months_fitted,eur,cumulative,remaining").json()[0]
            assert shown["months_fitted"] == 13 and shown["eur"] == pytest.approx(shown["cumulative"] + shown["remaining"])
    finally:
        stop_process(worker)


def test_the_monthly_production_pdf_charts_the_wells_history_and_forecast(db, tenants, wells, worker):
    """A Texas Form PR for June 2024 of Alpha's two wells, rendered by the worker's task: its PDF gains a chart page
    with the wells' monthly oil, gas and water from July 2021 (Arps 1H from January 2022 less its shut-in October:
    29 months; Young 2H's January to March fall in them), their fitted curves (Arps 1H's 29 fitted months) and the
    forecast for the 24 months after June 2024 (Young 2H has none)."""
    alpha, _ = tenants
    worker(alpha)
    from procrastinate_tasks.reports import generate_report
    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('TX-RRC', 'PR', '2024-06-01')").fetchone()[0]
    assert run_task(generate_report.func(organization_id=str(alpha.id), report_id=str(report))) == "generated"
    pdf = db.execute("select content from app.regulatory_report_files where report_id = %s and format = 'pdf'",
                     [report]).fetchone()[0]
    text = bytes(pdf).replace(b"\\(", b"(").replace(b"\\)", b")")
    assert b"/Count 2" in text and b"Production and forecast of the report's wells" in text
    for label, months in (("Oil monthly", 29), ("Gas monthly", 29), ("Water monthly", 29), ("Oil fitted", 29),
                          ("Oil forecast", 24), ("Gas fitted", 29), ("Gas forecast", 24)):
        assert f"{label} ({months} months)".encode() in text, label


def test_a_fit_finished_after_the_well_changed_again_is_not_stored_over_the_newer_one(db, tenants, wells, worker):
    """Job A claims Arps 1H; a new day arrives while A fits (the well waits again, its claim cleared); job B claims and
    stores it. A's store then writes nothing and leaves nothing of B's undone; a job that failed gives its claim back."""
    alpha, _ = tenants
    worker(alpha)
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Arps 1H"], "production_date": "2024-07-01", "oil_bbl": 30, "gas_mcf": 90}])
    with db.transaction():
        act_as_worker(db, alpha)
        (claim_a,) = {c for _, c in db.execute("select * from app.claim_well_forecasts(10)").fetchall()}
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Arps 1H"], "production_date": "2024-07-02", "oil_bbl": 31, "gas_mcf": 91}])
    assert worker(alpha) == 2                                                     # job B: July 1 and 2
    fitted_at = forecasts(db, alpha)[(wells["Arps 1H"], "oil")]["fitted_at"]
    stale = [{"well_id": wells["Arps 1H"], "product": "oil", "status": "fit_failed", "reason": "stale", "economic_limit": 5,
              "cumulative": 1, "remaining": 0, "months": []}]
    import json
    with db.transaction():
        act_as_worker(db, alpha)
        assert db.execute("select app.store_well_forecasts(%s, %s)", [claim_a, json.dumps(stale)]).fetchone()[0] == 0
    assert forecasts(db, alpha)[(wells["Arps 1H"], "oil")]["fitted_at"] == fitted_at
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, [{"well_id": wells["Arps 1H"], "production_date": "2024-07-03", "oil_bbl": 32, "gas_mcf": 92}])
    with db.transaction():
        act_as_worker(db, alpha)
        (claim_c,) = {c for _, c in db.execute("select * from app.claim_well_forecasts(10)").fetchall()}
        assert db.execute("select app.release_well_forecasts(%s)", [claim_c]).fetchone()[0] == 1
    assert queue(db, alpha) == [wells["Arps 1H"]] and worker(alpha) == 2


def test_plugging_a_well_ends_its_forecast_and_a_shut_in_well_keeps_it(db, tenants, wells, worker):
    """A shut-in well's reserves are still there (developed, not producing); a plugged well's are gone: remaining 0 and
    EUR = cumulative."""
    alpha, _ = tenants
    worker(alpha)
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'shut_in' where id = %s", [wells["Arps 1H"]])
    assert queue(db, alpha) == [wells["Arps 1H"]]
    worker(alpha)
    assert forecasts(db, alpha)[(wells["Arps 1H"], "oil")]["status"] == "fitted"
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'plugged_and_abandoned' where id = %s", [wells["Arps 1H"]])
    worker(alpha)
    oil = forecasts(db, alpha)[(wells["Arps 1H"], "oil")]
    assert (oil["status"], oil["reason"], oil["remaining"]) == ("not_producing", "the well is plugged and abandoned: nothing remains", 0)
    assert oil["eur"] == oil["cumulative"] and forecast_months(db, alpha, wells["Arps 1H"], "oil") == []


def test_a_well_whose_numbers_break_the_fit_fails_alone():
    """The job's fitting step on a batch of two wells, one with a month no arithmetic survives (an infinite volume, as
    corrupt input would give): that well's forecasts say fit_failed and why, the other well is fitted, and nothing in
    the batch is infinite or not a number (the store takes JSON without either)."""
    import json

    from procrastinate_tasks.forecasts import Settings, forecast_wells
    model = dca.MH(**OIL)
    months = months_from(FIRST_DAY, 24)
    edges = np.concatenate(([0.0], np.cumsum([30.0] * 24)))
    good = [(m, {"oil_bbl": Decimal(str(round(v, 2))), "gas_mcf": Decimal(str(round(3 * v, 2))), "producing_days": 30})
            for m, v in zip(months, np.diff(model.cum(edges)))]
    broken = [(m, dict(v, oil_bbl=Decimal("Infinity") if n == 5 else v["oil_bbl"])) for n, (m, v) in enumerate(good)]
    rows = forecast_wells({"good": {"status": "producing", "months": good},
                           "broken": {"status": "producing", "months": broken}}, Settings(5, 30, 0.06, 6), {})
    status = {(r["well_id"], r["product"]): (r["status"], r.get("reason")) for r in rows}
    assert status[("good", "oil")] == ("fitted", None) and status[("broken", "gas")] == ("fitted", None)
    assert status[("broken", "oil")][0] == "fit_failed" and status[("broken", "oil")][1].startswith("the ")
    json.dumps(rows, allow_nan=False)
