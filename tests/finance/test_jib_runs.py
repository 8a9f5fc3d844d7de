"""Joint interest billing (sql/finance/jib_runs.sql, cost_decks.sql, cost_transactions.sql, overhead_rates.sql): a
worked month billed to three working-interest owners to the cent, the run's immutability, and what a run holds
back."""

from decimal import Decimal

import psycopg
import pytest

from support.assets import insert
from support.finance import as_role, money, refused, wf_error
from support.jib import build_jib_books, import_costs, worked_csv
from support.sessions import act_as


@pytest.fixture
def books(db, tenants):
    return build_jib_books(db, tenants[0])


def create_run(db, tenant, month="2025-09-01", role="accountant"):
    return as_role(db, tenant, role, lambda d: d.execute(
        "select to_json(r) from api.create_jib_run(%s) r", [month]).fetchone()[0])


def approve_run(db, tenant, run_id, role="accountant"):
    return as_role(db, tenant, role, lambda d: d.execute(
        "select to_json(r) from api.approve_jib_run(%s) r", [run_id]).fetchone()[0])


def lines_of(db, tenant, run_id):
    return as_role(db, tenant, "viewer", lambda d: d.execute("""
        select l.line_kind::text, t.invoice_number, l.service_date::text, l.gross_amount, l.owner_company_id::text,
               l.decimal_interest, l.amount, l.residue_amount, l.jib_invoice_id
          from api.jib_lines l left join api.cost_transactions t on t.id = l.cost_transaction_id
         where l.jib_run_id = %s order by l.service_date, t.invoice_number, l.owner_company_id""", [run_id]).fetchall())


def test_a_worked_month_is_billed_to_the_cent(db, tenants, books):
    """September 2025 on Caprock 3H: twelve invoices at 8/8ths and the producing-well overhead, split by the cost
    deck in effect on each service date (to 2025-09-14: operator 0.50, Mesquite 0.30, Llano 0.20; from
    2025-09-15: 0.45 / 0.35 / 0.20), each share rounded to the cent, the residue to the operator.

      invoice     account  service      gross       operator    Mesquite    Llano      residue
      PR-9001     8110     09-02     45,000.00   22,500.00   13,500.00   9,000.00
      MM-311      8120     09-03      8,333.33    4,166.66    2,500.00   1,666.67     -0.01
                  (0.5 x 8,333.33 = 4,166.665 -> 4,166.67; 2,499.999 -> 2,500.00; 1,666.666 -> 1,666.67;
                   the shares sum to 8,333.34, so the operator's line gives back 0.01)
      CS-77       8130     09-05     12,345.67    6,172.84    3,703.70   2,469.13
      TP-5120     8200     09-06     31,250.00   15,625.00    9,375.00   6,250.00
      PR-9002     8140     09-10      2,100.01    1,050.01      630.00     420.00
      FR-2025-88  8320     09-15    100,000.01   45,000.01   35,000.00  20,000.00     +0.01
                  (the day the deck changed: 0.45 x 100,000.01 = 45,000.0045 -> 45,000.00; 35,000.0035 ->
                   35,000.00; 20,000.002 -> 20,000.00; sum 100,000.00, the operator takes the cent)
      WL-403      8310     09-16      7,777.77    3,500.00    2,722.22   1,555.55
      TP-5188     8400     09-18     18,500.00    8,325.00    6,475.00   3,700.00
      BWH-1042    8530     09-20      1,234.56      555.55      432.10     246.91
      PWR-0925    8510     09-25        999.99      449.99      350.00     200.00     -0.01
      CH-118      8520     09-28        333.33      149.99      116.67      66.67     -0.01
      TP-CR-12    8540     09-30       -250.00     -112.50      -87.50     -50.00     (a credit)
      overhead    8910     09-30      1,500.00      675.00      525.00     300.00     (producing well)
      total                         229,124.67  108,057.55   75,242.19  45,824.93
    108,057.55 + 75,242.19 + 45,824.93 = 229,124.67. Invoiced to the partners: 75,242.19 + 45,824.93 = 121,067.12.
    A thirteenth invoice, on a well with no cost deck, is held back.
    """
    alpha, _ = tenants
    refs = books
    report = import_costs(db, alpha, csv=worked_csv(refs) + (
        f"{refs['undecked_well']},8530,{refs['water']},BWH-1043,2025-09-21,2025-09-30,480.00\n"))
    assert (report["inserted"], report["rejected"]) == (13, [])
    run = create_run(db, alpha)
    assert (run["status"], run["transactions_billed"], run["transactions_held"], run["overhead_wells"]) \
        == ("draft", 12, 1, 1)
    assert (money(run["total_gross"]), money(run["total_invoiced"])) == (money("229124.67"), money("121067.12"))

    lines = lines_of(db, alpha, run["id"])
    assert len(lines) == 13 * 3
    by_owner = {}
    for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines:
        by_owner[owner] = by_owner.get(owner, Decimal(0)) + amount
    assert by_owner == {refs["operator"]: money("108057.55"), refs["mesquite"]: money("75242.19"),
                        refs["llano"]: money("45824.93")}
    charges = {}
    for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines:
        charges.setdefault((number or kind, gross), []).append(amount)
    assert all(sum(amounts) == gross for (_, gross), amounts in charges.items())
    residues = {(number or kind): (owner, residue) for kind, number, day, gross, owner, decimal, amount, residue, invoice
                in lines if residue != 0}
    assert residues == {"MM-311": (refs["operator"], money("-0.01")), "FR-2025-88": (refs["operator"], money("0.01")),
                        "PWR-0925": (refs["operator"], money("-0.01")), "CH-118": (refs["operator"], money("-0.01"))}
    frac = {owner: (decimal, amount) for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines
            if number == "FR-2025-88"}
    assert frac == {refs["operator"]: (Decimal("0.45"), money("45000.01")),
                    refs["mesquite"]: (Decimal("0.35"), money("35000.00")),
                    refs["llano"]: (Decimal("0.20"), money("20000.00"))}
    overhead = [(day, gross, amount) for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines
                if kind == "overhead" and owner == refs["mesquite"]]
    assert overhead == [("2025-09-30", money("1500.00"), money("525.00"))]
    # The operator is invoiced nothing; each partner gets one invoice of its lines, numbered by name.
    assert all((invoice is None) == (owner == refs["operator"])
               for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines)
    invoices = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select partner_company_id::text, invoice_number, total_amount from api.jib_invoices where jib_run_id = %s"
        " order by invoice_number", [run["id"]]).fetchall())
    assert invoices == [(refs["llano"], 1, money("45824.93")), (refs["mesquite"], 2, money("75242.19"))]


def test_an_approved_run_never_changes_and_a_later_run_bills_only_what_is_new(db, tenants, books):
    """After September is approved, a late invoice booked in September (1,000.00 on 2025-09-29: operator 450.00,
    Mesquite 350.00, Llano 200.00) is billed by the next run of the month, which charges no second overhead."""
    alpha, _ = tenants
    refs = books
    import_costs(db, alpha, csv=worked_csv(refs))
    run = create_run(db, alpha)
    assert approve_run(db, alpha, run["id"])["status"] == "approved"
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "update api.cost_transactions set amount = 1 where invoice_number = 'PR-9001'"))
    assert (error["code"], error["details"]) == ("WF_COST_BILLED", "invoice_number")
    error = refused(db, alpha, "accountant", lambda d: d.execute(
        "delete from api.cost_transactions where invoice_number = 'PR-9001'"))
    assert error["code"] == "WF_COST_BILLED"
    # Not even the owner of the tables changes an approved run's lines or invoices.
    for statement in ("update app.jib_lines set amount = amount + 1 where jib_run_id = %s",
                      "delete from app.jib_invoices where jib_run_id = %s",
                      "update app.jib_runs set total_gross = 0 where id = %s"):
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                db.execute(statement, [run["id"]])
        assert wf_error(caught.value)["code"] == "WF_JIB_RUN_APPROVED"
    # Re-sending a billed invoice line is reported, not applied.
    report = import_costs(db, alpha, csv=worked_csv(refs, [("rig", "PR-9001", "8110", "2025-09-02", "45000.10")]))
    assert [(r["code"], r["field"]) for r in report["rejected"]] == [("WF_COST_BILLED", "invoice_number")]

    import_costs(db, alpha, csv=worked_csv(refs, [("water", "BWH-1099", "8530", "2025-09-29", "1000.00")]))
    later = create_run(db, alpha)
    assert (later["transactions_billed"], later["overhead_wells"], money(later["total_gross"])) \
        == (1, 0, money("1000.00"))
    amounts = {owner: amount for kind, number, day, gross, owner, decimal, amount, residue, invoice
               in lines_of(db, alpha, later["id"])}
    assert amounts == {refs["operator"]: money("450.00"), refs["mesquite"]: money("350.00"),
                       refs["llano"]: money("200.00")}
    numbers = as_role(db, alpha, "viewer", lambda d: [r[0] for r in d.execute(
        "select invoice_number from api.jib_invoices where jib_run_id = %s order by 1", [later["id"]])])
    assert numbers == [3, 4]


def test_a_draft_is_replaced_and_a_stale_draft_is_not_approved(db, tenants, books):
    alpha, _ = tenants
    refs = books
    import_costs(db, alpha, csv=worked_csv(refs))
    first = create_run(db, alpha)
    second = create_run(db, alpha)
    runs = as_role(db, alpha, "viewer", lambda d: d.execute("select id::text from api.jib_runs").fetchall())
    assert runs == [(second["id"],)] and first["id"] != second["id"]
    as_role(db, alpha, "accountant", lambda d: d.execute(
        "update api.cost_transactions set amount = 8333.34 where invoice_number = 'MM-311'"))
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [second["id"]]))
    assert (error["code"], error["details"]) == ("WF_JIB_RUN_STALE", "jib_run_id") and "MM-311" in error["message"]
    third = create_run(db, alpha)
    as_role(db, alpha, "accountant", lambda d: d.execute(
        "delete from api.cost_transactions where invoice_number = 'CH-118'"))
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [third["id"]]))
    assert error["code"] == "WF_JIB_RUN_STALE" and "deleted" in error["message"]
    third = create_run(db, alpha)
    assert third["transactions_billed"] == 11
    # A deck corrected after the draft was made (Mesquite 0.35 -> 0.30, Llano 0.20 -> 0.25 from the 15th).
    with db.transaction():
        act_as(db, alpha, "accountant")
        for partner, decimal in (("mesquite", "0.30"), ("llano", "0.25")):
            db.execute("update api.cost_decks set decimal_interest = %s where owner_company_id = %s"
                       " and effective_from = '2025-09-15'", [decimal, refs[partner]])
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [third["id"]]))
    assert error["code"] == "WF_JIB_RUN_STALE" and "cost deck" in error["message"]
    third = create_run(db, alpha)
    assert approve_run(db, alpha, third["id"])["status"] == "approved"
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [third["id"]]))
    assert error["code"] == "WF_JIB_RUN_NOT_FOUND"


def test_a_drilling_well_is_charged_the_drilling_rate(db, tenants, books):
    """A well of the deck spudded 2025-09-04 and not yet completed is a drilling well in September: one charge
    at the drilling rate, 12,000.00 (operator 5,400.00, Mesquite 4,200.00, Llano 2,400.00 on the deck of the
    30th). With the rate adjusted +3.5 % from October, October's charge is 12,420.00."""
    alpha, _ = tenants
    refs = books
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set spud_date = '2025-09-04', completion_date = null, first_production_date = null,"
                   " status = 'drilling' where id = %s", [refs["undecked_well"]])
    from support.jib import set_deck
    set_deck(db, alpha, refs["undecked_well"], [(refs["operator"], "0.45", "2025-09-01", None),
                                                 (refs["mesquite"], "0.35", "2025-09-01", None),
                                                 (refs["llano"], "0.20", "2025-09-01", None)])
    run = create_run(db, alpha)
    drilling = {owner: amount for kind, number, day, gross, owner, decimal, amount, residue, invoice
                in lines_of(db, alpha, run["id"]) if gross == money("12000.00")}
    assert drilling == {refs["operator"]: money("5400.00"), refs["mesquite"]: money("4200.00"),
                        refs["llano"]: money("2400.00")}
    adjusted = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select well_kind::text, monthly_rate from api.adjust_overhead_rates('2025-10-01', 3.5) order by 1").fetchall())
    assert adjusted == [("drilling", money("12420.00")), ("producing", money("1552.50"))]
    approve_run(db, alpha, run["id"])
    october = create_run(db, alpha, "2025-10-01")
    assert money(october["total_gross"]) == money("12420.00")
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.adjust_overhead_rates('2025-10-15', 3)"))
    assert (error["code"], error["details"]) == ("WF_OVERHEAD_ADJUSTMENT_INPUT", "effective_from")
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.adjust_overhead_rates('2025-11-01', -100)"))
    assert (error["code"], error["details"]) == ("WF_OVERHEAD_ADJUSTMENT_INPUT", "percent")


@pytest.mark.parametrize("month,field", [(None, "billing_month"), ("2999-01-01", "billing_month"),
                                         ("300000-01-01", "billing_month")])
def test_a_run_for_no_month_or_a_month_to_come_is_refused(db, tenants, books, month, field):
    error = refused(db, tenants[0], "accountant", lambda d: d.execute("select api.create_jib_run(%s)", [month]))
    assert (error["code"], error["details"]) == ("WF_JIB_RUN_INPUT", field)


@pytest.mark.parametrize("role", ["engineer", "manager", "viewer"])
def test_only_finance_roles_run_and_approve_billing(db, tenants, books, role):
    alpha, _ = tenants
    error = refused(db, alpha, role, lambda d: d.execute("select api.create_jib_run('2025-09-01')"))
    assert error["code"] == "WF_ROLE_FORBIDDEN"
    run = create_run(db, alpha)
    error = refused(db, alpha, role, lambda d: d.execute("select api.approve_jib_run(%s)", [run["id"]]))
    assert error["code"] == "WF_ROLE_FORBIDDEN"
    error = refused(db, alpha, role, lambda d: d.execute("select api.adjust_overhead_rates('2026-04-01', 3)"))
    assert error["code"] == "WF_ROLE_FORBIDDEN"
    error = refused(db, alpha, role, lambda d: insert(d, "overhead_rates", {
        "well_kind": "producing", "effective_from": "2026-01-01", "monthly_rate": "1600.00"}))
    assert error["code"] == "WF_ROLE_FORBIDDEN"


def test_an_overrun_is_billed_or_held_until_its_supplement_as_the_organization_chooses(db, tenants, books):
    """A 10,000.00 completion AFE on the well, approved, and 12,000.00 of frac invoices coded to it (over 11,000.00):
    the AFE is flagged. With bill_overrun_before_supplement off, September's run holds both invoices and bills the
    other 1,234.56; once a 2,000.00 supplement is approved (authorization 13,200.00) the next run bills them by the
    deck from the 15th: operator 0.45 x 12,000.00 = 5,400.00, Mesquite 0.35 x 12,000.00 = 4,200.00, Llano 2,400.00."""
    alpha, _ = tenants
    refs = books
    from support.finance import call, create_afe, decide, vote_on_afes
    as_role(db, alpha, "accountant", vote_on_afes)
    afe = as_role(db, alpha, "engineer", create_afe, refs, [(refs["operator"], "0.45"), (refs["mesquite"], "0.35"),
                                                            (refs["llano"], "0.20")], ("10000.00",))
    as_role(db, alpha, "engineer", call, "submit_afe", afe["id"])
    for partner in ("mesquite", "llano"):
        as_role(db, alpha, "accountant", decide, afe["id"], refs[partner], "approve")
    as_role(db, alpha, "accountant", lambda d: d.execute(
        "update api.finance_settings set bill_overrun_before_supplement = false"))
    csv = ("well_id,afe_id,account_code,vendor_company_id,invoice_number,line_number,service_date,accounting_date,amount\n"
           f"{refs['well']},{afe['id']},8320,{refs['frac']},FR-77,1,2025-09-16,2025-09-30,7000.00\n"
           f"{refs['well']},{afe['id']},8320,{refs['frac']},FR-77,2,2025-09-17,2025-09-30,5000.00\n"
           f"{refs['well']},,8530,{refs['water']},BWH-1042,1,2025-09-20,2025-09-30,1234.56\n")
    assert import_costs(db, alpha, csv=csv)["inserted"] == 3
    flagged = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select actual_total, overrun_flagged_at is not null from api.afes where id = %s", [afe["id"]]).fetchone())
    assert flagged == (money("12000.00"), True)
    run = create_run(db, alpha)
    assert (run["transactions_billed"], run["transactions_held"]) == (1, 2)
    assert money(run["total_gross"]) == money("2734.56")              # 1,234.56 + the 1,500.00 overhead
    approve_run(db, alpha, run["id"])

    supplement = as_role(db, alpha, "engineer", call, "create_supplement", afe["id"], f"{afe['afe_number']}-S1",
                         "Two more stages")
    as_role(db, alpha, "engineer", insert, "afe_line_items", {
        "afe_id": supplement["id"], "category": "intangible_completion", "cost_code": "IDC-S1",
        "description": "Two more stages", "estimated_amount": "2000.00"})
    as_role(db, alpha, "engineer", call, "submit_afe", supplement["id"])
    for partner in ("mesquite", "llano"):
        as_role(db, alpha, "accountant", decide, supplement["id"], refs[partner], "approve")
    later = create_run(db, alpha)
    assert (later["transactions_billed"], later["transactions_held"], money(later["total_gross"])) \
        == (2, 0, money("12000.00"))
    shares = {}
    for kind, number, day, gross, owner, decimal, amount, residue, invoice in lines_of(db, alpha, later["id"]):
        shares[owner] = shares.get(owner, Decimal(0)) + amount
    assert shares == {refs["operator"]: money("5400.00"), refs["mesquite"]: money("4200.00"),
                      refs["llano"]: money("2400.00")}


def test_an_approved_runs_invoices_are_rendered_to_pdf_and_csv_and_downloaded(db, db_url, tenants, books, monkeypatch):
    """Approving the worked month queues one rendering job per partner invoice; the worker's task writes each as PDF
    and CSV. Llano's CSV has its 13 lines (12 invoices and the overhead) and the total 45,824.93; its PDF shows the
    total due. Another organization downloads nothing."""
    alpha, bravo = tenants
    refs = books
    import_costs(db, alpha, csv=worked_csv(refs))
    run = create_run(db, alpha)
    approve_run(db, alpha, run["id"])
    from conftest import WORKER_PASSWORD
    from procrastinate_tasks.reports import render_jib_invoice
    from support import run_task
    from wellflow_cli import db as ops
    monkeypatch.setenv("WELLFLOW_WORKER_URL", ops.role_url(db_url, "wellflow_worker", WORKER_PASSWORD))
    jobs = db.execute("select args from procrastinate.procrastinate_jobs where task_name = 'jib_invoices__render'"
                      " and status = 'todo' and args ->> 'organization_id' = %s", [str(alpha.id)]).fetchall()
    assert len(jobs) == 2
    assert [run_task(render_jib_invoice.func(**args)) for (args,) in jobs] == ["rendered", "rendered"]
    llano = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select id::text from api.jib_invoices where partner_company_id = %s", [refs["llano"]]).fetchone()[0])
    csv_text = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select api.download_jib_invoice(%s, 'csv')", [llano]).fetchone()[0]).decode()
    lines = csv_text.splitlines()
    assert lines[0].startswith("Invoice Number,Billing Month,Operator,Partner")
    assert len(lines) == 1 + 13 + 1 and lines[-1].endswith("Total,45824.93")
    frac = [line for line in lines if ",FR-2025-88," in line]
    assert len(frac) == 1 and frac[0].endswith(",2025-09-15,100000.01,0.20000000,20000.00")
    pdf = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select api.download_jib_invoice(%s)", [llano]).fetchone()[0])
    assert pdf.startswith(b"%PDF-") and b"Total due 45,824.93" in pdf
    error = refused(db, bravo, "viewer", lambda d: d.execute("select api.download_jib_invoice(%s)", [llano]))
    assert (error["code"], error["details"]) == ("WF_JIB_INVOICE_DOCUMENT_NOT_FOUND", "jib_invoice_id")
