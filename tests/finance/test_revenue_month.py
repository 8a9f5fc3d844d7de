"""A month distributed from its sales statements (sql/finance/revenue_distributions.sql and
sql/finance/sales_statements.sql): taxes on each owner's taxable value with exempt royalty, deductions
borne by the owners the lease makes bear them, the whole month in one run, checked by hand to the cent."""

from decimal import Decimal

import psycopg
import pytest

from conftest import act_as
from support.assets import insert, unique
from support.finance import as_role, call, division_order, money, set_tax_id, wf_error
from support.revenue import build_month_books, import_month, make_company


@pytest.fixture
def month_books(db, tenants):
    return build_month_books(db, tenants[0])


def lines_of(db, tenant, well_id):
    return as_role(db, tenant, "viewer", lambda d: d.execute("""
        select l.owner_company_id::text, l.gross_value, l.severance_tax, l.other_deductions, l.net_value,
               l.tax_exempt, l.bears_deductions, l.pay_status::text
          from api.revenue_distribution_lines l join api.revenue_distributions d on d.id = l.distribution_id
         where d.well_id = %s and d.sales_month = '2025-09-01'""", [well_id]).fetchall())


def test_a_worked_month_matches_the_hand_calculation_to_the_cent(db, tenants, month_books):
    """September 2025, distributed in one run from two sales statements.

    New Mexico gas well on a State lease whose royalty is cost-free; 10,000 mcf of 10,850 MMBtu sold at
    $2.85/MMBtu: gross 10,850 x 2.85 = 30,922.50. Deductions: compression 1,250.00 + transportation 930.40
    = 2,180.40, both deductible from New Mexico's taxable value: 30,922.50 - 2,180.40 = 28,742.10.
    Taxes: severance 3.75 % + school 4 % + conservation 0.19 % = 7.94 %; the State's royalty is exempt.
      owner            decimal     gross                    taxable x 7.94 %                deductions
      State (ri)       0.1875      5,797.96875 -> 5,797.97  exempt: 0                       cost-free: 0
      Ortiz (orri,SSN) 0.03125       966.328125 ->  966.33  898.190625 -> 71.316336 -> 71.32  cost-free: 0
      operator (wi)    0.5859375  18,118.652344 -> 18,118.65 16,841.074219 -> 1,337.181293 -> 1,337.18
      partner (wi)     0.1953125   6,039.550781 ->  6,039.55  5,613.691406 ->   445.727098 ->   445.73
    The working interests bear all deductions by their decimals: 2,180.40 x 0.5859375 / 0.78125 = 1,635.30 and
    2,180.40 x 0.1953125 / 0.78125 = 545.10. Gross sums to 30,922.50 and deductions to 2,180.40 exactly; the exact
    taxes sum to 1,854.224726 -> 1,854.22 but the rounded ones to 1,854.23, so the operator's tax is 1,337.17.
    Nets: State 5,797.97; Ortiz 966.33 - 71.32 = 895.01; operator 18,118.65 - 1,337.17 - 1,635.30 = 15,146.18;
    partner 6,039.55 - 445.73 - 545.10 = 5,048.72; sum 26,887.88 = 30,922.50 - 1,854.22 - 2,180.40.

    Texas oil well, royalty not cost-free: 1,000 bbl at $70.25 = 70,250.00, transportation 1,500.00 (not deductible
    from an oil's market value), 4.6 %.
      Cole (ri, SSN)   0.125   gross 8,781.25   tax 403.9375 -> 403.94     deductions 187.50    net 8,189.81
      operator (wi)    0.875   gross 61,468.75  tax 2,827.5625 -> 2,827.56 deductions 1,312.50  net 57,328.69
    Taxes sum to 3,231.50 both ways; net 70,250.00 - 3,231.50 - 1,500.00 = 65,518.50.
    """
    alpha, _ = tenants
    refs = month_books
    report = import_month(db, alpha, refs)
    assert (report["inserted"], report["rejected"]) == (2, [])
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.distribute_revenue_month('2025-09-01')").fetchone()[0])
    assert (result["distributed"], result["failed"]) == (2, [])

    nm = {owner: values for owner, *values in lines_of(db, alpha, refs["nm_well"])}
    expected_nm = {
        "state": ("5797.97", "0", "0", "5797.97", True, False),
        "orri": ("966.33", "71.32", "0", "895.01", False, False),
        "operator": ("18118.65", "1337.17", "1635.30", "15146.18", False, True),
        "partner": ("6039.55", "445.73", "545.10", "5048.72", False, True),
    }
    for owner, (gross, tax, ded, net, exempt, bears) in expected_nm.items():
        gross_value, tax_value, deductions, net_value, tax_exempt, bears_deductions, pay = nm[refs[owner]]
        assert (money(gross_value), money(tax_value), money(deductions), money(net_value), tax_exempt, bears_deductions,
                pay) == (money(gross), money(tax), money(ded), money(net), exempt, bears, "pay"), owner
    tx = {owner: values for owner, *values in lines_of(db, alpha, refs["tx_well"])}
    assert tuple(money(v) for v in tx[refs["tx_royalty"]][:4]) == tuple(map(money, ("8781.25", "403.94", "187.50", "8189.81")))
    assert tuple(money(v) for v in tx[refs["operator"]][:4]) == tuple(map(money, ("61468.75", "2827.56", "1312.50", "57328.69")))

    wells = as_role(db, alpha, "viewer", lambda d: d.execute("""
        select d.well_id::text, d.volume_source::text, d.volume, d.heat_content_mmbtu, d.price, d.gross_value,
               d.severance_tax, d.other_deductions, d.net_value,
               (select array[sum(l.gross_value), sum(l.severance_tax), sum(l.other_deductions), sum(l.net_value)]
                  from api.revenue_distribution_lines l where l.distribution_id = d.id)
          from api.revenue_distributions d where d.sales_month = '2025-09-01'""").fetchall())
    by_well = {row[0]: row[1:] for row in wells}
    assert by_well[refs["nm_well"]][:8] == ("sales_statements", Decimal("10000.000"), Decimal("10850.000"),
                                            Decimal("2.8500"), Decimal("30922.50"), Decimal("1854.22"),
                                            Decimal("2180.40"), Decimal("26887.88"))
    assert by_well[refs["tx_well"]][4:8] == (Decimal("70250.00"), Decimal("3231.50"), Decimal("1500.00"),
                                             Decimal("65518.50"))
    for well, row in by_well.items():
        assert list(row[8]) == list(row[4:8]), well            # every column of the lines sums exactly


def test_the_month_run_lists_what_it_cannot_distribute_and_writes_the_rest(db, tenants, month_books):
    """A third well whose deck sums to 0.9 is listed with its reason; re-running replaces the drafts
    under the same ids; an approved well whose inputs did not change is counted unchanged and left alone."""
    alpha, _ = tenants
    refs = month_books
    with db.transaction():
        act_as(db, alpha, "engineer")
        broken = insert(db, "wells", {"well_number": f"42-329-{unique():05d}", "name": "Broken Deck 3H",
                                      "lease_id": refs["tx_lease"], "operator_company_id": refs["operator"]})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        division_order(db, broken, refs["operator"], "0.9", "wi", "oil", "2024-01-01")
    import_month(db, alpha, refs, csv=(
        "well_id,sales_month,product,purchaser_company_id,sold_volume,price\n"
        f"{refs['tx_well']},2025-09,oil,{refs['purchaser']},1000,70.25\n"
        f"{broken},2025-09,condensate,{refs['purchaser']},12.5,68\n"))
    run = lambda: as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.distribute_revenue_month('2025-09-01')").fetchone()[0])
    first = run()
    assert first["distributed"] == 1
    assert [(f["well_name"], f["product"], f["code"], f["field"]) for f in first["failed"]] == [
        ("Broken Deck 3H", "condensate", "WF_DECK_NOT_ONE", "decimal_interest")]
    assert "sums to 0.90000000, 0.10000000 short of 1.00000000" in first["failed"][0]["message"]
    ids = lambda: as_role(db, alpha, "viewer", lambda d: d.execute(
        "select id::text from api.revenue_distributions where sales_month = '2025-09-01'").fetchall())
    before = ids()
    assert run()["distributed"] == 1 and ids() == before
    as_role(db, alpha, "accountant", call, "approve_revenue_distribution", before[0][0])
    third = run()
    assert (third["distributed"], third["adjusted"], third["unchanged"]) == (0, 0, 1)
    assert [f["code"] for f in third["failed"]] == ["WF_DECK_NOT_ONE"] and ids() == before


def test_a_federal_royalty_in_north_dakota_pays_no_gross_production_tax(db, tenants, month_books):
    """North Dakota oil, 5 % gross production tax (federal royalty exempt) + 5 % extraction tax (no
    owner exemption), transportation deductible from the gross value at the well: 100 bbl at $60.00 = 6,000.00,
    transportation 300.00, taxable 5,700.00.
      United States (ri) 0.125  gross 750.00   tax 5 % x 712.50 = 35.625 -> 35.63 (extraction only)
      operator (wi)      0.875  gross 5,250.00 tax 10 % x 4,987.50 = 498.75
    Exact taxes 534.375 -> 534.38, rounded 534.38: no residue.
    """
    alpha, _ = tenants
    refs = month_books
    with db.transaction():
        act_as(db, alpha, "engineer")
        usa = make_company(db, "United States of America", ["royalty_owner"], "federal")
        well = insert(db, "wells", {"well_number": f"33-053-{unique():05d}", "name": "Bakken Federal 4H",
                                    "operator_company_id": refs["operator"]})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        set_tax_id(db, usa, "53-0196965")
        division_order(db, well, usa, "0.125", "ri", "oil", "2024-01-01")
        division_order(db, well, refs["operator"], "0.875", "wi", "oil", "2024-01-01")
    import_month(db, alpha, refs, csv=(
        "well_id,sales_month,product,purchaser_company_id,sold_volume,price,transportation_deduction\n"
        f"{well},2025-09,oil,{refs['purchaser']},100,60,300\n"))
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil')", [well]).fetchone()[0])
    assert money(result["severance_tax"]) == money("534.38")
    taxes = {line["owner_company_id"]: money(line["severance_tax"]) for line in result["lines"]}
    assert taxes == {usa: money("35.63"), refs["operator"]: money("498.75")}


def test_north_dakota_gas_pays_the_fiscal_years_rate_per_mcf_and_a_month_without_a_rate_is_refused(
        db, tenants, month_books):
    """North Dakota gas in September 2026 falls in fiscal year 2027 (July 1, 2026 - June 30, 2027), whose gas gross
    production tax is $0.0655 per mcf on the taxable volume; the federal royalty is exempt.
    2,000 mcf at $2.50 = 5,000.00.
      United States (ri) 0.125  tax 0
      operator (wi)      0.875  tax 0.0655 x 2,000 x 0.875 = 114.625 -> 114.63
    Exact tax 114.625 -> 114.63, the operator's line 114.63: no residue.
    Oklahoma has no gas rate at all: its month is refused with 422 WF_SEVERANCE_RATE_MISSING naming it.
    """
    alpha, _ = tenants
    refs = month_books
    with db.transaction():
        act_as(db, alpha, "engineer")
        usa = make_company(db, "United States of America", ["royalty_owner"], "federal")
        nd_well = insert(db, "wells", {"well_number": f"33-053-{unique():05d}", "name": "Bakken Federal 6H",
                                       "operator_company_id": refs["operator"]})["id"]
        ok_well = insert(db, "wells", {"well_number": f"35-051-{unique():05d}", "name": "Grady 1-12H",
                                       "operator_company_id": refs["operator"]})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        set_tax_id(db, usa, "53-0196965")
        for well in (nd_well, ok_well):
            division_order(db, well, usa, "0.125", "ri", "gas", "2024-01-01")
            division_order(db, well, refs["operator"], "0.875", "wi", "gas", "2024-01-01")
    import_month(db, alpha, refs, csv=(
        "well_id,sales_month,product,purchaser_company_id,sold_volume,price\n"
        f"{nd_well},2026-09,gas,{refs['purchaser']},2000,2.50\n"
        f"{ok_well},2026-09,gas,{refs['purchaser']},2000,2.50\n"))
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2026-09-01', 'gas')", [nd_well]).fetchone()[0])
    assert (money(result["gross_value"]), money(result["severance_tax"])) == (money("5000.00"), money("114.63"))
    taxes = {line["owner_company_id"]: money(line["severance_tax"]) for line in result["lines"]}
    assert taxes == {usa: money("0.00"), refs["operator"]: money("114.63")}
    with pytest.raises(psycopg.Error) as refused:
        as_role(db, alpha, "accountant", lambda d: d.execute(
            "select api.calculate_revenue_distribution(%s, '2026-09-01', 'gas')", [ok_well]))
    error = wf_error(refused.value)
    assert (error["code"], error["details"]) == ("WF_SEVERANCE_RATE_MISSING", "product")
    assert "state 35 in 2026-09" in error["message"]


def adjustment_lines(db, tenant, well_id, revision):
    return as_role(db, tenant, "viewer", lambda d: {row[0]: tuple(row[1:]) for row in d.execute("""
        select l.owner_company_id::text, l.gross_value, l.severance_tax, l.other_deductions, l.net_value
          from api.revenue_distribution_lines l join api.revenue_distributions d on d.id = l.distribution_id
         where d.well_id = %s and d.sales_month = '2025-09-01' and d.revision = %s""", [well_id, revision])})


def test_a_corrected_approved_month_is_adjusted_by_exactly_the_differences(db, tenants, month_books):
    """The worked month approved, then corrected twice.

    1. The purchaser restates the New Mexico gas price to $2.90/MMBtu: gross 10,850 x 2.90 = 31,465.00, taxable
       31,465.00 - 2,180.40 = 29,284.60, deductions unchanged.
         State    0.1875     5,899.6875 -> 5,899.69 (was 5,797.97): +101.72, tax exempt        net +101.72
         Ortiz    0.03125      983.28125 ->  983.28 (966.33): +16.95; tax 915.14375 x 7.94 % = 72.66 (71.32): +1.34; net +15.61
         operator 0.5859375 18,436.523 -> 18,436.52 (18,118.65): +317.87; tax 1,362.42 (1,337.17): +25.25; net +292.62
         partner  0.1953125  6,145.508 ->  6,145.51 (6,039.55): +105.96; tax 454.14 (445.73): +8.41;  net +97.55
       Exact taxes 1,889.22276 -> 1,889.22 = the rounded sum: no residue. Adjustment: gross +542.50, tax +35.00,
       deductions 0, net +507.50. The Texas well did not change: no adjustment for it.
    2. The Texas royalty's title is cured at 0.15 (operator 0.85): royalty gross 10,537.50 (+1,756.25), tax
       484.725 -> 484.73 (+80.79), deductions 225.00 (+37.50), net +1,637.96; operator gross 59,712.50 (-1,756.25),
       tax 2,746.775 -> 2,746.78 less the -0.01 residue (exact 3,231.50 vs rounded 3,231.51) = 2,746.77 (-80.79),
       deductions 1,275.00 (-37.50), net -1,637.96. The adjustment's totals are 0.00: the well's revenue moved
       between owners.
    """
    alpha, _ = tenants
    refs = month_books
    import_month(db, alpha, refs)
    month = lambda: as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.distribute_revenue_month('2025-09-01')").fetchone()[0])
    month()
    originals = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select id::text from api.revenue_distributions where sales_month = '2025-09-01'").fetchall())
    for (distribution_id,) in originals:
        as_role(db, alpha, "accountant", call, "approve_revenue_distribution", distribution_id)
    before = db.execute("select jsonb_agg(to_jsonb(l) order by l.id) from app.revenue_distribution_lines l"
                        " where distribution_id = any (%s::uuid[])", [[o[0] for o in originals]]).fetchone()[0]

    import_month(db, alpha, refs, csv=(
        "well_id,sales_month,product,purchaser_company_id,sold_volume,heat_content_mmbtu,price_basis,price,"
        "compression_deduction,transportation_deduction\n"
        f"{refs['nm_well']},2025-09,gas,{refs['purchaser']},10000,10850,mmbtu,2.90,1250.00,930.40\n"))
    first = month()
    assert (first["distributed"], first["adjusted"], first["unchanged"], first["failed"]) == (0, 1, 1, [])
    lines = adjustment_lines(db, alpha, refs["nm_well"], 1)
    expected = {"state": ("101.72", "0", "0", "101.72"), "orri": ("16.95", "1.34", "0", "15.61"),
                "operator": ("317.87", "25.25", "0", "292.62"), "partner": ("105.96", "8.41", "0", "97.55")}
    assert {refs[k]: tuple(map(money, v)) for k, v in expected.items()} == {
        k: tuple(map(money, v)) for k, v in lines.items()}
    totals = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select is_adjustment, status::text, gross_value, severance_tax, other_deductions, net_value, price"
        " from api.revenue_distributions where well_id = %s and revision = 1", [refs["nm_well"]]).fetchone())
    assert totals == (True, "draft", Decimal("542.50"), Decimal("35.00"), Decimal("0.00"), Decimal("507.50"),
                      Decimal("2.9000"))
    assert db.execute("select jsonb_agg(to_jsonb(l) order by l.id) from app.revenue_distribution_lines l"
                      " where distribution_id = any (%s::uuid[])", [[o[0] for o in originals]]).fetchone()[0] == before
    assert month()["adjusted"] == 1 and len(adjustment_lines(db, alpha, refs["nm_well"], 1)) == 4   # a draft is replaced

    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("update api.division_orders set decimal_interest = 0.15 where well_id = %s and interest_type = 'ri'",
                   [refs["tx_well"]])
        db.execute("update api.division_orders set decimal_interest = 0.85 where well_id = %s and interest_type = 'wi'",
                   [refs["tx_well"]])
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil')", [refs["tx_well"]]).fetchone()[0])
    assert (result["revision"], result["is_adjustment"]) == (1, True)
    assert tuple(money(result[c]) for c in ("gross_value", "severance_tax", "other_deductions", "net_value")) == \
        (money(0),) * 4
    lines = adjustment_lines(db, alpha, refs["tx_well"], 1)
    assert lines == {refs["tx_royalty"]: tuple(map(money, ("1756.25", "80.79", "37.50", "1637.96"))),
                     refs["operator"]: tuple(map(money, ("-1756.25", "-80.79", "-37.50", "-1637.96")))}
    statement = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select count(*) filter (where is_adjustment), sum(owner_net_value) from api.owner_statements"
        " where owner_company_id = %s and status = 'draft'", [refs["tx_royalty"]]).fetchone())
    assert statement == (1, Decimal("1637.96"))


def test_a_month_run_distributes_only_the_callers_organization(db, tenants, month_books):
    """Bravo's run of the same month finds none of alpha's statements, and alpha's wells stay undistributed."""
    alpha, bravo = tenants
    import_month(db, alpha, month_books)
    result = as_role(db, bravo, "accountant", lambda d: d.execute(
        "select api.distribute_revenue_month('2025-09-01')").fetchone()[0])
    assert (result["distributed"], result["failed"]) == (0, [])
    assert db.execute("select count(*) from app.revenue_distributions where organization_id = %s",
                      [alpha.id]).fetchone()[0] == 0
    with pytest.raises(Exception, match="WF_WELL_NOT_FOUND"):
        as_role(db, bravo, "accountant", lambda d: d.execute(
            "select api.calculate_revenue_distribution(%s, '2025-09-01', 'gas')", [month_books["nm_well"]]))
