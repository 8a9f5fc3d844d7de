// One well: its forecasts, its rates on a log scale with the fitted decline and the forecast
// (Chart.js, served by this nginx), its tests and its data-quality findings.
// Opened as well.html#well=<id>, with the token of common.js.
"use strict";

const DAY_MS = 86400000;
const PRODUCTS = [
  { name: "Oil", key: "oil", column: "oil_bbl", color: "#1a7f37", dark: "#0b3d1a" },
  { name: "Gas", key: "gas", column: "gas_mcf", color: "#cf222e", dark: "#6e1016" },
  { name: "Water", key: "water", column: "water_bbl", color: "#0969da", dark: "#05346b" },
];
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });
const localTime = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "short" });  // 2024-01-31 18:05

// Dates are plotted on a linear axis of days since 1970-01-01 (UTC): no date adapter is needed,
// and days and months sit at their true distance from each other.
function epochDay(date) {
  const [year, month, day] = date.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoDate(day) {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

// Ticks on the first of January every 1, 2, 5, 10... years, about ten of them; a span that holds
// fewer than two keeps Chart.js's own ticks.
function yearTicks(scale) {
  const first = Number(isoDate(scale.min).slice(0, 4));
  const last = Number(isoDate(scale.max).slice(0, 4));
  const step = [1, 2, 5, 10, 20, 50].find((years) => (last - first) / years <= 10) || 100;
  const ticks = [];
  for (let year = Math.ceil(first / step) * step; year <= last; year += step) {
    const value = Date.UTC(year, 0, 1) / DAY_MS;
    if (value >= scale.min && value <= scale.max) ticks.push({ value });
  }
  if (ticks.length >= 2) scale.ticks = ticks;
}

function tickLabel(day) {
  const date = isoDate(day);
  return date.endsWith("-01-01") ? date.slice(0, 4) : date.slice(0, 7);
}

function yearsBefore(isoDay, years) {
  const [year, month, day] = isoDay.split("-").map(Number);
  return new Date(Date.UTC(year - years, month - 1, day)).toISOString().slice(0, 10);
}

function formatted(format, value) {
  return value === null || value === undefined ? "" : format.format(Number(value));
}

function words(value) {
  return value ? value.replaceAll("_", " ") : "";
}

// The last three years of days up to the well's latest day.
async function recentDays(well) {
  const [latest] = await api(
    `/production?well_id=eq.${well}&select=production_date&order=production_date.desc&limit=1`);
  if (!latest) return [];
  return apiAll(`/production?well_id=eq.${well}&production_date=gt.${yearsBefore(latest.production_date, 3)}`
                + "&select=production_date,oil_bbl,gas_mcf,water_bbl&order=production_date");
}

// A log axis cannot show zero or a negative value: those points are left out.
function positivePoints(rows, x, y) {
  return rows.map((row) => ({ x: x(row), y: Number(y(row)) }))
    .filter((point) => Number.isFinite(point.y) && point.y > 0);
}

function datasets(days, months, curves) {
  const sets = [];
  for (const p of PRODUCTS) {
    sets.push({ label: `${p.name} daily`, period: "day", showLine: false, pointRadius: 1, borderColor: `${p.color}55`,
                backgroundColor: `${p.color}55`, data: positivePoints(days, (d) => epochDay(d.production_date),
                                                                       (d) => d[p.column]) });
  }
  const producing = months.filter((m) => m.producing_days > 0);
  for (const p of PRODUCTS) {
    sets.push({ label: `${p.name} monthly`, period: "month", pointRadius: 2.5, borderWidth: 1.5, borderColor: p.color,
                backgroundColor: p.color, data: positivePoints(producing, (m) => epochDay(m.month),
                                                               (m) => m[p.column] / m.producing_days) });
  }
  for (const p of PRODUCTS.filter((product) => product.key !== "water")) {
    const mine = curves.filter((c) => c.product === p.key);
    sets.push({ label: `${p.name} fitted`, period: "month", pointRadius: 0, borderWidth: 2, borderColor: p.dark,
                backgroundColor: p.dark, data: positivePoints(mine.filter((c) => !c.is_forecast),
                                                                 (c) => epochDay(c.month), (c) => c.rate) });
    sets.push({ label: `${p.name} forecast`, period: "month", pointRadius: 0, borderWidth: 2, borderDash: [6, 4],
                borderColor: p.color, backgroundColor: p.color,
                data: positivePoints(mine.filter((c) => c.is_forecast), (c) => epochDay(c.month), (c) => c.rate) });
  }
  return sets;
}

function draw(sets) {
  if (typeof Chart === "undefined") throw new Error("The chart library (vendor/chart.umd.js) did not load.");
  return new Chart(document.querySelector("#rates"), {
    type: "line",
    data: { datasets: sets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      scales: {
        x: { type: "linear", bounds: "data", title: { display: true, text: "Date" }, afterBuildTicks: yearTicks,
             ticks: { callback: tickLabel } },
        y: { type: "logarithmic", title: { display: true, text: "Rate per day (bbl, mcf)" } },
      },
      plugins: {
        tooltip: { callbacks: { title: (items) => (items.length ? isoDate(items[0].parsed.x) : "") } },
      },
    },
  });
}

// States what the chart holds, read back from it, for a reader of the page without the picture.
function describe(chart) {
  const shown = (set, day) => (set.period === "month" ? isoDate(day).slice(0, 7) : isoDate(day));
  fill("plotted", chart.data.datasets, (row, set) => {
    const xs = set.data.map((point) => point.x);
    cell(row, set.label);
    cell(row, xs.length, true);
    cell(row, xs.length ? shown(set, Math.min(...xs)) : "");
    cell(row, xs.length ? shown(set, Math.max(...xs)) : "");
  }, "Nothing plotted.");
}

function forecastRow(row, product, forecast) {
  const columns = document.querySelectorAll("#forecasts thead th").length;
  cell(row, product.name);
  if (!forecast) {
    const td = cell(row, "Not forecast yet.");
    td.colSpan = columns - 1;
    td.className = "empty";
    return;
  }
  cell(row, words(forecast.status));
  cell(row, formatted(whole, forecast.cumulative), true);
  cell(row, formatted(whole, forecast.remaining), true);
  cell(row, formatted(whole, forecast.eur), true).id = `eur-${product.key}`;
  if (forecast.status !== "fitted" && forecast.status !== "pinned") {
    cell(row, forecast.reason).colSpan = columns - 5;
    return;
  }
  cell(row, formatted(decimal, forecast.initial_rate), true);
  cell(row, formatted(percent, forecast.initial_decline), true);
  cell(row, forecast.b_factor, true);
  cell(row, formatted(percent, forecast.terminal_decline), true);
  cell(row, forecast.fit_start && forecast.fit_end
    ? `${forecast.fit_start.slice(0, 7)} to ${forecast.fit_end.slice(0, 7)} (${forecast.months_fitted})` : "");
  cell(row, forecast.r_squared, true);
  cell(row, formatted(decimal, forecast.economic_limit), true);
  cell(row, forecast.forecast_end ? forecast.forecast_end.slice(0, 7) : "none above the limit");
  cell(row, forecast.fitted_at ? localTime.format(new Date(forecast.fitted_at)) : "");
}

function showWell(well) {
  document.querySelector("#well-name").textContent = well.name;
  document.title = `${well.name} - WellFlow`;
  const facts = [well.well_number_formatted, words(well.status)];
  if (well.first_production_date) facts.push(`first production ${well.first_production_date}`);
  document.querySelector("#well-facts").textContent = facts.join(" · ");
}

async function load() {
  const wellId = address.get("well");
  if (!wellId) throw new Error("No well given: open a well from the operations dashboard.");
  const well = encodeURIComponent(wellId);
  const [found] = await api(`/wells?id=eq.${well}&select=name,well_number_formatted,status,first_production_date`);
  if (!found) throw new Error("No such well among your organization's wells.");
  const [forecasts, days, months, curves, tests, issues] = await Promise.all([
    api(`/well_forecasts?well_id=eq.${well}`),
    recentDays(well),
    apiAll(`/production_monthly_wells?well_id=eq.${well}&order=month`),
    apiAll(`/well_forecast_months?well_id=eq.${well}&select=product,month,is_forecast,rate&order=product,month`),
    api(`/well_tests?well_id=eq.${well}&order=test_date.desc`),
    api(`/data_quality_issues?well_id=eq.${well}&order=issue_date.desc&limit=50`),
  ]);
  showWell(found);
  fill("forecasts", PRODUCTS.filter((p) => p.key !== "water"), (row, product) =>
    forecastRow(row, product, forecasts.find((f) => f.product === product.key)), "");
  fill("tests", tests, (row, t) => {
    cell(row, t.test_date); cell(row, words(t.test_type)); cell(row, t.duration_hours, true);
    for (const n of [t.oil_bbl, t.gas_mcf, t.water_bbl]) cell(row, formatted(decimal, n), true);
    cell(row, formatted(whole, t.gas_oil_ratio), true);
    cell(row, formatted(percent, t.water_cut), true); cell(row, t.choke_64ths, true);
    cell(row, t.tubing_pressure_psi, true); cell(row, t.casing_pressure_psi, true); cell(row, t.notes);
  }, "No well tests.");
  fill("issues", issues, (row, i) => {
    cell(row, i.issue_date); cell(row, words(i.kind)); cell(row, i.message); cell(row, i.status);
  }, "No findings.");
  document.querySelector("#well").hidden = false;
  describe(draw(datasets(days, months, curves)));
  document.body.dataset.state = "ready";
}

if (token) {
  load().catch(show);
} else {
  document.querySelector("#signed-out").hidden = false;
  document.body.dataset.state = "signed-out";
}
