"""Owner payments (sql/finance/owner_payments.sql): a payment run over the approved worked month with a
minimum payment carried forward, a suspense released by a tax id, Texas late interest, backup withholding,
PDF statements from the reports queue, void and reissue; the annual run; roles and tenant isolation."""

import re
from decimal import Decimal

import psycopg
import pytest

from conftest import WORKER_PASSWORD, act_as
from support import run_task
from support.assets import insert, unique
from support.finance import READ_ONLY_ROLES, as_role, call, division_order, money, refused, set_tax_id
from support.revenue import build_month_books, import_month, make_company
from wellflow_cli import db as ops


@pytest.fixture
def paid_month(db, tenants):
    """The worked month approved, with Ortiz's SSN missing when it was distributed (held as missing_tax_id), the
    partner subject to backup withholding, and a third Texas well whose 0.001 royalty owner earns little."""
    alpha, _ = tenants
    refs = build_month_books(db, alpha)
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs["dee"] = make_company(db, "Dee Small", ["royalty_owner"], "individual")
        refs["small_well"] = insert(db, "wells", {
            "well_number": f"42-329-{unique():05d}", "name": "Small Tract 2H", "lease_id": refs["tx_lease"],
            "operator_company_id": refs["operator"], "status": "producing"})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        set_tax_id(db, refs["dee"], "555-44-3333")
        db.execute("select api.set_company_tax_id(%s)", [refs["orri"]])              # no SSN yet
        db.execute("update api.companies set backup_withholding = true where id = %s", [refs["partner"]])
        db.execute("update api.finance_settings set statement_address = 'PO Box 1, Midland TX 79702',"
                   " statement_phone = '+1 432 555 0100'")
        division_order(db, refs["small_well"], refs["dee"], "0.001", "ri", "oil", "2024-01-01")
        division_order(db, refs["small_well"], refs["operator"], "0.999", "wi", "oil", "2024-01-01")
    import_month(db, alpha, refs)
    import_month(db, alpha, refs, csv=("well_id,sales_month,product,purchaser_company_id,sold_volume,price\n"
                                       f"{refs['small_well']},2025-09,oil,{refs['purchaser']},1000,70.25\n"))
    month = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.distribute_revenue_month('2025-09-01')").fetchone()[0])
    assert (month["distributed"], month["failed"]) == (3, [])
    for (distribution_id,) in db.execute("select id from app.revenue_distributions where organization_id = %s",
                                         [alpha.id]).fetchall():
        as_role(db, alpha, "accountant", call, "approve_revenue_distribution", str(distribution_id))
    with db.transaction():
        act_as(db, alpha, "accountant")
        db.execute("select api.set_company_tax_id(%s, 'ssn', '123-45-6789')", [refs["orri"]])
    return refs


def payments_of(db, tenant, run_id):
    return as_role(db, tenant, "viewer", lambda d: {row[0]: row[1:] for row in d.execute("""
        select owner_company_id::text, payment_method::text, payment_number, lines_amount, interest_amount,
               withholding_amount, net_amount, status::text
          from api.owner_payments where payment_run_id = %s""", [run_id]).fetchall()})


def render_statements(db_url, monkeypatch):
    """Runs every queued statement job the way the worker does, with the worker's own login."""
    from procrastinate_tasks.reports import render_owner_payment_statement
    monkeypatch.setenv("WELLFLOW_WORKER_URL", ops.role_url(db_url, "wellflow_worker", WORKER_PASSWORD))
    with psycopg.connect(db_url) as conn:
        jobs = conn.execute("select args from procrastinate.procrastinate_jobs"
                            " where task_name = 'owner_payments__render_statement' and status = 'todo'").fetchall()
        conn.execute("set search_path = procrastinate")      # Procrastinate's triggers use unqualified names
        conn.execute("delete from procrastinate_jobs where task_name = 'owner_payments__render_statement'")
    return [run_task(render_owner_payment_statement.func(**args)) for (args,) in jobs]


def test_a_payment_run_pays_carries_releases_charges_interest_and_renders_statements(db, db_url, tenants, paid_month,
                                                                                   monkeypatch):
    """Cut-off September 2025, paid 2026-03-01, minimum $100.

    The operator keeps its own share: it is not paid. Texas lines are due (Natural Resources Code §91.402(a)) 120
    days after the end of the month of the well's first sale: 2025-09-30 + 120 = 2026-01-28, so on 2026-03-01 they
    are 32 days late and owe (§91.403) the 4.50 % base rate in effect on the due date + 2 points = 6.5 % a year:
    amount x 0.065 x 32 / 365.
      Cole (TX royalty)   8,189.81 + interest 46.6707 -> 46.67                          = 8,236.48
      State of NM         5,797.97 (New Mexico: no §91.402 due date, no interest)
      partner             5,048.72, backup withholding 24 % = 1,211.6928 -> 1,211.69, paid 3,837.03
      Ortiz (ORRI)        895.01 held as missing_tax_id, released by the SSN added after approval: no interest
      Dee (0.001 royalty) 70.25 - 3.23 tax = 67.02 + 0.38 interest = 67.40 < 100: carried forward
    Paid before withholding 8,236.48 + 5,797.97 + 5,048.72 + 895.01 = 19,978.18; carried 67.02.
    Checks are numbered 1-4 in owner-name order; a void and reissue of Cole's check makes check 5, same amounts.
    """
    alpha, _ = tenants
    refs = paid_month
    run = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    assert (run["status"], run["owners_paid"], run["owners_carried"]) == ("draft", 4, 1)
    assert (money(run["total_paid"]), money(run["total_carried"])) == (money("19978.18"), money("67.02"))
    paid = payments_of(db, alpha, run["id"])
    expected = {"tx_royalty": ("8189.81", "46.67", "0", "8236.48"), "state": ("5797.97", "0", "0", "5797.97"), "partner": ("5048.72", "0", "1211.69", "3837.03"),
                "orri": ("895.01", "0", "0", "895.01")}
    assert {refs[k]: tuple(map(money, v)) for k, v in expected.items()} == {
        k: tuple(map(money, v[2:6])) for k, v in paid.items()}
    assert sorted(int(v[1]) for v in paid.values()) == [1, 2, 3, 4] and {v[0] for v in paid.values()} == {"check"}
    released = as_role(db, alpha, "viewer", lambda d: d.execute("""
        select l.released_suspense_reason::text, l.interest_amount, l.days_late, l.due_date::text
          from api.owner_payment_lines l join api.owner_payments p on p.id = l.owner_payment_id
         where p.owner_company_id = %s""", [refs["orri"]]).fetchall())
    assert released == [("missing_tax_id", Decimal("0.00"), 0, None)]
    late = as_role(db, alpha, "viewer", lambda d: d.execute("""
        select l.due_date::text, l.days_late, l.interest_amount from api.owner_payment_lines l
          join api.owner_payments p on p.id = l.owner_payment_id where p.owner_company_id = %s""",
        [refs["tx_royalty"]]).fetchall())
    assert late == [("2026-01-28", 32, Decimal("46.67"))]
    carried = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_company_id::text, balance from api.owner_payable_balances").fetchall())
    assert carried == [(refs["dee"], Decimal("67.02"))]

    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    assert render_statements(db_url, monkeypatch) == ["rendered"] * 4
    cole = refs["tx_royalty"]
    cole_payment = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select id::text from api.owner_payments where owner_company_id = %s", [cole]).fetchone()[0])
    pdf = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select api.download_owner_statement(%s)", [cole_payment]).fetchone()[0])
    assert bytes(pdf).startswith(b"%PDF")
    # The statement's words as drawn (fpdf2 writes them uncompressed, one string per line of a cell).
    text = " ".join(re.findall(r"\((.*?)\) Tj", bytes(pdf).decode("latin-1")))
    for shown in ("Ben Cole", "CHECK 2 dated 2026-03-01", "Cole Ranch 1H", "MIDLAND, TEXAS", "2025-09 oil", "0.12500000",
                  "8,189.81", "46.67", "paid 8,236.48",
                  "Questions about this payment: PO Box 1, Midland TX 79702 - +1 432 555 0100"):
        assert shown in text, (shown, text)

    voided = as_role(db, alpha, "accountant", call, "void_owner_payment", cole_payment, "Check lost in the mail")
    assert (voided["status"], voided["void_reason"]) == ("voided", "Check lost in the mail")
    reissued = as_role(db, alpha, "accountant", call, "reissue_owner_payment", cole_payment, None, None)
    assert (reissued["payment_number"], reissued["reissue_of_payment_id"], money(reissued["net_amount"])) == (
        "5", cole_payment, money("8236.48"))
    assert render_statements(db_url, monkeypatch) == ["rendered"]
    standing = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select sum(net_amount), count(*) from api.owner_payments where payment_run_id = %s and status = 'issued'",
        [run["id"]]).fetchone())
    assert standing == (Decimal("18766.49"), 4)           # 19,978.18 - 1,211.69, as before the void
    assert refused(db, alpha, "accountant", call, "reissue_owner_payment", cole_payment, None, None)["code"] == \
        "WF_PAYMENT_REISSUED"


def test_the_annual_run_pays_a_balance_carried_below_the_minimum(db, tenants, paid_month):
    """Dee's 67.02 carried in March is paid by the December run (finance settings' annual month 12, floor 10.00):
    due 2026-01-28, paid 2026-12-01, 307 days late: 67.02 x 0.065 x 307 / 365 = 3.664 -> 3.66; paid 70.68."""
    alpha, _ = tenants
    run = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    december = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-10-01", "2026-12-01")
    assert (december["owners_paid"], december["owners_carried"]) == (1, 0)
    payment = list(payments_of(db, alpha, december["id"]).items())
    assert payment[0][0] == paid_month["dee"] and tuple(map(money, payment[0][1][2:6])) == (
        money("67.02"), money("3.66"), money("0"), money("70.68"))


def test_an_approved_run_is_immutable_and_a_draft_is_replaced(db, tenants, paid_month):
    alpha, _ = tenants
    first = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    second = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-02")
    assert db.execute("select count(*) from app.payment_runs where organization_id = %s", [alpha.id]).fetchone()[0] == 1
    assert second["id"] != first["id"] and second["owners_paid"] == 4
    as_role(db, alpha, "accountant", call, "approve_payment_run", second["id"])
    for statement in ("update app.payment_runs set payment_date = '2026-04-01' where id = %s",
                      "delete from app.payment_runs where id = %s",
                      "update app.owner_payments set payment_number = payment_number || 'X' where payment_run_id = %s",
                      "update app.owner_payment_lines set active = false where owner_payment_id in"
                      " (select id from app.owner_payments where payment_run_id = %s)",
                      "delete from app.owner_payments where payment_run_id = %s"):
        with pytest.raises(psycopg.Error, match="WF_PAYMENT_RUN_APPROVED"):
            db.execute(statement, [second["id"]])               # as the superuser, too
    again = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-03")
    assert (again["owners_paid"], again["owners_carried"]) == (0, 1)   # everything is paid but Dee's 67.02


@pytest.mark.parametrize("args,field", [(("2100-01-01", "2100-02-01"), "cutoff_month"),
                                        ((None, "2026-03-01"), "cutoff_month"),
                                        (("2025-09-01", "2025-08-01"), "payment_date"),
                                        (("2025-09-01", "3000-01-01"), "payment_date")])
def test_bad_run_input_is_refused_naming_the_field(db, tenants, args, field):
    alpha, _ = tenants
    error = refused(db, alpha, "accountant", call, "create_payment_run", *args)
    assert (error["code"], error["details"]) == ("WF_PAYMENT_RUN_INPUT", field)


@pytest.mark.parametrize("role", READ_ONLY_ROLES + ("engineer",))
def test_only_finance_roles_run_payments(db, tenants, paid_month, role):
    alpha, _ = tenants
    assert refused(db, alpha, role, call, "create_payment_run", "2025-09-01", "2026-03-01")["code"] == "WF_ROLE_FORBIDDEN"
    run = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    assert refused(db, alpha, role, call, "approve_payment_run", run["id"])["code"] == "WF_ROLE_FORBIDDEN"
    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    payment = db.execute("select id::text from app.owner_payments where payment_run_id = %s limit 1", [run["id"]]).fetchone()[0]
    assert refused(db, alpha, role, call, "void_owner_payment", payment, "x")["code"] == "WF_ROLE_FORBIDDEN"
    assert as_role(db, alpha, role, lambda d: d.execute("select count(*) from api.owner_payments").fetchone()[0]) == 4


def test_no_verb_or_action_reaches_another_organizations_payments(db, tenants, paid_month):
    alpha, bravo = tenants
    run = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    payment = db.execute("select id::text from app.owner_payments where payment_run_id = %s limit 1", [run["id"]]).fetchone()[0]
    seen = as_role(db, bravo, "owner", lambda d: [d.execute(f"select count(*) from api.{view}").fetchone()[0]
                                                 for view in ("payment_runs", "owner_payments", "owner_payment_lines",
                                                              "owner_payable_balances")])
    assert seen == [0, 0, 0, 0]
    assert refused(db, bravo, "owner", call, "approve_payment_run", run["id"])["code"] == "WF_PAYMENT_RUN_NOT_FOUND"
    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    assert refused(db, bravo, "owner", call, "void_owner_payment", payment, "x")["code"] == "WF_PAYMENT_NOT_FOUND"
    assert refused(db, bravo, "owner", call, "reissue_owner_payment", payment, None, None)["code"] == "WF_PAYMENT_NOT_FOUND"
    assert refused(db, bravo, "owner", lambda d: d.execute("select api.download_owner_statement(%s)", [payment]))[
        "code"] == "WF_STATEMENT_NOT_FOUND"
    bravo_run = as_role(db, bravo, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    assert bravo_run["owners_paid"] == 0                  # alpha's lines are not bravo's to pay
    for view in ("payment_runs", "owner_payments", "owner_payment_lines"):
        for statement in (f"update api.{view} set organization_id = organization_id", f"delete from api.{view}"):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)):
                as_role(db, bravo, "owner", lambda d: d.execute(statement))


def test_the_year_end_amounts_follow_the_irs_boxes(db, tenants, paid_month):
    """2026, after the March run: royalties (1099-MISC box 2) are gross of severance taxes, net + tax:
    Cole 8,189.81 + 403.94 = 8,593.75; Ortiz 895.01 + 71.32 = 966.33; State 5,797.97 + 0.00 (exempt). The partner's
    working interest (1099-NEC box 1) 5,048.72 + 445.73 = 5,494.45 with 1,211.69 withheld (box 4). Cole's late
    interest 46.67. Dee, carried forward, was paid nothing in 2026."""
    alpha, _ = tenants
    refs = paid_month
    run = as_role(db, alpha, "accountant", call, "create_payment_run", "2025-09-01", "2026-03-01")
    as_role(db, alpha, "accountant", call, "approve_payment_run", run["id"])
    query = ("select owner_company_id::text, tax_id, royalties, royalties_reportable, working_interest_payments,"
             " late_interest, backup_withholding from api.owner_1099_amounts(2026)")
    rows = {r[0]: r[1:] for r in as_role(db, alpha, "accountant", lambda d: d.execute(query).fetchall())}
    assert rows == {
        refs["tx_royalty"]: ("987-65-4321", Decimal("8593.75"), True, Decimal("0.00"), Decimal("46.67"), Decimal("0.00")),
        refs["orri"]: ("123-45-6789", Decimal("966.33"), True, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        refs["state"]: ("85-6000565", Decimal("5797.97"), True, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
        refs["partner"]: ("75-7654321", Decimal("0.00"), False, Decimal("5494.45"), Decimal("0.00"), Decimal("1211.69")),
    }
    masked = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select tax_id from api.owner_1099_amounts(2026) where owner_company_id = %s", [refs["tx_royalty"]]).fetchone())
    assert masked == ("***-**-4321",)
    assert as_role(db, alpha, "accountant", lambda d: d.execute(
        "select count(*) from api.owner_1099_amounts(2025)").fetchone()[0]) == 0
    assert refused(db, alpha, "viewer", lambda d: d.execute("select * from api.owner_1099_amounts(1066)"))["details"] == "year"
    assert as_role(db, tenants[1], "owner", lambda d: d.execute(
        "select count(*) from api.owner_1099_amounts(2026)").fetchone()[0]) == 0


def test_proceeds_unpaid_past_the_dormancy_period_are_listed(db, tenants, paid_month):
    """A Texas heir's royalty of June 2022 held for title: 100 bbl x $100.00 = 10,000.00, 0.125 = 1,250.00 less
    4.6 % tax 57.50 = 1,192.50, dormant since 2022-06-30 + 3 years = 2025-06-30 (Property Code §75.101). The
    September 2025 lines are not dormant yet; the operator's own share is never listed."""
    alpha, _ = tenants
    refs = paid_month
    with db.transaction():
        act_as(db, alpha, "engineer")
        heir = make_company(db, "Lost Heir", ["royalty_owner"], "estate")
        old_well = insert(db, "wells", {"well_number": f"42-329-{unique():05d}", "name": "Old Tract 1H",
                                        "lease_id": refs["tx_lease"], "operator_company_id": refs["operator"]})["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        division_order(db, old_well, heir, "0.125", "ri", "oil", "2020-01-01", pay_status="suspense",
                       suspense_reason="title")
        division_order(db, old_well, refs["operator"], "0.875", "wi", "oil", "2020-01-01")
    old = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, '2022-06-01', 'oil', 'entered', 100, 100)", [old_well]).fetchone()[0])
    as_role(db, alpha, "accountant", call, "approve_revenue_distribution", old["id"])
    rows = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select owner_company_id::text, state_name, dormancy_years, amount, suspense_amount, oldest_sales_month::text,"
        " dormant_since::text from api.owner_dormant_balances").fetchall())
    assert rows == [(heir, "TEXAS", 3, Decimal("1192.50"), Decimal("1192.50"), "2022-06-01", "2025-06-30")]
    assert as_role(db, tenants[1], "owner", lambda d: d.execute(
        "select count(*) from api.owner_dormant_balances").fetchone()[0]) == 0


def test_over_http_a_run_is_created_approved_and_its_statement_downloaded_as_pdf(stack, http_tenants, monkeypatch):
    """The accountant's path through PostgREST: the month distributed and approved, a run created and
    approved over HTTP, the statement rendered by the reports task and downloaded as a PDF; another
    organization's user gets 404 for it."""
    alpha, bravo = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        refs = build_month_books(conn, alpha)
        import_month(conn, alpha, refs)
        as_role(conn, alpha, "accountant", lambda d: d.execute("select api.distribute_revenue_month('2025-09-01')"))
        for (distribution_id,) in conn.execute("select id from app.revenue_distributions where organization_id = %s",
                                               [alpha.id]).fetchall():
            as_role(conn, alpha, "accountant", call, "approve_revenue_distribution", str(distribution_id))
    with stack.client(stack.login(alpha.emails["accountant"])) as accountant, \
            stack.client(stack.login(bravo.emails["accountant"])) as other:
        run = accountant.post("/rpc/create_payment_run", json={"cutoff_month": "2025-09-01", "payment_date": "2026-03-01"})
        assert run.status_code == 200 and run.json()["owners_paid"] == 4, run.text
        assert accountant.post("/rpc/approve_payment_run", json={"payment_run_id": run.json()["id"]}).status_code == 200
        assert render_statements(stack.db_url, monkeypatch) == ["rendered"] * 4
        payment = accountant.get("/owner_payments", params={"owner_company_id": f"eq.{refs['tx_royalty']}",
                                                            "select": "id,net_amount"}).json()[0]
        pdf = accountant.get("/rpc/download_owner_statement", params={"owner_payment_id": payment["id"]})
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf", pdf.text[:200]
        assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]
        assert payment["net_amount"] == 8236.48
        missing = other.get("/rpc/download_owner_statement", params={"owner_payment_id": payment["id"]})
        assert missing.status_code == 404 and missing.json()["code"] == "WF_STATEMENT_NOT_FOUND"
        bad = accountant.post("/rpc/create_payment_run", json={"cutoff_month": "2025-09-01", "payment_date": "1850-01-01"})
        assert bad.status_code == 400 and bad.json()["details"] == "payment_date"
