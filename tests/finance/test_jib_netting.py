"""Partners' receipts and balances (sql/finance/jib_receipts.sql), and a payment run netting the open joint
interest billing of a working-interest partner against the revenue it pays the same company
(sql/finance/owner_payments.sql), to the cent; the void undoes the netting and the reissue repeats it."""

import psycopg
import pytest

from support.assets import insert, unique
from support.finance import as_role, call, division_order, money, refused, set_tax_id
from support.jib import build_jib_books, import_costs, worked_csv
from support.revenue import make_company
from support.sessions import act_as


@pytest.fixture
def billed(db, tenants):
    """The worked JIB month approved (Mesquite owes 75,242.19, Llano 45,824.93), and September 2025's oil revenue
    of the same well approved."""
    alpha, _ = tenants
    refs = build_jib_books(db, alpha)
    import_costs(db, alpha, csv=worked_csv(refs))
    run = as_role(db, alpha, "accountant", lambda d: d.execute("select (api.create_jib_run('2025-09-01')).id").fetchone()[0])
    as_role(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [run]))
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs["ada"] = make_company(db, "Ada Ranch", ["royalty_owner"], "individual")
        refs["purchaser"] = make_company(db, "Gulf Coast Crude Marketing", ["purchaser"], "business")
    with db.transaction():
        act_as(db, alpha, "accountant")
        for name, tax_id in (("ada", "123-45-6789"), ("mesquite", "75-1111111"), ("llano", "75-2222222"),
                             ("operator", "75-3333333")):
            set_tax_id(db, refs[name], tax_id)
        for name, kind, decimal in (("ada", "ri", "0.125"), ("operator", "wi", "0.4375"), ("mesquite", "wi", "0.2625"),
                                    ("llano", "wi", "0.175")):
            division_order(db, refs["well"], refs[name], decimal, kind, "oil", "2024-01-01")
        db.execute("select api.import_sales_statements(null, %s)", [
            "well_id,sales_month,product,purchaser_company_id,sold_volume,price\n"
            f"{refs['well']},2025-09,oil,{refs['purchaser']},1000,80.00\n"])
    distribution = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil')", [refs["well"]]).fetchone()[0])
    as_role(db, alpha, "accountant", call, "approve_revenue_distribution", distribution["id"])
    refs["invoices"] = dict(db.execute(
        "select partner_company_id::text, id::text from app.jib_invoices where jib_run_id = %s", [run]).fetchall())
    return refs


def balances(db, tenant):
    return as_role(db, tenant, "viewer", lambda d: {row[0]: tuple(row[1:]) for row in d.execute(
        "select partner_company_id::text, billed, paid, netted, open_amount from api.partner_balances").fetchall()})


def receipt(refs, partner, amount, **extra):
    return {"jib_invoice_id": refs["invoices"][refs[partner]], "received_on": "2025-10-20", "amount": amount,
            "reference": f"WIRE-{unique()}"} | extra


def test_a_payment_run_nets_open_billing_against_the_same_partners_revenue(db, tenants, billed):
    """September 2025 oil: 1,000 bbl x $80.00 = 80,000.00, Texas 4.6 % = 3,680.00 on each owner's share.
      Ada Ranch (ri 0.125)    gross 10,000.00  tax   460.00  net  9,540.00
      operator (wi 0.4375)    gross 35,000.00  tax 1,610.00  net 33,390.00  (keeps its own share: not paid)
      Mesquite (wi 0.2625)    gross 21,000.00  tax   966.00  net 20,034.00
      Llano (wi 0.175)        gross 14,000.00  tax   644.00  net 13,356.00
    Mesquite paid 70,000.00 of its 75,242.19 invoice: 5,242.19 is open and netted, 20,034.00 - 5,242.19 = 14,791.81
    paid. Llano owes 45,824.93: all its 13,356.00 is netted, 0.00 paid, 45,824.93 - 13,356.00 = 32,468.93 stays open.
    Paid on 2025-11-01, before the Texas due date (2025-09-30 + 120 days): no interest."""
    alpha, _ = tenants
    refs = billed
    as_role(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "mesquite", "70000.00"))
    run = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select to_json(r) from api.create_payment_run('2025-09-01', '2025-11-01') r").fetchone()[0])
    payments = as_role(db, alpha, "viewer", lambda d: {row[0]: tuple(row[1:]) for row in d.execute(
        "select owner_company_id::text, lines_amount, jib_netted_amount, net_amount from api.owner_payments"
        " where payment_run_id = %s", [run["id"]]).fetchall()})
    assert payments == {refs["ada"]: (money("9540.00"), money("0.00"), money("9540.00")),
                        refs["mesquite"]: (money("20034.00"), money("5242.19"), money("14791.81")),
                        refs["llano"]: (money("13356.00"), money("13356.00"), money("0.00"))}
    assert balances(db, alpha) == {
        refs["mesquite"]: (money("75242.19"), money("70000.00"), money("5242.19"), money("0.00")),
        refs["llano"]: (money("45824.93"), money("0.00"), money("13356.00"), money("32468.93"))}

    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    llano_payment = db.execute("select id::text from app.owner_payments where owner_company_id = %s",
                               [refs["llano"]]).fetchone()[0]
    as_role(db, alpha, "accountant", call, "void_owner_payment", llano_payment, "Wrong remittance address")
    assert balances(db, alpha)[refs["llano"]] == (money("45824.93"), money("0.00"), money("0.00"), money("45824.93"))
    reissued = as_role(db, alpha, "accountant", call, "reissue_owner_payment", llano_payment, None, None)
    assert (money(reissued["jib_netted_amount"]), money(reissued["net_amount"])) == (money("13356.00"), money("0.00"))
    assert balances(db, alpha)[refs["llano"]] == (money("45824.93"), money("0.00"), money("13356.00"), money("32468.93"))
    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("reset role")     # the statement's rows are the worker's; the organization stays the tenant's
        rows = db.execute("select jib_netted_amount, net_amount from app.owner_payment_statement_rows(%s)",
                          [reissued["id"]]).fetchall()
    assert set(rows) == {(money("13356.00"), money("0.00"))}


def test_receipts_apply_to_approved_invoices_never_beyond_their_total(db, tenants, billed):
    alpha, _ = tenants
    refs = billed
    error = refused(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "mesquite", "75242.20"))
    assert (error["code"], error["details"]) == ("WF_JIB_RECEIPT_OVER_INVOICE", "amount")
    assert "75,242.19" in error["message"]
    as_role(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "mesquite", "75000.00"))
    error = refused(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "mesquite", "242.20"))
    assert error["code"] == "WF_JIB_RECEIPT_OVER_INVOICE"
    error = refused(db, alpha, "accountant", insert, "jib_receipts",
                    receipt(refs, "llano", "1.00", kind="netted"))
    assert (error["code"], error["details"]) == ("WF_JIB_RECEIPT_NETTED", "kind")
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "update api.jib_receipts set kind = 'netted' where amount = 75000"))
    assert (error["code"], error["details"]) == ("WF_JIB_RECEIPT_NETTED", "kind")
    with pytest.raises(psycopg.errors.CheckViolation, match="jib_receipts_amount_check"):
        as_role(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "llano", "0"))
    # A draft run's invoice takes no receipt.
    import_costs(db, alpha, csv=worked_csv(refs, [("water", "BWH-2001", "8530", "2025-10-02", "100.00")],
                                           accounting_date="2025-10-31"))
    draft = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select (api.create_jib_run('2025-10-01')).id").fetchone()[0])
    invoice = db.execute("select id::text from app.jib_invoices where jib_run_id = %s limit 1", [draft]).fetchone()[0]
    error = refused(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "llano", "1.00") | {
        "jib_invoice_id": invoice})
    assert error["code"] == "WF_JIB_INVOICE_NOT_APPROVED"


@pytest.mark.parametrize("role", ["engineer", "manager", "viewer"])
def test_only_finance_roles_record_receipts(db, tenants, billed, role):
    alpha, _ = tenants
    error = refused(db, alpha, role, insert, "jib_receipts", receipt(billed, "llano", "10.00"))
    assert error["code"] == "WF_ROLE_FORBIDDEN"


def test_no_verb_reaches_another_organizations_receipts_or_balances(db, tenants, billed):
    alpha, bravo = tenants
    refs = billed
    as_role(db, alpha, "accountant", insert, "jib_receipts", receipt(refs, "llano", "10.00"))
    target = db.execute("select id from app.jib_receipts where organization_id = %s and amount = 10", [alpha.id]).fetchone()[0]
    counts = as_role(db, bravo, "owner", lambda d: (
        d.execute("select count(*) from api.jib_receipts").fetchone()[0],
        d.execute("select count(*) from api.partner_balances").fetchone()[0],
        d.execute("update api.jib_receipts set amount = 1 where id = %s", [target]).rowcount,
        d.execute("delete from api.jib_receipts where id = %s", [target]).rowcount))
    assert counts == (0, 0, 0, 0)
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="jib_receipts_jib_invoice_id_fkey"):
        as_role(db, bravo, "accountant", insert, "jib_receipts", receipt(refs, "llano", "1.00"))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, bravo, "accountant", insert, "jib_receipts",
                receipt(refs, "llano", "1.00") | {"organization_id": str(alpha.id)})
    assert db.execute("select amount from app.jib_receipts where id = %s", [target]).fetchone()[0] == money("10.00")
