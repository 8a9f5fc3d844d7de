"""Measurement and allocation (sql/production/measurement_points.sql, measurement_point_wells.sql, run_tickets.sql,
meter_statements.sql, dispositions.sql, allocations.sql): a battery's month measured by run tickets and meter
statements, allocated to its wells by their latest tests x hours on to the hundredth, its dispositions balanced, and
the allocated volumes filed."""

from decimal import Decimal

import psycopg
import pytest

from conftest import act_as, act_as_worker
from support.assets import create_graph, insert, payload
from support.compliance import validate
from support.finance import wf_error
from support.production import import_rows

JUNE = [f"2024-06-{d:02d}" for d in range(1, 31)]
# (name, daily oil, hours a day, days reported, 24-hour test: oil, gas, water)
WELLS = [("Mesa 1H", 60, 24, 30, (100, 150, 20)), ("Mesa 2H", 30, 24, 30, (50, 100, 40)),
         ("Mesa 3H", 20, 12, 30, (30, 30, 60)), ("Mesa 4H", 25, 24, 20, (20, 20, 80))]


@pytest.fixture
def battery(db, tenants):
    """Alpha's New Mexico battery of four operated wells on one lease, a partner-operated well in the same county,
    June 2024's daily production with hours on, the wells' tests (Mesa 1H's older test at other rates), three run
    tickets, a gas and a water meter statement, and the month's dispositions."""
    alpha, _ = tenants
    refs = {}
    with db.transaction():
        act_as(db, alpha, "engineer")
        graph = create_graph(db)
        refs["lease"] = insert(db, "leases", payload("leases", graph) | {
            "lease_number": "NM-MESA", "state_code": "30", "county_code": "025", "lease_type": "state",
            "ocd_property_code": 331201})["id"]
        refs["operator"] = graph["company"]
        refs["point"] = insert(db, "measurement_points", {"name": "Mesa Battery 1", "kind": "tank_battery",
                                                          "lease_id": refs["lease"], "meter_number": "MB-1"})["id"]
        refs["purchaser"] = insert(db, "companies", payload("companies") | {"roles": ["purchaser"]})["id"]
        for n, (name, oil, hours, days, (t_oil, t_gas, t_water)) in enumerate(WELLS):
            well = insert(db, "wells", {"well_number": f"30-025-5140{n}", "name": name, "lease_id": refs["lease"],
                                        "status": "producing", "operator_company_id": graph["company"]})["id"]
            insert(db, "well_completions", {"well_id": well, "completion_code": "1", "ocd_pool_code": 96210})
            refs[name] = well
            insert(db, "measurement_point_wells", {"measurement_point_id": refs["point"], "well_id": well,
                                                   "effective_from": "2024-01-01"})
            insert(db, "well_tests", {"well_id": well, "test_date": "2024-06-10", "duration_hours": 24,
                                      "oil_bbl": t_oil, "gas_mcf": t_gas, "water_bbl": t_water})
            import_rows(db, [{"well_id": well, "production_date": day, "oil_bbl": oil, "gas_mcf": 2 * oil,
                              "water_bbl": 10, "hours_on": hours} for day in JUNE[:days]])
        insert(db, "well_tests", {"well_id": refs["Mesa 1H"], "test_date": "2024-03-01", "duration_hours": 12,
                                  "oil_bbl": 500, "gas_mcf": 500, "water_bbl": 500})
        refs["partner_well"] = insert(db, "wells", {"well_number": "30-025-51409", "name": "Partner 9H",
                                                    "lease_id": refs["lease"], "status": "producing",
                                                    "operated": False})["id"]
        for ticket in ({"ticket_number": "T-1001", "ticket_date": "2024-06-08", "gross_volume": 1000,
                        "observed_temperature_f": 80, "api_gravity": 40, "bsw_percent": 0.5},
                       {"ticket_number": "T-1002", "ticket_date": "2024-06-17", "gross_volume": 1262,
                        "observed_temperature_f": 75, "api_gravity": 41.2, "bsw_percent": 0.3,
                        "net_standard_volume": 1250},
                       {"ticket_number": "T-1003", "ticket_date": "2024-06-28", "gross_volume": 900,
                        "observed_temperature_f": 60, "api_gravity": 38.5, "bsw_percent": 0.2}):
            insert(db, "run_tickets", ticket | {"measurement_point_id": refs["point"],
                                                "purchaser_company_id": refs["purchaser"]})
        insert(db, "meter_statements", {"measurement_point_id": refs["point"], "month": "2024-06-01", "product": "gas",
                                        "volume": 2500, "heat_content_mmbtu": 2875})
        insert(db, "meter_statements", {"measurement_point_id": refs["point"], "month": "2024-06-01",
                                        "product": "water", "volume": 1800})
        for product, disposition, volume in (("oil", "opening_inventory", 300), ("oil", "closing_inventory", 415),
                                             ("gas", "lease_use", 40), ("gas", "flared", 10)):
            insert(db, "dispositions", {"measurement_point_id": refs["point"], "month": "2024-06-01",
                                        "product": product, "disposition": disposition, "volume": volume})
    return refs


def allocate(db, tenant, month="2024-06-01", point=None, role="engineer"):
    with db.transaction():
        act_as(db, tenant, role)
        return db.execute("select api.allocate_month(%s, %s)", [month, point]).fetchone()[0]


def allocated(db, tenant, refs):
    with db.transaction():
        act_as(db, tenant, "viewer")
        rows = db.execute("select well_id::text, product::text, allocated_volume, residue_volume, daily_volume, difference"
                          " from api.allocations where measurement_point_id = %s", [refs["point"]]).fetchall()
    names = {refs[name]: name for name, *_ in WELLS}
    return {(names[well], product): (volume, residue, daily, difference)
            for well, product, volume, residue, daily, difference in rows}


def balances(db, tenant, refs):
    with db.transaction():
        act_as(db, tenant, "viewer")
        return {product: (opening, produced, delivered, other, closing, gap) for product, opening, produced, delivered,
                other, closing, gap in db.execute(
                    "select product::text, opening_inventory, produced, delivered, other_dispositions, closing_inventory,"
                    " gap from api.disposition_balances where measurement_point_id = %s", [refs["point"]]).fetchall()}


def test_a_battery_month_is_allocated_to_its_wells_by_test_and_hours_and_balances(db, tenants, battery):
    """Run tickets (API MPMS 11.1 for crude oil): T-1001, 1,000.00 bbl at 80 °F, 40.0 API: CTL = exp(-a dT (1 + 0.8 a dT)),
    rho = 141.5 / 171.5 x 999.016 = 824.27, a = 341.0957 / rho^2 = 0.00050204, dT = 20: 0.98993; GSV 989.93, less 0.5 %
    BS&W: 984.98. T-1002 as written: 1,250.00. T-1003 at 60 °F: CTL 1.00000, 900.00 less 0.2 %: 898.20.
    Oil produced = 984.98 + 1,250.00 + 898.20 + closing 415.00 - opening 300.00 = 3,248.18.
    Gas produced = 2,500.000 metered + 40 lease use + 10 flared = 2,550. Water: 1,800 metered.

    Weights = 24-hour test rate x hours on / 24 (Mesa 1H's June test, not its March one): hours 720, 720, 360 (12 a day)
    and 480 (20 days). Oil 100 x 30 = 3,000; 50 x 30 = 1,500; 30 x 15 = 450; 20 x 20 = 400; total 5,350:
    3,248.18 x 3,000 / 5,350 = 1,821.409 -> 1,821.41; 910.705 -> 910.70; 273.211 -> 273.21; 242.855 -> 242.85; they
    sum to 3,248.17, so Mesa 1H (largest) takes the 0.01: 1,821.42.
    Gas 4,500 / 3,000 / 450 / 400 of 8,350: 1,374.25, 916.17, 137.43, 122.16 sum to 2,550.01: Mesa 1H 1,374.24.
    Water 600 / 1,200 / 900 / 1,600 of 4,300: 251.16, 502.33, 376.74, 669.77, exactly 1,800.00.
    Mesa 1H reported 60 bbl a day: its daily sum 1,800.00 is 21.42 short of its allocation."""
    alpha, _ = tenants
    refs = battery
    with db.transaction():
        act_as(db, alpha, "viewer")
        tickets = db.execute("select ticket_number, ctl, net_standard_volume, net_volume_derived from api.run_tickets"
                             " where measurement_point_id = %s order by ticket_number", [refs["point"]]).fetchall()
    assert tickets == [("T-1001", Decimal("0.98993"), Decimal("984.98"), True),
                       ("T-1002", Decimal("0.99235"), Decimal("1250.00"), False),
                       ("T-1003", Decimal("1.00000"), Decimal("898.20"), True)]
    assert balances(db, alpha, refs)["oil"][1] is None                      # not allocated yet

    result = allocate(db, alpha, point=refs["point"])
    assert (result["allocated_points"], result["allocated_wells"], result["failed"]) == (1, 4, [])
    volumes = allocated(db, alpha, refs)
    expected = {"oil": ("1821.42", "910.70", "273.21", "242.85"), "gas": ("1374.24", "916.17", "137.43", "122.16"),
                "water": ("251.16", "502.33", "376.74", "669.77")}
    for product, shares in expected.items():
        assert [volumes[(name, product)][0] for name, *_ in WELLS] == [Decimal(v) for v in shares], product
    assert volumes[("Mesa 1H", "oil")][1:] == (Decimal("0.01"), Decimal("1800.000"), Decimal("21.420"))
    assert volumes[("Mesa 1H", "gas")][1] == Decimal("-0.01")
    assert balances(db, alpha, refs) == {
        "oil": (300, Decimal("3248.18"), Decimal("3133.18"), 0, 415, Decimal("0.00")),
        "gas": (0, Decimal("2550.00"), 2500, 50, 0, Decimal("0.00")),
        "water": (0, Decimal("1800.00"), 1800, 0, 0, Decimal("0.00"))}

    # A corrected ticket unbalances the month until it is allocated again, which replaces it.
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.run_tickets set net_standard_volume = 1260 where ticket_number = 'T-1002'")
    assert balances(db, alpha, refs)["oil"][5] == Decimal("-10.00")
    allocate(db, alpha)
    assert balances(db, alpha, refs)["oil"][1:] == (Decimal("3258.18"), Decimal("3143.18"), 0, 415, Decimal("0.00"))
    assert sum(v[0] for (_, product), v in allocated(db, alpha, refs).items() if product == "oil") == Decimal("3258.18")


def test_the_monthly_rollups_show_the_allocated_volumes_beside_the_daily_sums(db, tenants, battery):
    """After June is allocated, Mesa 1H's month reads 1,800 bbl from its days and 1,821.42 allocated (gas 3,600 and
    1,374.24, water 300 and 251.16); the lease's and the organization's months sum the four wells' allocations:
    oil 3,248.18, gas 2,550.00, water 1,800.00. Allocating again after a corrected ticket (T-1002 at 1,260) moves
    them to 3,258.18; July, never allocated, shows nothing allocated. No other tenant sees any of it."""
    alpha, bravo = tenants
    refs = battery
    allocate(db, alpha, point=refs["point"])

    def rollups():
        with db.transaction():
            act_as(db, alpha, "viewer")
            well = db.execute("select oil_bbl, allocated_oil_bbl, gas_mcf, allocated_gas_mcf, water_bbl, allocated_water_bbl"
                              " from api.production_monthly_wells where well_id = %s and month = '2024-06-01'",
                              [refs["Mesa 1H"]]).fetchone()
            lease = db.execute("select allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl"
                               " from api.production_monthly_leases where lease_id = %s and month = '2024-06-01'",
                               [refs["lease"]]).fetchone()
            organization = db.execute("select allocated_oil_bbl, allocated_gas_mcf, allocated_water_bbl"
                                      " from api.production_monthly_organizations where month = '2024-06-01'").fetchone()
        return well, lease, organization
    well, lease, organization = rollups()
    assert well == (1800, Decimal("1821.42"), 3600, Decimal("1374.24"), 300, Decimal("251.16"))
    assert lease == organization == (Decimal("3248.18"), Decimal("2550.00"), Decimal("1800.00"))
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.run_tickets set net_standard_volume = 1260 where ticket_number = 'T-1002'")
        import_rows(db, [{"well_id": refs["Mesa 1H"], "production_date": "2024-07-01", "oil_bbl": 50, "hours_on": 24}])
    allocate(db, alpha, point=refs["point"])
    assert rollups()[1][0] == rollups()[2][0] == Decimal("3258.18")
    with db.transaction():
        act_as(db, alpha, "viewer")
        assert db.execute("select allocated_oil_bbl from api.production_monthly_wells where well_id = %s"
                          " and month = '2024-07-01'", [refs["Mesa 1H"]]).fetchone() == (None,)
    with db.transaction():
        act_as(db, bravo, "owner")
        assert db.execute("select count(*) from api.production_monthly_wells where allocated_oil_bbl is not null"
                          ).fetchone()[0] == 0


def test_allocating_a_month_revalidates_its_ratios_on_the_allocated_volumes(db, tenants, battery):
    """Limits: GOR 1,000 scf/bbl, water cut 0.70. The daily rows give every well 2 mcf a barrel: GOR 2,000.0 each, four
    findings; their water cuts (10 bbl a day against 60, 30, 20 and 25 bbl of oil) are all under 0.70.
    Allocated June (first test's figures): GOR = gas x 1,000 / oil: Mesa 1H 1,374.24 / 1,821.42 = 754.5, Mesa 2H
    916.17 / 910.70 = 1,006.0, Mesa 3H 137.43 / 273.21 = 503.0, Mesa 4H 122.16 / 242.85 = 503.0: only Mesa 2H is over,
    and the three others are resolved. Water cut = water / (oil + water): 251.16 / 2,072.58 = 0.1212, 502.33 / 1,413.03
    = 0.3555, 376.74 / 649.95 = 0.5796, 669.77 / 912.62 = 0.7339: Mesa 4H is over. Allocating enqueued the validation
    job itself: no production changed."""
    alpha, _ = tenants
    refs = battery
    names = {refs[name]: name for name, *_ in WELLS}
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 1000, "water_cut_limit": 0.7})

    def findings():
        with db.transaction():
            act_as(db, alpha, "viewer")
            return sorted((names[well], kind, observed, status, message) for well, kind, observed, status, message in db.execute(
                "select well_id::text, kind::text, observed, status::text, message from api.data_quality_issues"
                " where kind in ('gas_oil_ratio_out_of_range', 'water_cut_out_of_range')").fetchall())

    def waiting_jobs():
        return db.execute("select count(*) from procrastinate.procrastinate_jobs where task_name = 'production__validate'"
                          " and status = 'todo' and args ->> 'organization_id' = %s", [str(alpha.id)]).fetchone()[0]

    validate(db, alpha)
    assert [(name, kind, observed, status) for name, kind, observed, status, _ in findings()] == [
        (name, "gas_oil_ratio_out_of_range", Decimal("2000.0"), "open") for name, *_ in WELLS]
    assert findings()[0][4] == "Monthly GOR 2000.0 scf/bbl is above 1,000 for an oil well"
    with db.transaction():                       # procrastinate's own delete trigger names its tables unqualified
        db.execute("set local search_path = procrastinate")
        db.execute("delete from procrastinate_jobs where task_name = 'production__validate'"
                   " and args ->> 'organization_id' = %s", [str(alpha.id)])
    assert waiting_jobs() == 0

    allocate(db, alpha, point=refs["point"])
    assert waiting_jobs() == 1
    validate(db, alpha)
    assert findings() == [
        ("Mesa 1H", "gas_oil_ratio_out_of_range", Decimal("2000.0"), "resolved",
         "Monthly GOR 2000.0 scf/bbl is above 1,000 for an oil well"),
        ("Mesa 2H", "gas_oil_ratio_out_of_range", Decimal("1006.0"), "open",
         "Monthly allocated GOR 1006.0 scf/bbl is above 1,000 for an oil well"),
        ("Mesa 3H", "gas_oil_ratio_out_of_range", Decimal("2000.0"), "resolved",
         "Monthly GOR 2000.0 scf/bbl is above 1,000 for an oil well"),
        ("Mesa 4H", "gas_oil_ratio_out_of_range", Decimal("2000.0"), "resolved",
         "Monthly GOR 2000.0 scf/bbl is above 1,000 for an oil well"),
        ("Mesa 4H", "water_cut_out_of_range", Decimal("0.7339"), "open",
         "Monthly allocated water cut 0.7339 is above 0.7 for an oil well")]


def test_reports_file_the_allocated_volumes_of_the_operated_wells(db, tenants, battery):
    alpha, _ = tenants
    refs = battery
    allocate(db, alpha, point=refs["point"])
    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-06-01')").fetchone()[0]
    with db.transaction():
        act_as_worker(db, alpha)
        rows = db.execute("select well_name, oil_bbl, gas_mcf, water_bbl from app.regulatory_report_rows(%s)",
                          [report]).fetchall()
    assert rows == [("Mesa 1H", Decimal("1821.42"), Decimal("1374.24"), Decimal("251.16")),
                    ("Mesa 2H", Decimal("910.70"), Decimal("916.17"), Decimal("502.33")),
                    ("Mesa 3H", Decimal("273.21"), Decimal("137.43"), Decimal("376.74")),
                    ("Mesa 4H", Decimal("242.85"), Decimal("122.16"), Decimal("669.77"))]


def rendered_csv(db, tenant, agency, form, month="2024-06-01"):
    """A report's CSV as the worker renders it: the rows and dispositions read as the worker, the same templates."""
    import base64

    from psycopg.rows import dict_row

    from procrastinate_tasks.reports import render_files
    with db.transaction():
        act_as(db, tenant, "engineer")
        report_id = db.execute("select id from api.request_regulatory_report(%s, %s, %s)", [agency, form, month]).fetchone()[0]
    with db.transaction():
        act_as_worker(db, tenant)
        cursor = db.cursor(row_factory=dict_row)
        report = cursor.execute("select r.agency, r.form, r.period, r.due_date, r.amendment, rule.title"
                                " from app.regulatory_reports r join ref.filing_rules rule using (agency, form)"
                                " where r.id = %s", [report_id]).fetchone()
        rows = cursor.execute("select * from app.regulatory_report_rows(%s)", [report_id]).fetchall()
        points = sorted({str(row["measurement_point_id"]) for row in rows if row["measurement_point_id"]})
        dispositions = cursor.execute("select * from app.regulatory_report_dispositions(%s, %s::uuid[])",
                                      [report_id, points]).fetchall()
    files = {f["format"]: f for f in render_files(report, "Alpha", rows, dispositions)}
    return base64.b64decode(files["csv"]["content_base64"]).decode().splitlines()


def purchaser(db, refs) -> str:
    return db.execute("select name from app.companies where id = %s", [refs["purchaser"]]).fetchone()[0]


def test_an_ogor_of_a_federal_lease_has_its_wells_dispositions_and_inventory(db, tenants, battery):
    """With the battery's lease federal (NMNM123456), June's OGOR: part A the four operated wells and their allocated
    volumes, part B what left the battery and how with ONRR's disposition codes (01 sold, 20 lease use, 21 flared),
    part C its oil inventory, 300 at the start and 415 at the end. Made gas wells, the battery's flaring is 22."""
    alpha, _ = tenants
    refs = battery
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.leases set lease_type = 'federal', federal_lease_number = 'NMNM123456' where id = %s",
                   [refs["lease"]])
    allocate(db, alpha, point=refs["point"])
    lines = rendered_csv(db, alpha, "ONRR", "OGOR")
    assert lines[0] == "Part A - Well Production"
    assert [tuple(line.split(",")[4:6]) for line in lines[2:6]] == [
        ("1", "Mesa 1H"), ("1", "Mesa 2H"), ("1", "Mesa 3H"), ("1", "Mesa 4H")]
    assert lines[2].split(",")[2] == "NMNM123456" and lines[2].endswith(",1821.42,1374.24,251.16,,")
    part_b, part_c = lines.index("Part B - Product Disposition"), lines.index("Part C - Product Inventory")
    assert lines[part_b + 2:part_c - 1] == [
        "Mesa Battery 1,MB-1,gas,21,flared,,10", "Mesa Battery 1,MB-1,gas,20,lease_use,,40",
        "Mesa Battery 1,MB-1,gas,01,sold,,2500", f"Mesa Battery 1,MB-1,oil,01,sold,{purchaser(db, refs)},3133.18",
        "Mesa Battery 1,MB-1,water,,disposed,,1800"]
    assert lines[part_c + 2:] == ["Mesa Battery 1,MB-1,oil,300,415"]

    # A battery of gas wells flares gas-well gas: 22.
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set well_type = 'gas' where lease_id = %s", [refs["lease"]])
    lines = rendered_csv(db, alpha, "ONRR", "OGOR")
    assert "Mesa Battery 1,MB-1,gas,22,flared,,10" in lines


def test_the_c115_shows_the_wells_with_their_ocd_codes_and_the_batterys_dispositions(db, tenants, battery):
    """The C-115 the worker renders for June 2024, per completion: the operated wells with property code 331201 and
    their allocated volumes, not the partner's well in the same county. Mesa 2H is completed in two pools: 1 in 96210
    with 0.4 and 2 in 97565 with 0.6. Each share is cut to the hundredth and the largest (2) takes what is left:
    oil 910.70 x 0.4 = 364.28 and x 0.6 = 546.42 (nothing left); gas 916.17 x 0.4 = 366.468 -> 366.46 and x 0.6 =
    549.702 -> 549.70, 0.01 left: 549.71; water 502.33 x 0.4 = 200.932 -> 200.93 and x 0.6 = 301.398 -> 301.39,
    0.01 left: 301.40. The injection section: Mesa SWD 1 took 500 bbl of water a day for 30 days, 15,000 bbl, at
    1,200 and 1,300 psi on alternate days, 1,250 on average. Mesa WI 2, an injection well that reported 5 bbl of oil
    a day for 10 days, is filed with the producing wells (50 bbl), so no oil is left off. Then the battery's disposition section: oil sold on the
    three tickets (984.98 + 1,250.00 + 898.20 = 3,133.18) to the purchaser, opening 300 and closing 415 in the tanks,
    gas 2,500 sold, 40 used on the lease and 10 flared, water 1,800 disposed."""
    alpha, _ = tenants
    refs = battery
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.well_completions set production_share = 0.4 where well_id = %s", [refs["Mesa 2H"]])
        insert(db, "well_completions", {"well_id": refs["Mesa 2H"], "completion_code": "2", "ocd_pool_code": 97565,
                                        "production_share": 0.6, "formation": "Wolfcamp"})
        swd = insert(db, "wells", {"well_number": "30-025-51408", "name": "Mesa SWD 1", "lease_id": refs["lease"],
                                   "well_type": "salt_water_disposal", "status": "injecting",
                                   "operator_company_id": refs["operator"]})["id"]
        insert(db, "well_completions", {"well_id": swd, "completion_code": "1", "ocd_pool_code": 96101})
        import_rows(db, [{"well_id": swd, "production_date": day, "water_bbl": 500,
                          "tubing_pressure_psi": 1200 + 100 * (n % 2)} for n, day in enumerate(JUNE)])
        injector = insert(db, "wells", {"well_number": "30-025-51407", "name": "Mesa WI 2", "lease_id": refs["lease"],
                                        "well_type": "water_injection", "status": "injecting",
                                        "operator_company_id": refs["operator"]})["id"]
        import_rows(db, [{"well_id": injector, "production_date": day, "oil_bbl": 5} for day in JUNE[:10]])
    allocate(db, alpha, point=refs["point"])
    lines = rendered_csv(db, alpha, "NM-OCD", "C-115")
    assert lines[:2] == ["Production", "OGRID,Operator,Production Month,API Well Number,Completion,Well Name,Lease,County,"
                         "Well Status,Days Produced,Oil (bbl),Gas (mcf),Water (bbl),OCD Property Code,Pool Code"]
    assert [tuple(line.split(",")[4:6]) for line in lines[2:8]] == [
        ("", "Mesa WI 2"), ("1", "Mesa 1H"), ("1", "Mesa 2H"), ("2", "Mesa 2H"), ("1", "Mesa 3H"), ("1", "Mesa 4H")]
    assert lines[2].endswith(",injecting,10,50,0,0,331201,")
    assert lines[3].endswith(",1821.42,1374.24,251.16,331201,96210") and "Partner 9H" not in "".join(lines)
    assert lines[4].endswith(",364.28,366.46,200.93,331201,96210")
    assert lines[5].endswith(",546.42,549.71,301.4,331201,97565")
    assert lines[8:12] == ["", "Injection",
                           "OGRID,Operator,Production Month,API Well Number,Completion,Well Name,Lease,County,Well Status,"
                           "Days Injected,Water Injected (bbl),Gas Injected (mcf),Average Injection Pressure (psi),"
                           "OCD Property Code,Pool Code", lines[11]]
    assert lines[11].split(",")[4:6] == ["1", "Mesa SWD 1"] and lines[11].endswith(",30,15000,0,1250,331201,96101")
    assert lines[12:] == ["", "Disposition", "Point of Disposition,Meter,Product,Disposition,Transporter or Purchaser,Volume",
                          "Mesa Battery 1,MB-1,gas,flared,,10", "Mesa Battery 1,MB-1,gas,lease_use,,40",
                          "Mesa Battery 1,MB-1,gas,sold,,2500", "Mesa Battery 1,MB-1,oil,closing_inventory,,415",
                          "Mesa Battery 1,MB-1,oil,opening_inventory,,300",
                          f"Mesa Battery 1,MB-1,oil,sold,{purchaser(db, refs)},3133.18",
                          "Mesa Battery 1,MB-1,water,disposed,,1800"]


def test_a_point_that_cannot_be_allocated_says_why_and_the_others_are(db, tenants, battery):
    alpha, _ = tenants
    refs = battery
    with db.transaction():
        act_as(db, alpha, "engineer")
        untested = insert(db, "wells", {"well_number": "30-025-51408", "name": "Mesa 8H", "lease_id": refs["lease"]})["id"]
        other = insert(db, "measurement_points", {"name": "Mesa Battery 2", "kind": "tank_battery"})["id"]
        insert(db, "measurement_point_wells", {"measurement_point_id": other, "well_id": untested,
                                               "effective_from": "2024-06-01"})
        empty = insert(db, "measurement_points", {"name": "Mesa Meter 3", "kind": "gas_meter"})["id"]
        insert(db, "meter_statements", {"measurement_point_id": empty, "month": "2024-06-01", "product": "gas",
                                        "volume": 100})
    with pytest.raises(psycopg.Error) as caught:
        allocate(db, alpha, point=other)
    error = wf_error(caught.value)
    assert (error["code"], error["details"]) == ("WF_ALLOCATION_NO_TEST", "well_id") and "Mesa 8H" in error["message"]
    result = allocate(db, alpha)
    assert (result["allocated_points"], result["allocated_wells"]) == (1, 4)
    assert [(f["name"], f["code"], f["field"]) for f in result["failed"]] == [
        ("Mesa Battery 2", "WF_ALLOCATION_NO_TEST", "well_id"),
        ("Mesa Meter 3", "WF_ALLOCATION_NO_BASIS", "measurement_point_id")]


@pytest.mark.parametrize("resource,change,constraint", [
    ("run_tickets", {"api_gravity": 0}, "run_tickets_api_gravity_check"),
    ("run_tickets", {"bsw_percent": 100}, "run_tickets_bsw_percent_check"),
    ("run_tickets", {"gross_volume": 10.005}, "run_tickets_gross_volume_check"),
    ("run_tickets", {"observed_temperature_f": 400}, "run_tickets_observed_temperature_f_check"),
    ("run_tickets", {"ticket_number": "T-1001"}, "run_tickets_ticket_number_key"),
    ("meter_statements", {"product": "water", "heat_content_mmbtu": 10}, "meter_statements_heat_content_mmbtu_product_check"),
    ("meter_statements", {"month": "2024-06-15"}, "meter_statements_month_check"),
    ("dispositions", {"product": "gas", "disposition": "closing_inventory"}, "dispositions_inventory_check"),
    ("measurement_point_wells", {"effective_from": "2024-05-01"}, "measurement_point_wells_effective_excl"),
])
def test_bad_measurements_are_refused_naming_the_rule(db, tenants, battery, resource, change, constraint):
    alpha, _ = tenants
    refs = battery
    base = {"run_tickets": {"measurement_point_id": refs["point"], "ticket_number": "T-2001", "ticket_date": "2024-07-01",
                            "gross_volume": 100, "observed_temperature_f": 70, "api_gravity": 40},
            "meter_statements": {"measurement_point_id": refs["point"], "month": "2024-07-01", "product": "gas",
                                 "volume": 10},
            "dispositions": {"measurement_point_id": refs["point"], "month": "2024-07-01", "product": "oil",
                             "disposition": "vented", "volume": 1},
            "measurement_point_wells": {"measurement_point_id": refs["point"], "well_id": refs["Mesa 1H"],
                                        "effective_from": "2024-07-01"}}[resource]
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, resource, base | change)
    assert constraint in str(caught.value)


def test_allocation_input_and_roles(db, tenants, battery):
    alpha, _ = tenants
    refs = battery
    for month, code, field in (("2999-01-01", "WF_ALLOCATION_INPUT", "month"), (None, "WF_ALLOCATION_INPUT", "month")):
        with pytest.raises(psycopg.Error) as caught:
            allocate(db, alpha, month=month)
        assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == (code, field)
    for role in ("viewer", "accountant"):
        with pytest.raises(psycopg.Error) as caught:
            allocate(db, alpha, role=role)
        assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, alpha, role)
                insert(db, "run_tickets", {"measurement_point_id": refs["point"], "ticket_number": "T-9",
                                           "ticket_date": "2024-06-02", "gross_volume": 1, "observed_temperature_f": 60,
                                           "api_gravity": 40})
        assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("delete from app.allocations")
    assert "permission denied" in str(caught.value) or wf_error(caught.value)["code"] == "WF_ALLOCATION_READ_ONLY"


TABLES = ["measurement_points", "measurement_point_wells", "run_tickets", "meter_statements", "dispositions"]


def test_another_tenant_reaches_none_of_it_by_any_verb(db, tenants, battery):
    alpha, bravo = tenants
    refs = battery
    allocate(db, alpha, point=refs["point"])
    for view in TABLES + ["allocations", "disposition_balances"]:
        with db.transaction():
            act_as(db, bravo, "owner")
            assert db.execute(f"select count(*) from api.{view}").fetchone()[0] == 0, view
    for table in TABLES:
        with db.transaction():
            act_as(db, bravo, "owner")
            assert db.execute(f"update api.{table} set updated_at = updated_at").rowcount == 0
            assert db.execute(f"delete from api.{table}").rowcount == 0
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, bravo, "owner")
            db.execute("insert into api.measurement_points (organization_id, name, kind) values (%s, 'X', 'gas_meter')",
                       [alpha.id])
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, bravo, "engineer")
            db.execute("insert into api.run_tickets (measurement_point_id, ticket_number, ticket_date, gross_volume,"
                       " observed_temperature_f, api_gravity) values (%s, 'B-1', '2024-06-03', 1, 60, 40)",
                       [refs["point"]])
    assert caught.value.sqlstate in ("23503", "42501")
    with pytest.raises(psycopg.Error) as caught:
        allocate(db, bravo, point=refs["point"])
    assert wf_error(caught.value)["code"] == "WF_MEASUREMENT_POINT_NOT_FOUND"
    assert allocate(db, bravo)["allocated_points"] == 0
    assert len(allocated(db, alpha, refs)) == 12


def import_tickets(db, tenant, csv=None, rows=None, mode="all_or_nothing", role="engineer"):
    import json
    with db.transaction():
        act_as(db, tenant, role)
        return db.execute("select api.import_run_tickets(%s, %s, %s)",
                          [json.dumps(rows) if rows is not None else None, csv, mode]).fetchone()[0]


def test_run_tickets_import_in_bulk_with_a_report_of_every_rejected_row(db, tenants, battery):
    """T-3001: 500.00 bbl at 80 °F, 40.0 API, 0.5 % BS&W: 500.00 x 0.98993 = 494.965 -> 494.97, less 0.5 %:
    492.495 -> 492.50. Sent again at 510.00 bbl: 510.00 x 0.98993 = 504.864 -> 504.86, less 0.5 %: 502.336 -> 502.34."""
    alpha, _ = tenants
    refs = battery
    header = "measurement_point_name,ticket_number,ticket_date,gross_volume,observed_temperature_f,api_gravity,bsw_percent,net_standard_volume\n"
    csv = header + ("Mesa Battery 1,T-3001,2024-07-02,500.00,80,40.0,0.5,\n"
                    "Mesa Battery 1,T-3002,2024-07-09,420.00,70,39.0,0.2,418.00\n"
                    "Mesa Battery 1,T-3003,2024-07-12,300.00,70,0,0.2,\n"
                    "Nowhere Battery,T-3004,2024-07-12,300.00,70,40,0.2,\n"
                    "Mesa Battery 1,T-3001,2024-07-13,301.00,70,40,0.2,\n"
                    "Mesa Battery 1,T-3005,2024-07-14,abc,70,40,0.2,\n"
                    "Mesa Battery 1,T-3006,2024-07-14,9999999.99,-20,40,0,\n")
    report = import_tickets(db, alpha, csv=csv)
    assert (report["inserted"], report["received"]) == (0, 7)
    assert [(r["line"], r["code"], r["field"]) for r in report["rejected"]] == [
        (4, "WF_IMPORT_OUT_OF_RANGE", "api_gravity"), (5, "WF_IMPORT_UNKNOWN_POINT", "measurement_point_name"),
        (6, "WF_IMPORT_DUPLICATE_ROW", "ticket_number"), (7, "WF_IMPORT_NOT_A_NUMBER", "gross_volume"),
        (8, "WF_IMPORT_NET_TOO_LARGE", "gross_volume")]
    report = import_tickets(db, alpha, csv=csv, mode="accept_valid")
    assert (report["inserted"], report["updated"], report["unchanged"]) == (2, 0, 0)
    assert import_tickets(db, alpha, csv=csv, mode="accept_valid")["unchanged"] == 2
    report = import_tickets(db, alpha, rows=[{"measurement_point_id": refs["point"], "ticket_number": "T-3001",
                                              "ticket_date": "2024-07-02", "gross_volume": 510, "observed_temperature_f": 80,
                                              "api_gravity": 40, "bsw_percent": 0.5}])
    assert (report["inserted"], report["updated"]) == (0, 1)
    with db.transaction():
        act_as(db, alpha, "viewer")
        tickets = db.execute("select ticket_number, net_standard_volume, net_volume_derived from api.run_tickets"
                             " where ticket_number like 'T-300%' order by 1").fetchall()
    assert tickets == [("T-3001", Decimal("502.34"), True), ("T-3002", Decimal("418.00"), False)]
    with pytest.raises(psycopg.Error) as caught:
        import_tickets(db, alpha, csv=csv, role="accountant")
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    with pytest.raises(psycopg.Error) as caught:
        import_tickets(db, alpha, csv=header.replace("bsw_percent", "bsw"))
    assert wf_error(caught.value)["code"] == "WF_IMPORT_UNKNOWN_COLUMN"


def test_revenue_from_production_takes_the_allocated_volume(db, tenants, battery):
    """Mesa 1H's June oil: allocated 1,821.42 bbl (its daily sum is 1,800.00). At $70.00 by volume_source production:
    1,821.42 x 70.00 = 127,499.40 gross."""
    alpha, _ = tenants
    refs = battery
    allocate(db, alpha, point=refs["point"])
    with db.transaction():
        act_as(db, alpha, "accountant")
        insert(db, "division_orders", {"well_id": refs["Mesa 1H"], "owner_company_id": refs["operator"],
                                       "interest_type": "wi", "decimal_interest": 1, "effective_from": "2024-01-01"})
        distribution = db.execute("select api.calculate_revenue_distribution(%s, '2024-06-01', 'oil', 'production', 70)",
                                  [refs["Mesa 1H"]]).fetchone()[0]
    assert (Decimal(str(distribution["volume"])), Decimal(str(distribution["gross_value"]))) == (
        Decimal("1821.42"), Decimal("127499.40"))


def test_meter_statements_import_in_bulk_with_a_report_of_every_rejected_row(db, tenants, battery):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        csv = ("measurement_point_name,month,product,volume,heat_content_mmbtu\n"
               "Mesa Battery 1,2024-07,gas,2610.5,3001.2\n"
               "Mesa Battery 1,2024-07,water,1750,\n"
               "Mesa Battery 1,2024-07-15,gas,10,\n"
               "Mesa Battery 1,2024-08,oil,10,\n"
               "Mesa Battery 1,2024-08,water,10,5\n"
               "Mesa Battery 1,2024-07,gas,2610.5,\n")
        report = db.execute("select api.import_meter_statements(null, %s, 'accept_valid')", [csv]).fetchone()[0]
        again = db.execute("select api.import_meter_statements(null, %s, 'accept_valid')", [csv]).fetchone()[0]
        stored = db.execute("select product::text, volume, heat_content_mmbtu from api.meter_statements"
                            " where month = '2024-07-01' order by product").fetchall()
    assert (report["inserted"], report["updated"], again["unchanged"]) == (2, 0, 2)
    assert [(r["line"], r["code"], r["field"]) for r in report["rejected"]] == [
        (4, "WF_IMPORT_BAD_MONTH", "month"), (5, "WF_IMPORT_BAD_PRODUCT", "product"),
        (6, "WF_IMPORT_HEAT_NOT_GAS", "heat_content_mmbtu"), (7, "WF_IMPORT_DUPLICATE_ROW", "product")]
    assert stored == [("gas", Decimal("2610.5"), Decimal("3001.2")), ("water", Decimal("1750"), None)]


def test_a_well_that_left_and_came_back_in_the_month_counts_its_hours_there_once(db, tenants, battery):
    """Mesa 4H reported June 1-20 at 24 hours; it flowed to the battery June 1-10 and again from June 25: 10 x 24 = 240
    hours there."""
    alpha, _ = tenants
    refs = battery
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.measurement_point_wells set effective_to = '2024-06-10' where well_id = %s",
                   [refs["Mesa 4H"]])
        insert(db, "measurement_point_wells", {"measurement_point_id": refs["point"], "well_id": refs["Mesa 4H"],
                                               "effective_from": "2024-06-25"})
    assert allocate(db, alpha, point=refs["point"])["allocated_wells"] == 4
    with db.transaction():
        act_as(db, alpha, "viewer")
        assert db.execute("select distinct hours_on from api.allocations where well_id = %s",
                          [refs["Mesa 4H"]]).fetchall() == [(Decimal("240"),)]


def north_dakota_battery(db, tenant, gas=False):
    """A McKenzie County battery of two wells on all of June, tested at 100 and 50 bbl a day (and, with gas, 200 and
    50 mcf), one 1,000.00 bbl run ticket at 60 °F, 30 bbl used on the lease, storage 200 then 350; with gas, 2,400 mcf
    sold through the meter, 90 flared and 60 used on the lease. Allocated; returns the point."""
    with db.transaction():
        act_as(db, tenant, "engineer")
        graph = create_graph(db)
        lease = insert(db, "leases", payload("leases", graph) | {"lease_number": "ND-BAKKEN", "state_code": "33",
                                                                 "county_code": "053"})["id"]
        point = insert(db, "measurement_points", {"name": "Bakken Battery", "kind": "tank_battery"})["id"]
        for n, (name, rate, gas_rate) in enumerate((("Bakken 1H", 100, 200), ("Bakken 2H", 50, 50))):
            well = insert(db, "wells", {"well_number": f"33-053-0900{n}", "name": name, "lease_id": lease,
                                        "status": "producing", "ndic_file_number": 31000 + n})["id"]
            insert(db, "measurement_point_wells", {"measurement_point_id": point, "well_id": well,
                                                   "effective_from": "2024-01-01"})
            insert(db, "well_tests", {"well_id": well, "test_date": "2024-05-30", "duration_hours": 24, "oil_bbl": rate}
                   | ({"gas_mcf": gas_rate} if gas else {}))
            import_rows(db, [{"well_id": well, "production_date": day, "oil_bbl": rate, "hours_on": 24} for day in JUNE])
        insert(db, "run_tickets", {"measurement_point_id": point, "ticket_number": "ND-1", "ticket_date": "2024-06-20",
                                   "gross_volume": 1000, "observed_temperature_f": 60, "api_gravity": 40})
        lines = [("oil", "opening_inventory", 200), ("oil", "closing_inventory", 350), ("oil", "lease_use", 30)]
        if gas:
            insert(db, "meter_statements", {"measurement_point_id": point, "month": "2024-06-01", "product": "gas",
                                            "volume": 2400})
            lines += [("gas", "flared", 90), ("gas", "lease_use", 60)]
        for product, disposition, volume in lines:
            insert(db, "dispositions", {"measurement_point_id": point, "month": "2024-06-01", "product": product,
                                        "disposition": disposition, "volume": volume})
    allocate(db, tenant, point=point)
    return point


def test_a_north_dakota_form_5_puts_the_batterys_storage_and_runs_on_its_first_well(db, tenants):
    """Weights 100 x 30 = 3,000 and 50 x 30 = 1,500. Oil produced 1,000 + 30 + 350 - 200 = 1,180, allocated 786.67 and
    393.33 (1,180 x 2/3 = 786.666...). Form 5 lists each well by its NDIC file number; the battery's storage, lease use
    and runs stand on the first."""
    alpha, _ = tenants
    north_dakota_battery(db, alpha)
    with db.transaction():                       # Form 5 is per well: completions do not split it
        act_as(db, alpha, "engineer")
        well = db.execute("select id from api.wells where name = 'Bakken 1H'").fetchone()[0]
        for code in ("1", "2"):
            insert(db, "well_completions", {"well_id": str(well), "completion_code": code, "production_share": 0.5})
    lines = rendered_csv(db, alpha, "ND-DMR", "FORM-5")
    assert lines == [
        "Well Name and Number,Well File Number,Stored First of Month (bbl),Days Produced,Clean Oil Produced (bbl),"
        "BS&W Drawn (bbl),Lease Use (bbl),Runs This Month (bbl),Stored End of Month (bbl),Water Produced (bbl)",
        "Bakken 1H,31000,200,30,786.67,0,30,1000,350,0",
        "Bakken 2H,31001,,30,393.33,,,,,0"]


def test_a_north_dakota_form_5b_reports_each_wells_gas_and_the_batterys_gas_dispositions(db, tenants):
    """Gas weights 200 x 30 = 6,000 and 50 x 30 = 1,500 of 7,500. Gas produced = 2,400 sold + 90 flared + 60 lease use
    = 2,550, allocated 2,550 x 0.8 = 2,040.00 and 2,550 x 0.2 = 510.00. Form 5B lists each well's gas by its NDIC file
    number; the battery's 2,400 sold, 90 flared and 60 used on the lease stand on its first well, nothing transferred."""
    alpha, _ = tenants
    north_dakota_battery(db, alpha, gas=True)
    lines = rendered_csv(db, alpha, "ND-DMR", "FORM-5B")
    assert lines == [
        "Well Name and Number,Well File Number,Days Produced,Gas Produced (mcf),Gas Sold (mcf),"
        "Gas Flared or Vented (mcf),Gas Used on Lease (mcf),Gas Transferred or Injected (mcf)",
        "Bakken 1H,31000,30,2040,2400,90,60,0",
        "Bakken 2H,31001,30,510,,,,"]


def test_a_texas_form_pr_reports_each_lease_with_its_rrc_numbers_whole_volumes_and_coded_dispositions(db, tenants):
    """Operator P-5 654321. Lease TX-PECOS (district 08, RRC lease 41234, field 54321000): two oil wells at a battery,
    tested at 100 and 50 bbl and 300 and 100 mcf a day, all June: oil weights 3,000 / 1,500, gas 9,000 / 3,000.
    One 1,000.00 bbl ticket at 60 °F, storage 200 then 350: oil produced 1,150; 2,000 mcf sold, 50 flared under a rule
    (AR), 10 vented exempt (EX), 40 lease use: gas produced 2,100. The lease's row: oil 766.67 + 383.33 = 1,150,
    casinghead gas 1,575.00 + 525.00 = 2,100, on hand 200 and 350.
    Lease TX-GAS (gas well ID 254321): one gas well, not at a battery, 100.02 mcf and 0.45 bbl a day for 30 days:
    gas-well gas 3,000.6 -> 3,001 and condensate 13.50 -> 14 (whole numbers, half up).
    Dispositions of TX-PECOS: flared code 10 (AR), vented 11 (EX), lease use and sales without a code here.
    Not on the form: the lease's disposal well (1,000 bbl of water a day into it). On a line of its own, identifiers
    blank: Stray 1, on no lease, 10 bbl a day = 300. In August 2021 the battery flared 5 mcf: code 4 then."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        graph = create_graph(db)
        db.execute("update api.companies set state_operator_numbers = '{\"TX-RRC-P5\": \"654321\"}' where id = %s",
                   [graph["company"]])
        db.execute("update api.fields set rrc_field_number = '54321000' where id = %s", [graph["field"]])
        leases = {}
        for number, rrc in (("TX-PECOS", "41234"), ("TX-GAS", "254321")):
            leases[number] = insert(db, "leases", payload("leases", graph) | {
                "lease_number": number, "state_code": "42", "county_code": "389", "rrc_district": "08",
                "rrc_lease_number": rrc})["id"]
        point = insert(db, "measurement_points", {"name": "Pecos Battery", "kind": "tank_battery",
                                                  "lease_id": leases["TX-PECOS"]})["id"]
        for n, (name, oil, gas) in enumerate((("Pecos 1H", 100, 300), ("Pecos 2H", 50, 100))):
            well = insert(db, "wells", {"well_number": f"42-389-3100{n}", "name": name, "lease_id": leases["TX-PECOS"],
                                        "field_id": graph["field"], "status": "producing",
                                        "operator_company_id": graph["company"]})["id"]
            insert(db, "measurement_point_wells", {"measurement_point_id": point, "well_id": well,
                                                   "effective_from": "2021-01-01"})
            insert(db, "well_tests", {"well_id": well, "test_date": "2024-05-30", "duration_hours": 24, "oil_bbl": oil,
                                      "gas_mcf": gas})
            import_rows(db, [{"well_id": well, "production_date": day, "oil_bbl": oil, "gas_mcf": gas, "hours_on": 24}
                             for day in JUNE])
        gas_well = insert(db, "wells", {"well_number": "42-389-31009", "name": "Pecos Gas 1", "well_type": "gas",
                                        "lease_id": leases["TX-GAS"], "field_id": graph["field"], "status": "producing",
                                        "operator_company_id": graph["company"]})["id"]
        import_rows(db, [{"well_id": gas_well, "production_date": day, "oil_bbl": "0.45", "gas_mcf": "100.02"}
                         for day in JUNE])
        for number, name, lease, well_type, status, volumes in (
                ("42-389-31011", "Pecos SWD 1", leases["TX-PECOS"], "salt_water_disposal", "injecting",
                 {"water_bbl": 1000}),
                ("42-389-31012", "Stray 1", None, "oil", "producing", {"oil_bbl": 10})):
            well = insert(db, "wells", {"well_number": number, "name": name, "well_type": well_type,
                                        "lease_id": lease, "field_id": graph["field"], "status": status,
                                        "operator_company_id": graph["company"]})["id"]
            import_rows(db, [{"well_id": well, "production_date": day} | volumes for day in JUNE])
        insert(db, "run_tickets", {"measurement_point_id": point, "ticket_number": "TX-1", "ticket_date": "2024-06-20",
                                   "gross_volume": 1000, "observed_temperature_f": 60, "api_gravity": 40})
        insert(db, "meter_statements", {"measurement_point_id": point, "month": "2024-06-01", "product": "gas",
                                        "volume": 2000})
        for product, disposition, volume, authority in (
                ("oil", "opening_inventory", 200, None), ("oil", "closing_inventory", 350, None),
                ("gas", "flared", 50, "AR"), ("gas", "vented", 10, "EX"), ("gas", "lease_use", 40, None)):
            insert(db, "dispositions", {"measurement_point_id": point, "month": "2024-06-01", "product": product,
                                        "disposition": disposition, "volume": volume, "release_authority": authority})
    allocate(db, alpha, point=point)
    lines = rendered_csv(db, alpha, "TX-RRC", "PR")
    lease_name = {number: db.execute("select name from app.leases where id = %s", [lease]).fetchone()[0]
                  for number, lease in leases.items()}
    field_name = db.execute("select name from app.fields where id = %s", [graph["field"]]).fetchone()[0]
    disposed = lines.index("Lease Dispositions")
    assert lines[:disposed] == [
        "Lease Production",
        "Operator Number,Production Month,District,Lease or Gas Well ID,Field Number,Field,Lease,Wells,Oil (bbl),"
        "Casinghead Gas (mcf),Condensate (bbl),Gas Well Gas (mcf),Oil on Hand Start (bbl),Oil on Hand End (bbl)",
        f"654321,06/2024,08,254321,54321000,{field_name},{lease_name['TX-GAS']},1,0,0,14,3001,0,0",
        f"654321,06/2024,08,41234,54321000,{field_name},{lease_name['TX-PECOS']},2,1150,2100,0,0,200,350",
        f"654321,06/2024,,,54321000,{field_name},,1,300,0,0,0,0,0",
        ""]
    assert lines[disposed + 1:] == [
        "District,Lease or Gas Well ID,Product,Disposition Code,Disposition,Purchaser or Transporter,Volume,Remarks",
        "08,41234,casinghead gas,10,flared,,50,AR", "08,41234,casinghead gas,,lease_use,,40,",
        "08,41234,casinghead gas,,sold,,2000,", "08,41234,casinghead gas,11,vented,,10,EX", "08,41234,oil,,sold,,1000,"]

    with db.transaction():
        act_as(db, alpha, "engineer")
        wells = [well for (well,) in db.execute("select id::text from api.wells where name like 'Pecos _H'").fetchall()]
        for well in wells:
            insert(db, "well_tests", {"well_id": well, "test_date": "2021-07-01", "duration_hours": 24, "oil_bbl": 10,
                                      "gas_mcf": 10})
            import_rows(db, [{"well_id": well, "production_date": "2021-08-02", "oil_bbl": 10, "gas_mcf": 10,
                              "hours_on": 24}])
        insert(db, "meter_statements", {"measurement_point_id": point, "month": "2021-08-01", "product": "gas",
                                        "volume": 15})
        insert(db, "dispositions", {"measurement_point_id": point, "month": "2021-08-01", "product": "gas",
                                    "disposition": "flared", "volume": 5, "release_authority": "AR"})
    allocate(db, alpha, month="2021-08-01", point=point)
    assert "08,41234,casinghead gas,4,flared,,5,AR" in rendered_csv(db, alpha, "TX-RRC", "PR", month="2021-08-01")


def test_flare_and_vent_authority_is_one_of_the_commissions_codes_on_flared_or_vented_gas(db, tenants, battery):
    alpha, _ = tenants
    for change in ({"disposition": "flared", "release_authority": "XX"},
                   {"disposition": "lease_use", "release_authority": "AR"}):
        with pytest.raises(psycopg.errors.CheckViolation) as refused:
            with db.transaction():
                act_as(db, alpha, "engineer")
                insert(db, "dispositions", {"measurement_point_id": battery["point"], "month": "2024-07-01",
                                            "product": "gas", "volume": 5} | change)
        assert refused.value.diag.constraint_name == "dispositions_release_authority_check"
