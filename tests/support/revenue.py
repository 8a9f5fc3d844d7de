"""A month of revenue shared by the revenue and payment tests: two wells in two states, their owners and
decks, and the purchaser statements that feed them."""

from __future__ import annotations

from support.assets import insert, unique
from support.finance import as_role, division_order
from support.sessions import act_as


def make_company(db, name, roles, owner_type=None):
    return insert(db, "companies", {"name": f"{name} {unique()}", "roles": roles, "owner_type": owner_type})["id"]


def build_month_books(db, alpha):
    """The tenant's New Mexico gas well on a State lease with a cost-free royalty clause, and a Texas oil well,
    their owners (an individual ORRI and a Texas royalty owner with SSNs) and a purchaser."""
    refs = {}
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs["operator"] = make_company(db, "Caprock Operating", ["operator"], "business")
        refs["partner"] = make_company(db, "Mesquite Partners", ["non_operating_partner"], "partnership")
        refs["state"] = make_company(db, "State of New Mexico", ["royalty_owner"], "state")
        refs["orri"] = make_company(db, "Ana Ortiz", ["overriding_royalty_owner"], "individual")
        refs["tx_royalty"] = make_company(db, "Ben Cole", ["royalty_owner"], "individual")
        refs["purchaser"] = make_company(db, "Permian Gas Marketing", ["purchaser"], "business")
        refs["nm_lease"] = insert(db, "leases", {
            "lease_number": f"NM-VB-{unique()}", "name": "State VB-1234", "lessor": "State of New Mexico",
            "state_code": "30", "county_code": "015", "gross_acres": 640, "net_acres": 640,
            "royalty_rate": 0.1875, "royalty_cost_free": True})["id"]
        refs["tx_lease"] = insert(db, "leases", {
            "lease_number": f"TX-{unique()}", "name": "Cole Ranch", "state_code": "42", "county_code": "329",
            "gross_acres": 320, "net_acres": 320, "royalty_rate": 0.125})["id"]
        refs["nm_well"] = insert(db, "wells", {
            "well_number": f"30-015-{unique():05d}", "name": "Vaca State 2H", "lease_id": refs["nm_lease"],
            "operator_company_id": refs["operator"], "status": "producing", "spud_date": "2024-02-01"})["id"]
        refs["tx_well"] = insert(db, "wells", {
            "well_number": f"42-329-{unique():05d}", "name": "Cole Ranch 1H", "lease_id": refs["tx_lease"],
            "operator_company_id": refs["operator"], "status": "producing", "spud_date": "2024-02-01"})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        for company, tax_id, kind in ((refs["operator"], "75-1234567", "ein"), (refs["partner"], "75-7654321", "ein"),
                                      (refs["state"], "85-6000565", "ein"), (refs["orri"], "123456789", "ssn"),
                                      (refs["tx_royalty"], "987-65-4321", "ssn")):
            db.execute("select api.set_company_tax_id(%s, %s, %s)", [company, kind, tax_id])
        for owner, kind, decimal in (("state", "ri", "0.1875"), ("orri", "orri", "0.03125"),
                                     ("operator", "wi", "0.5859375"), ("partner", "wi", "0.1953125")):
            division_order(db, refs["nm_well"], refs[owner], decimal, kind, "gas", "2024-01-01")
        for owner, kind, decimal in (("tx_royalty", "ri", "0.125"), ("operator", "wi", "0.875")):
            division_order(db, refs["tx_well"], refs[owner], decimal, kind, "oil", "2024-01-01")
    return refs


def import_month(db, tenant, refs, csv=None):
    csv = csv or (
        "well_id,sales_month,product,purchaser_company_id,sold_volume,heat_content_mmbtu,price_basis,price,"
        "compression_deduction,transportation_deduction\n"
        f"{refs['nm_well']},2025-09,gas,{refs['purchaser']},10000,10850,mmbtu,2.85,1250.00,930.40\n"
        f"{refs['tx_well']},2025-09,oil,{refs['purchaser']},1000,,,70.25,,1500\n")
    return as_role(db, tenant, "accountant", lambda d: d.execute(
        "select api.import_sales_statements(csv => %s)", [csv]).fetchone()[0])
