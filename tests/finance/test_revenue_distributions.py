"""Revenue distributions (sql/finance/revenue_distributions.sql): the engine checked by hand to the
cent, the deck it needs, drafts and immutable approved months, suspense, owner statements, and the
inputs it refuses."""

from decimal import Decimal

import psycopg
import pytest

from conftest import act_as
from support.finance import (READ_ONLY_ROLES, as_role, call, deck, distribute, money, refused, wf_error,
                             worked_deck)


def test_the_worked_example_matches_the_hand_calculation_to_the_cent(db, tenants, owners):
    """A Texas oil well, September 2025: 1,234.567 bbl at $71.37 entered by hand, $1,250.00 of other
    deductions, 4.6 % tax on the market value (Texas allows no deduction from an oil's value).

    Well: gross 1,234.567 x 71.37 = 88,111.04679 -> 88,111.05; net 88,111.05 - tax - 1,250.00.
    Owner gross = the well's gross x decimal, tax = 4.6 % x owner gross (exact), deductions = 1,250.00 x decimal:
      operator 0.546875   48,185.73047 -> 48,185.73   tax 2,216.54360 -> 2,216.54   ded 683.59375 -> 683.59
      partner  0.2734375  24,092.86523 -> 24,092.87   tax 1,108.27180 -> 1,108.27   ded 341.79688 -> 341.80
      royalty  0.125      11,013.88125 -> 11,013.88   tax   506.63854 ->   506.64   ded 156.25
      ORRI     0.03125     2,753.47031 ->  2,753.47   tax   126.65963 ->   126.66   ded  39.06250 ->  39.06
      NPRI     0.0234375   2,065.10273 ->  2,065.10   tax    94.99473 ->    94.99   ded  29.29688 ->  29.30
    Rounded gross sums to 88,111.05 and deductions to 1,250.00 exactly; the exact taxes sum to 4,053.10830 -> 4,053.11
    while the rounded ones sum to 4,053.10, so the operator takes +0.01 of tax: 2,216.55, net 48,185.73 - 2,216.55
    - 683.59 = 45,285.59. Well net 88,111.05 - 4,053.11 - 1,250.00 = 82,807.94. Royalty (title) and ORRI (no tax id)
    go to suspense: 10,350.99 + 2,587.75 = 12,938.74.
    """
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    result = distribute(db, alpha, owners)
    assert (money(result["gross_value"]), money(result["severance_tax"]), money(result["other_deductions"]),
            money(result["net_value"])) == (money("88111.05"), money("4053.11"), money("1250.00"), money("82807.94"))
    assert Decimal(str(result["severance_tax_rate"])) == Decimal("0.046") and result["status"] == "draft"
    by_owner = {line["owner_company_id"]: line for line in result["lines"]}
    expected = {
        "operator": ("48185.73", "2216.55", "683.59", "45285.59", "0", "0.01", "pay", None),
        "partner_a": ("24092.87", "1108.27", "341.80", "22642.80", "0", "0", "pay", None),
        "royalty": ("11013.88", "506.64", "156.25", "10350.99", "0", "0", "suspense", "title"),
        "orri": ("2753.47", "126.66", "39.06", "2587.75", "0", "0", "suspense", "missing_tax_id"),
        "npri": ("2065.10", "94.99", "29.30", "1940.81", "0", "0", "pay", None),
    }
    for name, (gross, tax, ded, net, gross_residue, tax_residue, pay, reason) in expected.items():
        line = by_owner[owners[name]]
        assert (money(line["gross_value"]), money(line["severance_tax"]), money(line["other_deductions"]),
                money(line["net_value"]), money(line["gross_residue"]), money(line["tax_residue"]),
                line["pay_status"], line["suspense_reason"]) == (
            money(gross), money(tax), money(ded), money(net), money(gross_residue), money(tax_residue), pay, reason), name
    for column in ("gross_value", "severance_tax", "other_deductions", "net_value"):
        assert sum(money(line[column]) for line in result["lines"]) == money(result[column]), column
    assert sum(money(line["payable_amount"]) + money(line["suspense_amount"]) for line in result["lines"]) == money("82807.94")
    assert sum(money(line["suspense_amount"]) for line in result["lines"]) == money("12938.74")


def test_a_deck_that_does_not_sum_to_one_is_refused_stating_the_gap(db, tenants, owners):
    alpha, _ = tenants
    deck(db, alpha, [(owners["well"], owners["operator"], "0.875"),
                     (owners["well"], owners["royalty"], "0.12499999", {"interest_type": "ri"})])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners)
    error = wf_error(caught.value)
    assert (error["code"], error["details"]) == ("WF_DECK_NOT_ONE", "decimal_interest")
    assert "sums to 0.99999999, 0.00000001 short of 1.00000000" in error["message"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("update api.division_orders set decimal_interest = 0.125 where owner_company_id = %s",
                   [owners["royalty"]])
    assert distribute(db, alpha, owners)["status"] == "draft"


def test_the_residue_goes_to_the_operator_who_must_be_in_the_deck(db, tenants, owners):
    alpha, _ = tenants
    deck(db, alpha, [(owners["well"], owners["partner_a"], "0.875"),
                     (owners["well"], owners["royalty"], "0.125", {"interest_type": "ri"})])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners)
    assert wf_error(caught.value)["code"] == "WF_DECK_NO_OPERATOR"


def test_a_draft_is_replaced_and_an_approved_month_is_immutable(db, tenants, owners):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    first = distribute(db, alpha, owners)
    second = distribute(db, alpha, owners, price="70.00")
    assert second["id"] == first["id"] and money(second["gross_value"]) == money("86419.69")
    assert db.execute("select count(*) from app.revenue_distribution_lines where distribution_id = %s",
                      [first["id"]]).fetchone()[0] == 5
    approved = as_role(db, alpha, "accountant", call, "approve_revenue_distribution", first["id"])
    assert approved["status"] == "approved" and approved["approved_by"] == str(alpha.users["accountant"])
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, price="70.00")                 # the same inputs: nothing to adjust
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_APPROVED", "sales_month")
    assert "nothing to adjust" in wf_error(caught.value)["message"]
    for statement in ("update app.revenue_distributions set price = 1 where id = %s",
                      "delete from app.revenue_distributions where id = %s",
                      "update app.revenue_distribution_lines set owner_company_id = owner_company_id where distribution_id = %s",
                      "delete from app.revenue_distribution_lines where distribution_id = %s"):
        with pytest.raises(psycopg.Error, match="WF_DISTRIBUTION_APPROVED"):
            db.execute(statement, [first["id"]])                    # as the superuser, too


def test_suspense_accumulates_across_months_and_nothing_is_paid_out(db, tenants, owners):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    for month in ("2025-08-01", "2025-09-01"):
        result = distribute(db, alpha, owners, month=month)
        as_role(db, alpha, "accountant", call, "approve_revenue_distribution", result["id"])
    balances = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_company_id::text, suspense_balance, lines, reasons::text[] from api.owner_suspense_balances"
        " order by suspense_balance desc").fetchall())
    assert balances == [(owners["royalty"], Decimal("20701.98"), 2, ["title"]),
                        (owners["orri"], Decimal("5175.50"), 2, ["missing_tax_id"])]
    statements = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_name, county_name, state_name, well_number_formatted, lease_number, sales_month, volume, price,"
        " well_net_value, decimal_interest, owner_gross_value, owner_net_value, operator_phone"
        " from api.owner_statements where owner_company_id = %s order by sales_month", [owners["npri"]]).fetchall())
    assert len(statements) == 2 and statements[1][1:3] == ("MIDLAND", "TEXAS")
    assert statements[1][8:12] == (Decimal("82807.94"), Decimal("0.02343750"), Decimal("2065.10"), Decimal("1940.81"))


@pytest.mark.parametrize("args,field", [
    ({"price": "-1"}, "price"), ({"price": "71.12345"}, "price"), ({"volume": "1.2345"}, "volume"),
    ({"deductions": "0.001"}, "other_deductions"), ({"month": "2999-01-01"}, "sales_month"),
])
def test_distribution_inputs_are_refused_naming_the_field(db, tenants, owners, args, field):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, **args)
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_INPUT", field)


def test_produced_volume_is_an_explicit_choice_never_the_default(db, tenants, owners):
    """Without sales statements the distribution refuses to guess; volume_source production takes the
    month's produced 30 x 40.5 = 1,215.000 bbl at the given price and says so."""
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("select api.import_production(%s::jsonb)", [
            '[' + ",".join(f'{{"well_id": "{owners["well"]}", "production_date": "2025-09-{day:02d}", "oil_bbl": 40.5}}'
                           for day in range(1, 31)) + ']'])
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "accountant", lambda d: d.execute(
            "select api.calculate_revenue_distribution(%s, '2025-09-15', 'oil')", [owners["well"]]))
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_NO_SALES", "sales_month")
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "accountant", lambda d: d.execute(
            "select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil', price => 70)", [owners["well"]]))
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_INPUT", "price")
    result = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2025-09-15', 'oil', 'production', 70)",
        [owners["well"]]).fetchone()[0])
    assert Decimal(str(result["volume"])) == Decimal("1215.000") and result["sales_month"] == "2025-09-01"
    assert result["volume_source"] == "production" and money(result["gross_value"]) == money("85050.00")
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "accountant", lambda d: d.execute(
            "select api.calculate_revenue_distribution(%s, '2025-07-01', 'oil', 'production', 70)", [owners["well"]]))
    assert wf_error(caught.value)["code"] == "WF_DISTRIBUTION_NO_VOLUME"


@pytest.mark.parametrize("role", READ_ONLY_ROLES + ("engineer",))
def test_distributions_are_calculated_and_approved_by_finance_roles(db, tenants, owners, role):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, role=role)
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    draft = distribute(db, alpha, owners)
    error = refused(db, alpha, role, call, "approve_revenue_distribution", draft["id"])
    assert error["code"] == "WF_ROLE_FORBIDDEN"


@pytest.mark.parametrize("args,field", [({"price": "10000000000"}, "price"), ({"volume": "100000000000"}, "volume"),
                                        ({"price": "9999999", "volume": "200000"}, "price")])
def test_amounts_too_large_for_a_distribution_name_their_field(db, tenants, owners, args, field):
    alpha, _ = tenants
    worked_deck(db, alpha, owners)
    with pytest.raises(psycopg.Error) as caught:
        distribute(db, alpha, owners, **args)
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_DISTRIBUTION_INPUT", field)
