"""Cost transactions (sql/finance/cost_transactions.sql): the bulk import with its per-row report, idempotent
re-sends, AFEs of the well only, role rules, tenant isolation for every verb, and a 4xx naming the field over
HTTP."""

import psycopg
import pytest

from support.assets import insert, post_graph, post_row, payload
from support.finance import as_role, create_afe, refused, wf_error
from support.jib import build_jib_books, import_costs, worked_csv


@pytest.fixture
def books(db, tenants):
    return {tenant.name: build_jib_books(db, tenant) for tenant in tenants}


def row(refs, **changes):
    return {"well_id": refs["well"], "account_code": "8530", "vendor_company_id": refs["water"],
            "invoice_number": "BWH-1042", "service_date": "2025-09-20", "accounting_date": "2025-09-30",
            "amount": "1234.56"} | changes


def test_the_import_inserts_then_is_idempotent_then_updates(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    first = import_costs(db, alpha, csv=worked_csv(refs))
    assert (first["received"], first["inserted"], first["updated"], first["unchanged"]) == (12, 12, 0, 0)
    again = import_costs(db, alpha, csv=worked_csv(refs))
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 12)
    changed = import_costs(db, alpha, rows=[row(refs, amount="1300.00"), row(refs, invoice_number="BWH-1042",
                                                                              line_number=2, amount="55.10")])
    assert (changed["inserted"], changed["updated"], changed["unchanged"]) == (1, 1, 0)
    stored = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select line_number, amount from api.cost_transactions where invoice_number = 'BWH-1042' order by 1").fetchall())
    assert [(n, str(a)) for n, a in stored] == [(1, "1300.00"), (2, "55.10")]


def test_wells_afes_and_vendors_are_named_by_number_and_name(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    well_number, vendor_name = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select w.well_number, c.name from api.wells w, api.companies c where w.id = %s and c.id = %s",
        [refs["well"], refs["rig"]]).fetchone())
    afe = as_role(db, alpha, "engineer", create_afe, refs, [(refs["operator"], "1")])
    csv = ("well_number,afe_number,account_code,transaction_type,vendor_name,invoice_number,description,service_date,"
           "accounting_date,amount\n"
           f"{well_number},{afe['afe_number']},8110,accrual,{vendor_name},ACR-0925,Rig days 28-30,2025-09-30,2025-09-30,"
           "13500.00\n")
    report = import_costs(db, alpha, csv=csv)
    assert (report["inserted"], report["rejected"]) == (1, [])
    stored = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select well_id::text, afe_id::text, vendor_company_id::text, transaction_type::text, description"
        " from api.cost_transactions where invoice_number = 'ACR-0925'").fetchone())
    assert stored == (refs["well"], afe["id"], refs["rig"], "accrual", "Rig days 28-30")


@pytest.mark.parametrize("changes,code,field", [
    ({"well_id": None}, "WF_IMPORT_WELL_REQUIRED", "well_number"),
    ({"well_id": "00000000-0000-7000-8000-000000000000"}, "WF_IMPORT_UNKNOWN_WELL", "well_id"),
    ({"afe_number": "NO-SUCH-AFE"}, "WF_IMPORT_UNKNOWN_AFE", "afe_number"),
    ({"account_code": "9999"}, "WF_IMPORT_UNKNOWN_ACCOUNT", "account_code"),
    ({"account_code": None}, "WF_IMPORT_UNKNOWN_ACCOUNT", "account_code"),
    ({"transaction_type": "estimate"}, "WF_IMPORT_BAD_TYPE", "transaction_type"),
    ({"vendor_company_id": None}, "WF_IMPORT_VENDOR_REQUIRED", "vendor_name"),
    ({"vendor_company_id": None, "vendor_name": "Nobody Hauling"}, "WF_IMPORT_UNKNOWN_VENDOR", "vendor_name"),
    ({"invoice_number": None}, "WF_IMPORT_INVOICE_REQUIRED", "invoice_number"),
    ({"invoice_number": "X" * 65}, "WF_IMPORT_TOO_LONG", "invoice_number"),
    ({"line_number": "0"}, "WF_IMPORT_BAD_LINE", "line_number"),
    ({"line_number": "1.5"}, "WF_IMPORT_BAD_LINE", "line_number"),
    ({"line_number": "10000000000"}, "WF_IMPORT_BAD_LINE", "line_number"),
    ({"description": "d" * 501}, "WF_IMPORT_TOO_LONG", "description"),
    ({"service_date": "2025-09-31"}, "WF_IMPORT_BAD_DATE", "service_date"),
    ({"accounting_date": "yesterday"}, "WF_IMPORT_BAD_DATE", "accounting_date"),
    ({"service_date": "2199-01-01"}, "WF_IMPORT_FUTURE_DATE", "service_date"),
    ({"amount": "twelve"}, "WF_IMPORT_NOT_A_NUMBER", "amount"),
    ({"amount": "0"}, "WF_IMPORT_BAD_AMOUNT", "amount"),
    ({"amount": "10.005"}, "WF_IMPORT_BAD_AMOUNT", "amount"),
    ({"amount": "1000000000000"}, "WF_IMPORT_BAD_AMOUNT", "amount"),
])
def test_each_bad_row_is_reported_with_its_code_and_field_and_nothing_is_written(db, tenants, books, changes, code,
                                                                                 field):
    alpha, _ = tenants
    refs = books[alpha.name]
    report = import_costs(db, alpha, rows=[row(refs, invoice_number="GOOD-1"), row(refs, **changes)])
    assert [(r["line"], r["code"], r["field"]) for r in report["rejected"]] == [(2, code, field)]
    assert report["inserted"] == 0 and "nothing was imported" in report["message"]
    assert as_role(db, alpha, "viewer", lambda d: d.execute("select count(*) from api.cost_transactions").fetchone()[0]) == 0


def test_accept_valid_imports_the_good_rows_and_a_repeated_line_is_reported(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    report = import_costs(db, alpha, rows=[row(refs), row(refs, amount="99.00"), row(refs, amount="0")],
                          mode="accept_valid")
    assert report["inserted"] == 1
    assert [(r["line"], r["code"]) for r in report["rejected"]] == [(2, "WF_IMPORT_DUPLICATE_ROW"),
                                                                   (3, "WF_IMPORT_BAD_AMOUNT")]


def test_an_afe_of_another_well_is_refused_row_by_row_and_directly(db, tenants, books):
    alpha, _ = tenants
    refs = books[alpha.name]
    other_afe = as_role(db, alpha, "engineer", create_afe, {"well": refs["undecked_well"]}, [(refs["operator"], "1")])
    report = import_costs(db, alpha, rows=[row(refs, afe_id=other_afe["id"])])
    assert [(r["code"], r["field"]) for r in report["rejected"]] == [("WF_COST_AFE_NOT_ON_WELL", "afe_id")]
    error = refused(db, alpha, "accountant", insert, "cost_transactions", row(refs, afe_id=other_afe["id"]))
    assert (error["code"], error["details"]) == ("WF_COST_AFE_NOT_ON_WELL", "afe_id")


@pytest.mark.parametrize("role", ["engineer", "manager", "viewer"])
def test_only_finance_roles_write_cost_transactions(db, tenants, books, role):
    alpha, _ = tenants
    refs = books[alpha.name]
    assert refused(db, alpha, role, insert, "cost_transactions", row(refs))["code"] == "WF_ROLE_FORBIDDEN"
    with pytest.raises(psycopg.Error) as caught:
        import_costs(db, alpha, rows=[row(refs)], role=role)
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"


def test_no_verb_reaches_another_organizations_costs_or_runs(db, tenants, books):
    alpha, bravo = tenants
    own, other = books[alpha.name], books[bravo.name]
    import_costs(db, bravo, csv=worked_csv(other))
    run = as_role(db, bravo, "accountant", lambda d: d.execute("select (api.create_jib_run('2025-09-01')).id").fetchone()[0])
    target = db.execute("select id from app.cost_transactions where organization_id = %s limit 1", [bravo.id]).fetchone()[0]
    seen = as_role(db, alpha, "owner", lambda d: {
        view: d.execute(f"select count(*) from api.{view}").fetchone()[0]
        for view in ("cost_transactions", "cost_decks", "overhead_rates", "jib_runs", "jib_invoices", "jib_lines")})
    assert seen == {"cost_transactions": 0, "cost_decks": 6, "overhead_rates": 2, "jib_runs": 0, "jib_invoices": 0,
                    "jib_lines": 0}
    counts = as_role(db, alpha, "owner", lambda d: (
        d.execute("update api.cost_transactions set amount = 1 where id = %s", [target]).rowcount,
        d.execute("delete from api.cost_transactions where id = %s", [target]).rowcount,
        d.execute("update api.overhead_rates set monthly_rate = 1 where organization_id = %s", [bravo.id]).rowcount,
        d.execute("delete from api.overhead_rates where organization_id = %s", [bravo.id]).rowcount))
    assert counts == (0, 0, 0, 0)
    assert db.execute("select count(*) from app.cost_transactions where organization_id = %s", [bravo.id]).fetchone()[0] == 12
    # Another organization's run is not found, its wells and vendors are unknown to the import, and
    # a foreign key to them is refused.
    error = refused(db, alpha, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [run]))
    assert error["code"] == "WF_JIB_RUN_NOT_FOUND"
    report = import_costs(db, alpha, rows=[row(own, well_id=other["well"]), row(own, vendor_company_id=other["water"])],
                          mode="accept_valid")
    assert [r["code"] for r in report["rejected"]] == ["WF_IMPORT_UNKNOWN_WELL", "WF_IMPORT_UNKNOWN_VENDOR"]
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="cost_transactions_well_id_fkey"):
        as_role(db, alpha, "accountant", insert, "cost_transactions", row(own, well_id=other["well"]))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, alpha, "accountant", insert, "cost_transactions", row(other) | {"organization_id": str(bravo.id)})
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, alpha, "accountant", insert, "overhead_rates", {
            "organization_id": str(bravo.id), "well_kind": "producing", "effective_from": "2026-01-01",
            "monthly_rate": "1"})
    # Runs, invoices and lines are read-only resources.
    for statement in ("delete from api.jib_runs", "delete from api.jib_lines", "update api.jib_invoices set total_amount = 0"):
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)):
            as_role(db, alpha, "owner", lambda d: d.execute(statement))
    assert db.execute("select count(*) from app.jib_lines where jib_run_id = %s", [run]).fetchone()[0] == 39
    # A run and a rate adjustment act on the caller's organization only.
    own_run = as_role(db, alpha, "accountant", lambda d: d.execute(
        "select to_json(r) from api.create_jib_run('2025-09-01') r").fetchone()[0])
    assert (own_run["transactions_billed"], own_run["overhead_wells"]) == (0, 1)
    assert db.execute("select count(*) from app.jib_runs where organization_id = %s", [bravo.id]).fetchone()[0] == 1
    as_role(db, alpha, "accountant", lambda d: d.execute("select api.adjust_overhead_rates('2026-04-01', 3)"))
    assert db.execute("select count(*) from app.overhead_rates where organization_id = %s", [bravo.id]).fetchone()[0] == 2


def test_over_http_costs_are_imported_billed_and_read_back(stack, clients):
    """Over PostgREST: a bad amount is a 400 naming the check, a bad import row a 422 naming the field, the run
    bills 1,000.00 by a 0.75 / 0.25 deck (750.00 and 250.00), and a viewer reads the partner's invoice."""
    engineer, accountant, viewer = clients["engineer"], clients["accountant"], clients["viewer"]
    refs = post_graph(engineer)
    well = post_row(engineer, "wells", payload("wells", refs))["id"]
    operator = post_row(engineer, "companies", payload("companies") | {"roles": ["operator"]})["id"]
    partner = post_row(engineer, "companies", payload("companies") | {"roles": ["non_operating_partner"]})["id"]
    vendor = post_row(engineer, "companies", payload("companies") | {"roles": ["vendor"]})["id"]
    assert engineer.patch(f"/wells?id=eq.{well}", json={"operator_company_id": operator}).status_code == 204
    # A deck line alone does not sum to 1; the whole deck in one request (a JSON array) does.
    deck = [{"well_id": well, "owner_company_id": owner, "decimal_interest": decimal, "effective_from": "2025-01-01"}
            for owner, decimal in ((operator, "0.75"), (partner, "0.25"))]
    alone = accountant.post("/cost_decks", json=deck[0])
    assert alone.status_code == 422 and alone.json()["code"] == "WF_COST_DECK_SUM", alone.text
    assert accountant.post("/cost_decks", json=deck).status_code == 201
    line = {"well_id": well, "account_code": "8540", "vendor_company_id": vendor, "invoice_number": "HTTP-1",
            "service_date": "2025-09-10", "accounting_date": "2025-09-30", "amount": "1000.00"}
    bad = accountant.post("/cost_transactions", json=line | {"amount": "10.005"})
    assert bad.status_code == 400 and "cost_transactions_amount_check" in bad.json()["message"], bad.text
    report = accountant.post("/rpc/import_cost_transactions", json={"rows": [line, line | {"invoice_number": "HTTP-2",
                                                                                           "account_code": "1234"}]})
    assert report.status_code == 422
    assert [(r["line"], r["code"], r["field"]) for r in report.json()["rejected"]] \
        == [(2, "WF_IMPORT_UNKNOWN_ACCOUNT", "account_code")]
    assert accountant.post("/rpc/import_cost_transactions", json={"rows": [line]}).status_code == 200
    assert viewer.post("/rpc/create_jib_run", json={"billing_month": "2025-09-01"}).status_code == 403
    run = accountant.post("/rpc/create_jib_run", json={"billing_month": "2025-09-01"})
    assert run.status_code == 200 and run.json()["transactions_billed"] == 1, run.text
    lines = viewer.get("/jib_lines", params={"jib_run_id": f"eq.{run.json()['id']}", "select": "owner_company_id,amount",
                                             "order": "amount"}).json()
    assert lines == [{"owner_company_id": partner, "amount": 250.00}, {"owner_company_id": operator, "amount": 750.00}]
    assert viewer.delete("/jib_lines").status_code == 405
    approved = accountant.post("/rpc/approve_jib_run", json={"jib_run_id": run.json()["id"]})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    invoices = viewer.get("/jib_invoices", params={"select": "partner_company_id,total_amount,status"}).json()
    assert invoices == [{"partner_company_id": partner, "total_amount": 250.00, "status": "approved"}]
    refused_change = accountant.patch("/cost_transactions?invoice_number=eq.HTTP-1", json={"amount": "1.00"})
    assert refused_change.status_code == 409 and refused_change.json()["code"] == "WF_COST_BILLED"
