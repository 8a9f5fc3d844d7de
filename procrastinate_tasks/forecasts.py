"""Decline-curve forecasts: for each queued well and product, a modified hyperbolic Arps decline
(petbox-dca's MH model, Robertson SPE-18731-MS) fitted with scipy to the well's monthly production
since its peak, or computed from an engineer's pinned parameters, and forecast month by month to the
organization's economic limit. SQL queues the wells (app.queue_well_forecasts) and stores the results
(app.store_well_forecasts); this module only reads, fits and hands the rows back.

Time runs in producing days: a shut-in month is skipped and the decline resumes where it stopped,
and each month's volume is the model's cumulative at the month's end less at its start, so the fit
matches volumes, not point rates. Residuals are taken on a log scale so late low-rate months weigh
as much as early ones."""

from __future__ import annotations

import asyncio
import calendar
import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from petbox import dca
from scipy.optimize import least_squares

from procrastinate_tasks.app import app, retry_strategy, tenant_transaction
from procrastinate_tasks.compliance import active_organizations

BATCH_SIZE = 250
HORIZON_MONTHS = 600          # forecasts stop after 50 years whatever their rate
PRODUCTS = {"oil": "oil_bbl", "gas": "gas_mcf"}
# Statuses after which a well produces nothing more. A shut-in or temporarily abandoned well keeps its
# forecast: its reserves are developed, only not producing for now.
ENDED = {"plugged_and_abandoned", "injecting"}


@dataclass(frozen=True)
class Settings:
    oil_economic_limit: float
    gas_economic_limit: float
    terminal_decline: float
    minimum_months: int

    def limit(self, product: str) -> float:
        return self.oil_economic_limit if product == "oil" else self.gas_economic_limit


def next_month(month: date, count: int = 1) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def model_of(initial_rate: float, initial_decline: float, b_factor: float, terminal_decline: float) -> dca.MH:
    return dca.MH(qi=initial_rate, Di=initial_decline, bi=b_factor, Dterm=terminal_decline)


def month_volumes(model: dca.MH, start: float, days: np.ndarray) -> np.ndarray:
    """The model's volume in consecutive periods of `days` producing days from time `start`."""
    edges = start + np.concatenate(([0.0], np.cumsum(days)))
    return np.diff(model.cum(edges))


def fit_parameters(volumes: np.ndarray, days: np.ndarray, terminal_decline: float) -> tuple[float, float, float]:
    """qi, Di and b whose monthly volumes match the observed ones best on a log scale."""
    first_rate = float(volumes[0] / days[0])
    observed = np.log(volumes)

    def residuals(parameters: np.ndarray) -> np.ndarray:
        try:
            predicted = month_volumes(model_of(*parameters, terminal_decline), 0.0, days)
        except ValueError:             # Di at or below the terminal decline: no modified hyperbolic
            return np.full(len(volumes), 1e3)
        return np.log(np.maximum(predicted, 1e-12)) - observed

    lower = [first_rate * 0.2, min(terminal_decline + 0.001, 0.98), 0.001]
    upper = [first_rate * 20.0, 0.9999, 2.0]
    start = [first_rate * 1.2, max(0.5, lower[1] + 0.01), 1.0]
    result = least_squares(residuals, x0=start, bounds=(lower, upper))
    if not result.success:
        raise ValueError(result.message)
    return tuple(float(value) for value in result.x)


def r_squared(observed: np.ndarray, fitted: np.ndarray) -> float:
    logs, fitted_logs = np.log(observed), np.log(np.maximum(fitted, 1e-12))
    residual = float(np.sum((logs - fitted_logs) ** 2))
    total = float(np.sum((logs - logs.mean()) ** 2))
    if total == 0.0:
        return 1.0 if residual < 1e-12 else 0.0
    return max(-1.0, 1.0 - residual / total)


def forecast_product(product: str, status: str, months: list[tuple[date, Decimal, int]], settings: Settings,
                     pinned: dict | None) -> dict:
    """One well's forecast of one product. `months` are (month, volume, producing days) in order."""
    limit = settings.limit(product)
    cumulative = sum((volume for _, volume, _ in months), Decimal(0))
    row = {"product": product, "economic_limit": limit, "cumulative": str(cumulative), "remaining": "0",
           "months_fitted": 0, "months": []}
    producing = [(month, float(volume), days) for month, volume, days in months if volume > 0 and days > 0]
    if not producing:
        return row | {"status": "not_enough_history", "reason": f"no {product} production"}
    if status in ENDED:
        return row | {"status": "not_producing", "reason": f"the well is {status.replace('_', ' ')}: nothing remains",
                      "fit_end": producing[-1][0].isoformat()}
    peak = max(range(len(producing)), key=lambda i: producing[i][1] / producing[i][2])
    since_peak = producing[peak:]
    row |= {"fit_start": since_peak[0][0].isoformat(), "fit_end": since_peak[-1][0].isoformat(),
            "months_fitted": len(since_peak)}
    volumes = np.array([volume for _, volume, _ in since_peak])
    days = np.array([float(days) for _, _, days in since_peak])
    if pinned:
        parameters = (float(pinned["initial_rate"]), float(pinned["initial_decline"]), float(pinned["b_factor"]),
                      float(pinned["terminal_decline"]))
        row["status"] = "pinned"
    else:
        if len(since_peak) < settings.minimum_months:
            return row | {"status": "not_enough_history",
                          "reason": f"not enough history: {len(since_peak)} producing month(s) since the peak "
                                    f"({since_peak[0][0]:%Y-%m}), {settings.minimum_months} needed"}
        try:
            initial_rate, initial_decline, b_factor = fit_parameters(volumes, days, settings.terminal_decline)
        except (ValueError, FloatingPointError) as error:
            return row | {"status": "fit_failed", "reason": f"the fit did not converge: {error}"}
        parameters = (round(initial_rate, 3), round(initial_decline, 6), round(b_factor, 4), settings.terminal_decline)
        row["status"] = "fitted"
    try:
        model = model_of(*parameters)
    except ValueError as error:
        return row | {"status": "fit_failed", "reason": f"the parameters make no decline: {error}"}
    fitted = month_volumes(model, 0.0, days)
    row |= {"initial_rate": parameters[0], "initial_decline": parameters[1], "b_factor": parameters[2],
            "terminal_decline": parameters[3], "r_squared": round(r_squared(volumes, fitted), 4)}
    out = [[month.isoformat(), False, round(volume / on, 3), round(volume, 2)]
           for (month, _, on), volume in zip(since_peak, fitted.tolist())]
    ahead = [next_month(since_peak[-1][0], n) for n in range(1, HORIZON_MONTHS + 1)]
    ahead_days = np.array([float(days_in(month)) for month in ahead])
    ahead_volumes = month_volumes(model, float(days.sum()), ahead_days)
    rates = ahead_volumes / ahead_days
    below = np.nonzero(rates < limit)[0]
    kept = int(below[0]) if len(below) else len(ahead)
    remaining = Decimal(0)
    for month, volume, rate in zip(ahead[:kept], ahead_volumes[:kept].tolist(), rates[:kept].tolist()):
        rounded = round(volume, 2)
        remaining += Decimal(str(rounded))
        out.append([month.isoformat(), True, round(rate, 3), rounded])
    row |= {"months": out, "remaining": str(remaining),
            "forecast_end": ahead[kept - 1].isoformat() if kept else None}
    return row


def finite(row: dict) -> bool:
    numbers = [value for value in row.values() if isinstance(value, float)]
    numbers += [value for month in row["months"] for value in month[2:]]
    return all(math.isfinite(value) for value in numbers)


def forecast_wells(wells: dict[str, dict], settings: Settings, pinned: dict[tuple[str, str], dict]) -> list[dict]:
    """Every product's forecast of every well: {well_id: {"status", "months": [(month, oil, gas, days)]}}. A well
    whose numbers break the fit gets fit_failed with the reason, never the batch's failure."""
    rows = []
    with np.errstate(all="ignore"):
        for well_id, well in wells.items():
            for product, column in PRODUCTS.items():
                series = [(month, values[column], values["producing_days"]) for month, values in well["months"]]
                try:
                    row = forecast_product(product, well["status"], series, settings, pinned.get((well_id, product)))
                    if not finite(row):
                        raise ValueError("a parameter or month came out infinite or not a number")
                except Exception as error:  # noqa: BLE001 - one well's numbers must not fail its batch
                    cumulative = sum((volume for _, volume, _ in series), Decimal(0))
                    row = {"product": product, "economic_limit": settings.limit(product), "cumulative": str(cumulative),
                           "remaining": "0", "months_fitted": 0, "months": [], "status": "fit_failed",
                           "reason": f"the forecast failed: {type(error).__name__}: {error}"[:300]}
                rows.append({"well_id": well_id, **row})
    return rows


async def read_batch(conn, well_ids: list[str]) -> tuple[dict, Settings, dict]:
    wells: dict[str, dict] = {}
    cursor = await conn.execute(
        "select w.id::text, w.status::text, m.month, m.oil_bbl, m.gas_mcf, m.producing_days"
        "  from unnest(%s::uuid[]) ids (id)"
        "  join app.wells w on w.organization_id = app.current_organization_id() and w.id = ids.id"
        "  left join app.production_monthly_wells m on m.organization_id = w.organization_id and m.well_id = w.id"
        " order by w.id, m.month", [well_ids])
    for well_id, status, month, oil, gas, producing_days in await cursor.fetchall():
        well = wells.setdefault(well_id, {"status": status, "months": []})
        if month is not None:
            well["months"].append((month, {"oil_bbl": oil, "gas_mcf": gas, "producing_days": producing_days}))
    (oil_limit, gas_limit, terminal, minimum) = await (await conn.execute(
        "select oil_economic_limit, gas_economic_limit, terminal_decline, minimum_months"
        "  from app.forecast_settings_of(app.current_organization_id())")).fetchone()
    settings = Settings(float(oil_limit), float(gas_limit), float(terminal), int(minimum))
    pinned = {}
    cursor = await conn.execute(
        "select well_id::text, product::text, initial_rate, initial_decline, b_factor, terminal_decline"
        "  from app.well_forecast_overrides where well_id = any (%s::uuid[])", [well_ids])
    for well_id, product, initial_rate, initial_decline, b_factor, terminal_decline in await cursor.fetchall():
        pinned[(well_id, product)] = {"initial_rate": initial_rate, "initial_decline": initial_decline,
                                      "b_factor": b_factor, "terminal_decline": terminal_decline}
    return wells, settings, pinned


@app.task(name="forecasts__refit", queue="forecasts", retry=retry_strategy(5))
async def refit_forecasts(organization_id: str) -> int:
    """Fits one batch of the organization's queued wells. The claim commits first and enqueues the
    next job when more wells wait, so other workers fit the next batches meanwhile; the fit runs
    outside any transaction, and storing replaces the wells' forecasts. Idempotent: a well whose
    production changed during the fit stays queued for the next job."""
    async with tenant_transaction(organization_id) as conn:
        cursor = await conn.execute("select well_id, claimed_at from app.claim_well_forecasts(%s)", [BATCH_SIZE])
        claimed = await cursor.fetchall()
    if not claimed:
        return 0
    well_ids, claim = [str(well_id) for well_id, _ in claimed], claimed[0][1]
    try:
        async with tenant_transaction(organization_id) as conn:
            wells, settings, pinned = await read_batch(conn, well_ids)
        rows = await asyncio.to_thread(forecast_wells, wells, settings, pinned)
        async with tenant_transaction(organization_id) as conn:
            (stored,) = await (await conn.execute("select app.store_well_forecasts(%s, %s::jsonb)",
                                                  [claim, json.dumps(rows, allow_nan=False)])).fetchone()
        return stored
    except BaseException:
        # The retry (or the next job) claims them again at once instead of ten minutes later.
        async with tenant_transaction(organization_id) as conn:
            await conn.execute("select app.release_well_forecasts(%s)", [claim])
        raise


@app.periodic(cron="23 1 * * *", periodic_id="forecasts__scan")
@app.task(name="forecasts__scan", queue="forecasts", queueing_lock="forecasts__scan")
async def scan(timestamp: int) -> int:
    """Nightly: every active organization queues its wells whose forecast is missing or older than a
    month (each then gets its refit job)."""
    queued, failed = 0, []
    for organization_id in await active_organizations():
        try:
            async with tenant_transaction(organization_id) as conn:
                (count,) = await (await conn.execute("select app.queue_stale_well_forecasts()")).fetchone()
                queued += count
        except Exception as error:  # noqa: BLE001 - the other organizations are scanned all the same
            failed.append(f"{organization_id}: {type(error).__name__}: {error}")
    if failed:
        raise RuntimeError(f"the scan failed for {len(failed)} organization(s): " + "; ".join(failed)[:2000])
    return queued

