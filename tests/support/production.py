"""Production test data: wells to report on, a month of daily rows, and the import called as
PostgREST does."""

import csv
import io
import json
from datetime import date, timedelta

from support.assets import create_graph, insert, payload


DAYS = [date(2025, 3, 1) + timedelta(days=n) for n in range(30)]


def make_wells(conn, count: int) -> tuple[str, list[dict]]:
    """A lease with `count` wells for the organization the connection acts for."""
    refs = create_graph(conn)
    wells = [insert(conn, "wells", payload("wells", refs)) for _ in range(count)]
    return refs["lease"], wells


def import_rows(conn, rows=None, csv_text=None, mode="all_or_nothing") -> dict:
    result = conn.execute("select api.import_production(%s, %s, %s)",
                          [json.dumps(rows) if rows is not None else None, csv_text, mode]).fetchone()[0]
    return result


def csv_of(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def daily(wells, days=DAYS, by="well_number", oil=100):
    key = "well_id" if by == "id" else by
    return [{key: w[by], "production_date": d.isoformat(), "oil_bbl": oil + i, "gas_mcf": 2 * oil + i,
             "water_bbl": 40, "hours_on": 24} for w in wells for i, d in enumerate(days)]
