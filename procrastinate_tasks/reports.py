"""Regulatory report generation: the rows come from SQL (app.regulatory_report_rows), Jinja2
renders the form's CSV layout and a readable HTML page, fpdf2 draws the same table as a PDF,
and SQL stores the files with their checksums and marks the report generated."""

from __future__ import annotations

import base64
import csv
import io
import json
from decimal import Decimal

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


templates = jinja2.Environment(
    loader=jinja2.PackageLoader("procrastinate_tasks", "templates/reports"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
templates.filters["csv"] = csv_field
templates.filters["volume"] = volume


def csv_template(agency: str, form: str) -> jinja2.Template:
    name = f"{agency}_{form}".lower().replace("-", "_") + ".csv.j2"
    try:
        return templates.get_template(name)
    except jinja2.TemplateNotFound:
        return templates.get_template("monthly_production.csv.j2")


def render_pdf(report: dict, organization_name: str, rows: list[dict], totals: dict) -> bytes:
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
    headings = ("Well number", "Well", "Lease", "County", "Status", "Days", "Oil (bbl)", "Gas (mcf)", "Water (bbl)")
    widths = (38, 44, 40, 30, 30, 14, 24, 24, 24)
    with pdf.table(col_widths=widths, text_align=("LEFT",) * 5 + ("RIGHT",) * 4, line_height=5) as table:
        table.row(headings)
        for row in rows:
            table.row((row["well_number_formatted"], row["well_name"], row["lease_name"] or "", row["county_name"],
                       row["well_status"], str(row["producing_days"]), volume(row["oil_bbl"]), volume(row["gas_mcf"]),
                       volume(row["water_bbl"])))
        table.row((f"{len(rows)} wells", "", "", "", "", "", volume(totals["oil_bbl"]), volume(totals["gas_mcf"]),
                   volume(totals["water_bbl"])))
    return bytes(pdf.output())


def render_files(report: dict, organization_name: str, rows: list[dict]) -> list[dict]:
    totals = {column: sum((row[column] for row in rows), Decimal(0)) for column in ("oil_bbl", "gas_mcf", "water_bbl")}
    values = {"report": report, "organization_name": organization_name, "rows": rows, "totals": totals}
    stem = f"{report['agency']}_{report['form']}_{report['period']:%Y-%m}".replace("/", "-")
    if report["amendment"]:
        stem += f"_amendment-{report['amendment']}"
    contents = {
        "csv": ("text/csv; charset=utf-8", csv_template(report["agency"], report["form"]).render(values).encode()),
        "html": ("text/html; charset=utf-8", templates.get_template("report.html.j2").render(values).encode()),
        "pdf": ("application/pdf", render_pdf(report, organization_name, rows, totals)),
    }
    return [{"format": fmt, "file_name": f"{stem}.{fmt}", "content_type": content_type,
             "content_base64": base64.b64encode(content).decode()}
            for fmt, (content_type, content) in contents.items()]


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
        files = render_files(report, report["organization"], rows)
        await conn.execute("select app.store_report_files(%s, %s::jsonb)", [report_id, json.dumps(files)])
        return "generated"
