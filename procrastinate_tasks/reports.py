"""Documents of the reports queue. Regulatory reports: the rows come from SQL
(app.regulatory_report_rows, and app.regulatory_report_dispositions for a form's disposition
section), Jinja2 renders the form's CSV layout and a readable HTML page, fpdf2 draws the same table
as a PDF with a chart of the wells' production and decline forecasts, and SQL stores the files with their checksums and marks the report
generated. Owner statements: the lines of a payment from SQL (app.owner_payment_statement_rows),
drawn by fpdf2 and stored by SQL. Partner invoices of joint interest billing: the lines from SQL
(app.jib_invoice_rows), a CSV from a Jinja2 template and a PDF drawn by fpdf2, both stored by SQL."""

from __future__ import annotations

import base64
import csv
import io
import json
import math
from decimal import ROUND_HALF_UP, Decimal

import jinja2
from fpdf import FPDF
from psycopg.rows import dict_row

from procrastinate_tasks.app import app, retry_strategy, tenant_transaction


def csv_field(value) -> str:
    """One CSV field, quoted when it holds a comma, quote or line break."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if value is None else value])
    return buffer.getvalue()


def volume(value) -> str:
    return f"{Decimal(value):.3f}".rstrip("0").rstrip(".") if value is not None else ""


def disposed(lines, *dispositions: str) -> Decimal:
    """The volume of a report's disposition lines of the given kinds (sold, flared, opening_inventory, ...)."""
    return sum((line["volume"] for line in lines if line["disposition"] in dispositions), Decimal(0))


def whole(value) -> str:
    """A volume in whole units, half up, for forms that take no decimals."""
    return str(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)) if value is not None else ""


templates = jinja2.Environment(
    loader=jinja2.PackageLoader("procrastinate_tasks", "templates/reports"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
templates.filters["csv"] = csv_field
templates.filters["volume"] = volume
templates.filters["whole"] = whole
templates.filters["disposed"] = disposed
templates.filters["decimal8"] = lambda value: f"{Decimal(value):.8f}"


def csv_template(agency: str, form: str) -> jinja2.Template:
    name = f"{agency}_{form}".lower().replace("-", "_") + ".csv.j2"
    try:
        return templates.get_template(name)
    except jinja2.TemplateNotFound:
        return templates.get_template("monthly_production.csv.j2")


TREND_MONTHS_BEFORE, TREND_MONTHS_AFTER = 35, 24
# (label, product, kind, RGB, dash): the series of the well page's chart that a monthly report can show.
TREND_SERIES = (("Oil monthly", "oil", "actual", (26, 127, 55), False), ("Gas monthly", "gas", "actual", (207, 34, 46), False),
                ("Water monthly", "water", "actual", (9, 105, 218), False),
                ("Oil fitted", "oil", "fitted", (11, 61, 26), False), ("Oil forecast", "oil", "forecast", (26, 127, 55), True),
                ("Gas fitted", "gas", "fitted", (110, 16, 22), False), ("Gas forecast", "gas", "forecast", (207, 34, 46), True))


def month_index(month) -> int:
    return month.year * 12 + month.month - 1


def draw_trend(pdf: FPDF, report: dict, trend: list[dict]) -> None:
    """The report's wells together on a log-rate chart, as the dashboard's well page draws one well: monthly oil,
    gas and water per calendar day from three years before the report's month, and the sum of the wells'
    fitted decline curves and forecasts two years past it. `trend` rows: month, product, kind, rate."""
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, f"Production and forecast of the report's wells, per day (log scale), around {report['period']:%B %Y}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 4, "Fitted and forecast curves sum the wells that have a decline-curve forecast.",
             new_x="LMARGIN", new_y="NEXT")
    points = [row for row in trend if row["rate"] and row["rate"] > 0]
    if not points:
        pdf.set_font("Helvetica", "I", 10)
        pdf.cell(0, 6, "No production or forecast to plot.", new_x="LMARGIN", new_y="NEXT")
        return
    first = month_index(report["period"]) - TREND_MONTHS_BEFORE
    last = month_index(report["period"]) + TREND_MONTHS_AFTER
    low = math.floor(math.log10(min(float(row["rate"]) for row in points)))
    high = max(math.ceil(math.log10(max(float(row["rate"]) for row in points))), low + 1)
    left, top, width, height = pdf.l_margin + 18, pdf.get_y() + 4, 190, 140

    def x(index: int) -> float:
        return left + width * (index - first) / (last - first)

    def y(rate: float) -> float:
        return top + height * (high - math.log10(rate)) / (high - low)

    pdf.set_font("Helvetica", "", 8)
    pdf.set_draw_color(208, 215, 222)
    pdf.set_line_width(0.2)
    for decade in range(low, high + 1):
        pdf.line(left, y(10 ** decade), left + width, y(10 ** decade))
        pdf.text(left - 16, y(10 ** decade) + 1, f"{10 ** decade:,}")
    for index in range(first, last + 1):
        if index % 12 == 0:
            pdf.line(x(index), top, x(index), top + height)
            pdf.text(x(index) - 4, top + height + 5, str(index // 12))
    pdf.text(left - 16, top - 2, "bbl/d, mcf/d")
    pdf.set_draw_color(87, 96, 106)
    pdf.rect(left, top, width, height)
    pdf.set_dash_pattern(dash=1, gap=1)
    pdf.line(x(month_index(report["period"])), top, x(month_index(report["period"])), top + height)
    pdf.set_dash_pattern()
    legend_y = top + height + 10
    for n, (label, product, kind, color, dashed) in enumerate(TREND_SERIES):
        series = sorted((month_index(row["month"]), float(row["rate"])) for row in points
                        if row["product"] == product and row["kind"] == kind and first <= month_index(row["month"]) <= last)
        pdf.set_draw_color(*color)
        pdf.set_line_width(0.5)
        if dashed:
            pdf.set_dash_pattern(dash=2, gap=1.2)
        if len(series) > 1:
            pdf.polyline([(x(index), y(rate)) for index, rate in series])
        if kind == "actual" or len(series) == 1:           # measured months are marked, curves are not
            pdf.set_fill_color(*color)
            for index, rate in series:
                pdf.circle(x(index), y(rate), 0.5, style="F")
        legend_x = left + (n % 4) * 48
        row_y = legend_y + (n // 4) * 5
        pdf.line(legend_x, row_y, legend_x + 8, row_y)
        pdf.set_dash_pattern()
        pdf.text(legend_x + 10, row_y + 1, f"{label} ({len(series)} months)")
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)


def render_pdf(report: dict, organization_name: str, rows: list[dict], totals: dict, trend: list[dict] = ()) -> bytes:
    pdf = FPDF(orientation="L", format="Letter")
    # Uncompressed content streams: larger, but the text stays searchable by plain tools.
    pdf.set_compression(False)
    pdf.set_title(f"{report['agency']} {report['form']} {report['period']:%Y-%m}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, f"{report['title']} ({report['agency']} {report['form']})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"{organization_name} - production month {report['period']:%B %Y} - due {report['due_date']:%Y-%m-%d}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (38, 44, 40, 30, 30, 14, 24, 24, 24)

    def identify(row: dict) -> tuple:
        number = row["well_number_formatted"] + (f" ({row['completion_code']})" if row["completion_code"] else "")
        return (number, row["well_name"], row["lease_name"] or "", row["county_name"], row["well_status"],
                str(row["producing_days"]))

    with pdf.table(col_widths=widths, text_align=("LEFT",) * 5 + ("RIGHT",) * 4, line_height=5) as table:
        table.row(("Well number (completion)", "Well", "Lease", "County", "Status", "Days", "Oil (bbl)", "Gas (mcf)",
                   "Water (bbl)"))
        for row in rows:
            if not row["injection"]:
                table.row(identify(row) + (volume(row["oil_bbl"]), volume(row["gas_mcf"]), volume(row["water_bbl"])))
        table.row((f"{totals['wells']} wells", "", "", "", "", "", volume(totals["oil_bbl"]), volume(totals["gas_mcf"]),
                   volume(totals["water_bbl"])))
    injectors = [row for row in rows if row["injection"]]
    if injectors:
        pdf.ln(4)
        with pdf.table(col_widths=widths, text_align=("LEFT",) * 5 + ("RIGHT",) * 4, line_height=5) as table:
            table.row(("Injection well (completion)", "Well", "Lease", "County", "Status", "Days injected",
                       "Water injected (bbl)", "Gas injected (mcf)", "Average pressure (psi)"))
            for row in injectors:
                table.row(identify(row) + (volume(row["water_bbl"]), volume(row["gas_mcf"]),
                                           volume(row["injection_pressure_psi"])))
    draw_trend(pdf, report, list(trend))
    return bytes(pdf.output())


def render_files(report: dict, organization_name: str, rows: list[dict], dispositions: list[dict] = (),
                 trend: list[dict] = ()) -> list[dict]:
    # Produced volumes only (an injection well's volumes are what it injected), and wells, not completions.
    produced = [row for row in rows if not row["injection"]]
    totals = {column: sum((row[column] for row in produced), Decimal(0)) for column in ("oil_bbl", "gas_mcf", "water_bbl")}
    totals["wells"] = len({row["well_id"] for row in produced})
    values = {"report": report, "organization_name": organization_name, "rows": rows, "totals": totals,
              "dispositions": list(dispositions)}
    stem = f"{report['agency']}_{report['form']}_{report['period']:%Y-%m}".replace("/", "-")
    if report["amendment"]:
        stem += f"_amendment-{report['amendment']}"
    contents = {
        "csv": ("text/csv; charset=utf-8", csv_template(report["agency"], report["form"]).render(values).encode()),
        "html": ("text/html; charset=utf-8", templates.get_template("report.html.j2").render(values).encode()),
        "pdf": ("application/pdf", render_pdf(report, organization_name, rows, totals, trend)),
    }
    return [{"format": fmt, "file_name": f"{stem}.{fmt}", "content_type": content_type,
             "content_base64": base64.b64encode(content).decode()}
            for fmt, (content_type, content) in contents.items()]


# The report's wells summed per month: what they produced per calendar day up to the report's month, and the
# decline curves of those with a forecast (app.well_forecast_months): fitted over their history, forecast after it.
TREND_QUERY = """
    select m.month, p.product, 'actual' as kind,
           sum(case p.product when 'oil' then m.oil_bbl when 'gas' then m.gas_mcf else m.water_bbl end)
             / extract(day from m.month + interval '1 month' - interval '1 day') as rate
      from app.production_monthly_wells m cross join (values ('oil'), ('gas'), ('water')) p (product)
     where m.organization_id = app.current_organization_id() and m.well_id = any (%(wells)s::uuid[])
       and m.month between %(period)s::date - make_interval(months => %(before)s) and %(period)s::date
     group by m.month, p.product
    union all
    select f.month, f.product::text, case when f.is_forecast then 'forecast' else 'fitted' end,
           sum(f.volume) / extract(day from f.month + interval '1 month' - interval '1 day')
      from app.well_forecast_months f
     where f.organization_id = app.current_organization_id() and f.well_id = any (%(wells)s::uuid[])
       and f.month between %(period)s::date - make_interval(months => %(before)s)
                       and %(period)s::date + make_interval(months => %(after)s)
     group by f.month, f.product, f.is_forecast
     order by 1, 2"""


@app.task(name="regulatory_reports__generate", queue="reports", retry=retry_strategy(5))
async def generate_report(organization_id: str, report_id: str) -> str:
    """Renders and stores a report's files. Idempotent: a report no longer generating is left alone,
    and storing replaces files of the same format."""
    async with tenant_transaction(organization_id) as conn:
        cursor = conn.cursor(row_factory=dict_row)       # the pooled connection keeps its own factory
        report = await (await cursor.execute(
            "select r.agency, r.form, r.period, r.due_date, r.amendment, r.status::text, rule.title, o.name as organization"
            " from app.regulatory_reports r join ref.filing_rules rule using (agency, form)"
            " join app.organizations o on o.id = r.organization_id where r.organization_id = %s and r.id = %s",
            [organization_id, report_id])).fetchone()
        if report is None:
            return "missing"
        if report["status"] != "generating":
            return f"already {report['status']}"
        rows = await (await cursor.execute("select * from app.regulatory_report_rows(%s)", [report_id])).fetchall()
        points = sorted({str(row["measurement_point_id"]) for row in rows if row["measurement_point_id"]})
        dispositions = await (await cursor.execute("select * from app.regulatory_report_dispositions(%s, %s::uuid[])",
                                                   [report_id, points])).fetchall()
        trend = await (await cursor.execute(TREND_QUERY, {"wells": [row["well_id"] for row in rows],
                                                          "period": report["period"], "before": TREND_MONTHS_BEFORE,
                                                          "after": TREND_MONTHS_AFTER})).fetchall()
        files = render_files(report, report["organization"], rows, dispositions, trend)
        await conn.execute("select app.store_report_files(%s, %s::jsonb)", [report_id, json.dumps(files)])
        return "generated"


def money(value) -> str:
    return f"{Decimal(value):,.2f}"


def render_owner_statement(rows: list[dict]) -> bytes:
    """One owner payment's statement: what Texas Natural Resources Code §91.502 requires for each
    line (well and lease, county and state, sales month, volume and price, taxes and deductions, net
    value of total sales, owner decimal, owner gross and net), the late interest, the totals of the
    payment (with any joint interest billing netted against it) and the operator's address and phone."""
    head = rows[0]
    pdf = FPDF(orientation="L", format="Letter")
    pdf.set_compression(False)
    pdf.set_title(f"Owner statement {head['payment_number']}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, f"{head['operator_name']} - owner statement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    contact = " - ".join(part for part in (head["operator_address"], head["operator_phone"], head["operator_email"]) if part)
    pdf.multi_cell(0, 4.5, f"Questions about this payment: {contact}" if contact else "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    number = f" (owner {head['owner_number']})" if head["owner_number"] else ""
    pdf.multi_cell(0, 4.5, f"{head['owner_name']}{number}\n{head['remittance_address'] or ''}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"{head['payment_method'].upper()} {head['payment_number']} dated {head['payment_date']:%Y-%m-%d}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    headings = ("Well / lease", "County, state", "Month", "Volume", "Price", "Well gross", "Well taxes", "Well deduct.",
                "Well net", "Decimal", "Owner gross", "Owner taxes", "Owner deduct.", "Owner net", "Interest")
    # Millimetres, 259 in all (a landscape Letter page inside its margins), so no figure wraps.
    widths = (36, 24, 18, 15, 13, 18, 15, 15, 18, 15, 17, 15, 15, 17, 8)
    pdf.set_font("Helvetica", "", 7)
    with pdf.table(col_widths=widths, text_align=("LEFT",) * 3 + ("RIGHT",) * 12, line_height=3.5, padding=0.6) as table:
        table.row(headings)
        for row in rows:
            well = f"{row['well_name']} {row['well_number']}" + (f" / {row['lease_name']}" if row["lease_name"] else "")
            month = f"{row['sales_month']:%Y-%m}" + (" adj." if row["is_adjustment"] else "")
            table.row((well, f"{row['county_name']}, {row['state_name']}", f"{month} {row['product']}",
                       volume(row["volume"]), f"{Decimal(row['price']):.4f}", money(row["well_gross_value"]),
                       money(row["well_severance_tax"]), money(row["well_deductions"]), money(row["well_net_value"]),
                       f"{Decimal(row['decimal_interest']):.8f}", money(row["owner_gross_value"]),
                       money(row["owner_severance_tax"]), money(row["owner_deductions"]), money(row["owner_net_value"]),
                       money(row["interest_amount"])))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    netted = (f"  -  joint interest billing netted {money(head['jib_netted_amount'])}"
              if head["jib_netted_amount"] else "")
    pdf.cell(0, 5, f"Lines {money(head['lines_amount'])}  +  interest {money(head['payment_interest'])}  -  "
                   f"backup withholding {money(head['withholding_amount'])}{netted}  =  paid {money(head['net_amount'])}",
             new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@app.task(name="owner_payments__render_statement", queue="reports", retry=retry_strategy(5))
async def render_owner_payment_statement(organization_id: str, owner_payment_id: str) -> str:
    """Renders and stores one payment's PDF statement. Idempotent: storing replaces the file."""
    async with tenant_transaction(organization_id) as conn:
        cursor = conn.cursor(row_factory=dict_row)
        rows = await (await cursor.execute("select * from app.owner_payment_statement_rows(%s)",
                                           [owner_payment_id])).fetchall()
        if not rows:
            return "missing"
        content = render_owner_statement(rows)
        file_name = f"owner_statement_{rows[0]['payment_method']}_{rows[0]['payment_number']}.pdf"
        await conn.execute("select app.store_owner_payment_statement(%s, %s, %s)", [owner_payment_id, file_name, content])
        return "rendered"


def render_jib_invoice_pdf(rows: list[dict]) -> bytes:
    """One partner's joint interest billing invoice: who bills whom, each cost with its well, account,
    vendor invoice and service date at 8/8ths, the partner's decimal and share, and the total."""
    head = rows[0]
    pdf = FPDF(orientation="L", format="Letter")
    pdf.set_compression(False)
    pdf.set_title(f"Joint interest billing invoice {head['invoice_number']}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, f"{head['operator_name'] or ''} - joint interest billing invoice {head['invoice_number']}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    contact = " - ".join(part for part in (head["operator_address"], head["operator_phone"], head["operator_email"]) if part)
    pdf.multi_cell(0, 4.5, f"Questions about this invoice: {contact}" if contact else "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    number = f" (partner {head['partner_number']})" if head["partner_number"] else ""
    pdf.multi_cell(0, 4.5, f"{head['partner_name']}{number}\n{head['partner_address'] or ''}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"Costs booked through {head['billing_month']:%B %Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    headings = ("Well", "Account", "Vendor / invoice", "Service date", "Gross (8/8ths)", "Decimal", "Your share")
    widths = (60, 55, 55, 22, 25, 20, 22)
    pdf.set_font("Helvetica", "", 7.5)
    with pdf.table(col_widths=widths, text_align=("LEFT",) * 4 + ("RIGHT",) * 3, line_height=3.8, padding=0.6) as table:
        table.row(headings)
        for row in rows:
            source = (f"{row['vendor_name']} {row['vendor_invoice']}" if row["line_kind"] == "cost"
                      else "COPAS overhead")
            table.row((f"{row['well_name']} {row['well_number']}", f"{row['account_code']} {row['account_name']}", source,
                       f"{row['service_date']:%Y-%m-%d}", money(row["gross_amount"]),
                       f"{Decimal(row['decimal_interest']):.8f}", money(row["amount"])))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 5, f"Total due {money(head['total_amount'])}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@app.task(name="jib_invoices__render", queue="reports", retry=retry_strategy(5))
async def render_jib_invoice(organization_id: str, jib_invoice_id: str) -> str:
    """Renders and stores one partner invoice as PDF and CSV. Idempotent: storing replaces the files."""
    async with tenant_transaction(organization_id) as conn:
        cursor = conn.cursor(row_factory=dict_row)
        rows = await (await cursor.execute("select * from app.jib_invoice_rows(%s)", [jib_invoice_id])).fetchall()
        if not rows:
            return "missing"
        name = f"jib_invoice_{rows[0]['invoice_number']}_{rows[0]['billing_month']:%Y-%m}"
        files = (("pdf", render_jib_invoice_pdf(rows)),
                 ("csv", templates.get_template("jib_invoice.csv.j2").render(rows=rows).encode()))
        for file_format, content in files:
            await conn.execute("select app.store_jib_invoice_document(%s, %s, %s, %s)",
                               [jib_invoice_id, file_format, f"{name}.{file_format}", content])
        return "rendered"
