"""Joint interest billing test data: a Texas well with an operator and two partners whose cost deck changes
on 2025-09-15, a well with no deck, vendors, COPAS overhead rates, September 2025 production, and the twelve
invoices of the worked month."""

from __future__ import annotations

import json

from support.assets import create_graph, insert, payload
from support.production import import_rows
from support.revenue import make_company
from support.sessions import act_as

DECK_BEFORE = {"operator": "0.50", "mesquite": "0.30", "llano": "0.20"}   # to 2025-09-14
DECK_FROM_15TH = {"operator": "0.45", "mesquite": "0.35", "llano": "0.20"}  # from 2025-09-15

# (vendor, invoice, account, service date, amount) of the worked month, all booked 2025-09-30.
WORKED_INVOICES = [
    ("rig", "PR-9001", "8110", "2025-09-02", "45000.00"),
    ("mud", "MM-311", "8120", "2025-09-03", "8333.33"),
    ("cement", "CS-77", "8130", "2025-09-05", "12345.67"),
    ("pipe", "TP-5120", "8200", "2025-09-06", "31250.00"),
    ("rig", "PR-9002", "8140", "2025-09-10", "2100.01"),
    ("frac", "FR-2025-88", "8320", "2025-09-15", "100000.01"),
    ("wireline", "WL-403", "8310", "2025-09-16", "7777.77"),
    ("pipe", "TP-5188", "8400", "2025-09-18", "18500.00"),
    ("water", "BWH-1042", "8530", "2025-09-20", "1234.56"),
    ("power", "PWR-0925", "8510", "2025-09-25", "999.99"),
    ("chemicals", "CH-118", "8520", "2025-09-28", "333.33"),
    ("pipe", "TP-CR-12", "8540", "2025-09-30", "-250.00"),
]


def set_deck(db, tenant, well, lines):
    """Writes cost deck lines in one transaction as the accountant: (owner id, decimal, from, to)."""
    with db.transaction():
        act_as(db, tenant, "accountant")
        return [insert(db, "cost_decks", {"well_id": well, "owner_company_id": owner, "decimal_interest": decimal,
                                          "effective_from": start, "effective_to": end})
                for owner, decimal, start, end in lines]


def build_jib_books(db, tenant) -> dict:
    refs = {}
    with db.transaction():
        act_as(db, tenant, "engineer")
        graph = create_graph(db)
        refs["operator"] = make_company(db, "Caprock Operating", ["operator"], "business")
        refs["mesquite"] = make_company(db, "Mesquite Partners", ["non_operating_partner"], "partnership")
        refs["llano"] = make_company(db, "Llano Energy", ["non_operating_partner"], "business")
        for vendor in ("rig", "mud", "cement", "pipe", "frac", "wireline", "water", "power", "chemicals"):
            refs[vendor] = make_company(db, f"Vendor {vendor}", ["vendor"], "business")
        refs["well"] = insert(db, "wells", payload("wells", graph) | {
            "name": "Caprock 3H", "operator_company_id": refs["operator"], "status": "producing"})["id"]
        refs["undecked_well"] = insert(db, "wells", payload("wells", graph) | {
            "name": "Caprock 4H", "operator_company_id": refs["operator"]})["id"]
        days = [f"2025-09-{d:02d}" for d in range(1, 31)]
        import_rows(db, [{"well_id": refs["well"], "production_date": d, "oil_bbl": 120, "gas_mcf": 300,
                          "water_bbl": 40, "hours_on": 24} for d in days])
    set_deck(db, tenant, refs["well"],
             [(refs[o], d, "2024-01-01", "2025-09-14") for o, d in DECK_BEFORE.items()]
             + [(refs[o], d, "2025-09-15", None) for o, d in DECK_FROM_15TH.items()])
    with db.transaction():
        act_as(db, tenant, "accountant")
        for kind, rate in (("producing", "1500.00"), ("drilling", "12000.00")):
            insert(db, "overhead_rates", {"well_kind": kind, "effective_from": "2025-01-01", "monthly_rate": rate})
    return refs


def worked_csv(refs, invoices=WORKED_INVOICES, accounting_date="2025-09-30") -> str:
    lines = ["well_id,account_code,vendor_company_id,invoice_number,service_date,accounting_date,amount"]
    lines += [f"{refs['well']},{account},{refs[vendor]},{number},{service},{accounting_date},{amount}"
              for vendor, number, account, service, amount in invoices]
    return "\n".join(lines) + "\n"


def import_costs(db, tenant, rows=None, csv=None, mode="all_or_nothing", role="accountant"):
    with db.transaction():
        act_as(db, tenant, role)
        return db.execute("select api.import_cost_transactions(%s, %s, %s)",
                          [json.dumps(rows) if rows is not None else None, csv, mode]).fetchone()[0]
