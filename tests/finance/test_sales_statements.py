"""Sales statements (sql/finance/sales_statements.sql): the bulk import by JSON and CSV with its per-row
report, idempotent on well, month, product and purchaser; the gross by volume or by heat; role rules and
tenant isolation for every verb; bad input named by its field, through PostgREST too."""

import psycopg
import pytest

from conftest import act_as
from support.assets import insert, post_graph, post_row, payload
from support.finance import READ_ONLY_ROLES, as_role, company, refused


@pytest.fixture
def sales_books(db, tenants, books):
    """Per tenant: its well and a purchaser named "Purchaser of <tenant name>"."""
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            books[tenant.name]["purchaser"] = insert(db, "companies", {
                "name": f"Purchaser of {tenant.name}", "roles": ["purchaser"]})["id"]
    return books


def send(conn, rows=None, csv=None, mode="all_or_nothing"):
    return conn.execute("select api.import_sales_statements(%s::jsonb, %s, %s::app.import_mode)",
                        [None if rows is None else psycopg.types.json.Jsonb(rows), csv, mode]).fetchone()[0]


def import_sales(db, tenant, rows=None, csv=None, mode="all_or_nothing", role="accountant"):
    return as_role(db, tenant, role, send, rows, csv, mode)


def statement(refs, **changes):
    return {"well_id": refs["well"], "sales_month": "2025-09", "product": "oil", "purchaser_company_id": refs["purchaser"],
            "sold_volume": "1000", "price": "70.25", "transportation_deduction": "1500"} | changes


def test_the_import_inserts_then_is_idempotent_then_updates(db, tenants, sales_books):
    """Gas priced by heat: 10,850 MMBtu x $2.85 = 30,922.50; oil by volume: 1,000 bbl x $70.25 = 70,250.00."""
    alpha, _ = tenants
    refs = sales_books[alpha.name]
    rows = [statement(refs), statement(refs, product="gas", sold_volume="10000", heat_content_mmbtu="10850",
                                       price_basis="mmbtu", price="2.85", transportation_deduction=None)]
    first = import_sales(db, alpha, rows)
    again = import_sales(db, alpha, rows)
    rows[0]["price"] = "71"
    changed = import_sales(db, alpha, rows)
    assert (first["inserted"], first["updated"], first["unchanged"], first["rejected"]) == (2, 0, 0, [])
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert (changed["inserted"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    stored = as_role(db, alpha, "viewer", lambda d: dict(d.execute(
        "select product::text, gross_value from api.sales_statements where well_id = %s", [refs["well"]]).fetchall()))
    assert {k: str(v) for k, v in stored.items()} == {"oil": "71000.00", "gas": "30922.50"}


def test_a_csv_names_wells_by_number_and_purchasers_by_name(db, tenants, sales_books):
    alpha, _ = tenants
    refs = sales_books[alpha.name]
    number = db.execute("select well_number from app.wells where id = %s", [refs["well"]]).fetchone()[0]
    csv = ("well_number,sales_month,product,purchaser_name,sold_volume,price,statement_reference\r\n"
           f"{number[:2]}-{number[2:5]}-{number[5:10]},2025-08-01,condensate,Purchaser of Alpha Operating,12.5,68,\"RT-1, page 2\"\r\n")
    result = import_sales(db, alpha, csv=csv)
    assert (result["inserted"], result["rejected"]) == (1, []), result["rejected"]
    row = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select product::text, statement_reference, gross_value::text from api.sales_statements where well_id = %s",
        [refs["well"]]).fetchone())
    assert row == ("condensate", "RT-1, page 2", "850.00")


# (row change, code, field)
BAD_ROWS = [
    ({"well_id": None, "well_number": "42-329-99999"}, "WF_IMPORT_UNKNOWN_WELL", "well_number"),
    ({"well_id": None}, "WF_IMPORT_WELL_REQUIRED", "well_number"),
    ({"sales_month": "2025-09-15"}, "WF_IMPORT_BAD_MONTH", "sales_month"),
    ({"sales_month": "0001-01"}, "WF_IMPORT_BAD_MONTH", "sales_month"),
    ({"sales_month": "2100-01"}, "WF_IMPORT_FUTURE_DATE", "sales_month"),
    ({"product": "water"}, "WF_IMPORT_BAD_PRODUCT", "product"),
    ({"purchaser_company_id": None}, "WF_IMPORT_PURCHASER_REQUIRED", "purchaser_name"),
    ({"purchaser_company_id": None, "purchaser_name": "Nobody"}, "WF_IMPORT_UNKNOWN_PURCHASER", "purchaser_name"),
    ({"sold_volume": "lots"}, "WF_IMPORT_NOT_A_NUMBER", "sold_volume"),
    ({"sold_volume": "-1"}, "WF_IMPORT_BAD_AMOUNT", "sold_volume"),
    ({"sold_volume": "1.0001"}, "WF_IMPORT_BAD_AMOUNT", "sold_volume"),
    ({"price_basis": "mmbtu"}, "WF_IMPORT_HEAT_REQUIRED", "heat_content_mmbtu"),
    ({"price_basis": "barrel"}, "WF_IMPORT_BAD_PRICE_BASIS", "price_basis"),
    ({"price": "70.12345"}, "WF_IMPORT_BAD_AMOUNT", "price"),
    ({"price": None}, "WF_IMPORT_NOT_A_NUMBER", "price"),
    ({"sold_volume": "9999999999", "price": "999999"}, "WF_IMPORT_BAD_AMOUNT", "price"),
    ({"transportation_deduction": "-5"}, "WF_IMPORT_BAD_AMOUNT", "transportation_deduction"),
    ({"marketing_deduction": "1.001"}, "WF_IMPORT_BAD_AMOUNT", "marketing_deduction"),
    ({"statement_reference": "x" * 101}, "WF_IMPORT_TOO_LONG", "statement_reference"),
]


@pytest.mark.parametrize("change,code,field", BAD_ROWS)
def test_each_bad_row_is_reported_with_its_code_and_field_and_nothing_is_written(db, tenants, sales_books,
                                                                                change, code, field):
    alpha, _ = tenants
    refs = sales_books[alpha.name]
    result = import_sales(db, alpha, [statement(refs, sales_month="2025-07"), statement(refs, **change)])
    assert result["inserted"] == 0 and "nothing was imported" in result["message"]
    assert [(r["line"], r["code"], r["field"]) for r in result["rejected"]] == [(2, code, field)]
    assert db.execute("select count(*) from app.sales_statements where well_id = %s", [refs["well"]]).fetchone()[0] == 0


def test_accept_valid_imports_the_good_rows_and_a_repeated_row_is_reported(db, tenants, sales_books):
    alpha, _ = tenants
    refs = sales_books[alpha.name]
    result = import_sales(db, alpha, [statement(refs), statement(refs, price="1"), statement(refs, product="tea")],
                          mode="accept_valid")
    assert result["inserted"] == 1
    assert [(r["line"], r["code"]) for r in result["rejected"]] == [(2, "WF_IMPORT_DUPLICATE_ROW"), (3, "WF_IMPORT_BAD_PRODUCT")]


def test_a_malformed_payload_is_refused_before_any_row(db, tenants, sales_books):
    alpha, _ = tenants
    for rows, csv, code, field in (([{"sold_volume": 1, "colour": "red"}], None, "WF_IMPORT_UNKNOWN_COLUMN", "colour"),
                                   (None, None, "WF_IMPORT_PAYLOAD", "rows"),
                                   (None, "well_id,price\n" + "x" * 5000, "WF_IMPORT_LINE_TOO_LONG", "csv")):
        error = refused(db, alpha, "accountant", lambda d: d.execute(
            "select api.import_sales_statements(%s::jsonb, %s)",
            [None if rows is None else psycopg.types.json.Jsonb(rows), csv]))
        assert (error["code"], error["details"]) == (code, field)


@pytest.mark.parametrize("role", READ_ONLY_ROLES + ("engineer",))
def test_only_finance_roles_write_sales_statements(db, tenants, sales_books, role):
    alpha, _ = tenants
    refs = sales_books[alpha.name]
    assert refused(db, alpha, role, send, [statement(refs)])["code"] == "WF_ROLE_FORBIDDEN"
    import_sales(db, alpha, [statement(refs)])
    for sql in ("update api.sales_statements set price = 1", "delete from api.sales_statements"):
        assert refused(db, alpha, role, lambda d: d.execute(sql))["code"] == "WF_ROLE_FORBIDDEN"
    assert as_role(db, alpha, role, lambda d: d.execute("select count(*) from api.sales_statements").fetchone()[0]) == 1


def test_no_verb_reaches_another_organizations_statements(db, tenants, sales_books):
    alpha, bravo = tenants
    own, other = sales_books[alpha.name], sales_books[bravo.name]
    import_sales(db, bravo, [statement(other)])
    target = db.execute("select id from app.sales_statements where organization_id = %s", [bravo.id]).fetchone()[0]
    counts = as_role(db, alpha, "owner", lambda d: (
        d.execute("select count(*) from api.sales_statements").fetchone()[0],
        d.execute("update api.sales_statements set price = 1 where id = %s", [target]).rowcount,
        d.execute("delete from api.sales_statements where id = %s", [target]).rowcount))
    assert counts == (0, 0, 0)
    assert db.execute("select price from app.sales_statements where id = %s", [target]).fetchone()[0] == 70.25
    # Another organization's well or purchaser is unknown to the import, and a foreign key to the table
    result = import_sales(db, alpha, [statement(own, well_id=other["well"]),
                                      statement(own, purchaser_company_id=other["purchaser"]),
                                      statement(own, purchaser_company_id=None, purchaser_name="Purchaser of Bravo Resources")],
                          mode="accept_valid")
    assert [r["code"] for r in result["rejected"]] == ["WF_IMPORT_UNKNOWN_WELL", "WF_IMPORT_UNKNOWN_PURCHASER",
                                                       "WF_IMPORT_UNKNOWN_PURCHASER"]
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="sales_statements_well_id_fkey"):
        as_role(db, alpha, "accountant", insert, "sales_statements",
                statement(own, well_id=other["well"], sales_month="2025-09-01"))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, alpha, "accountant", insert, "sales_statements",
                statement(other, sales_month="2025-09-01") | {"organization_id": str(bravo.id)})


def test_over_http_a_bad_statement_is_a_4xx_naming_the_field(stack, clients):
    refs = post_graph(clients["engineer"])
    refs["well"] = post_row(clients["engineer"], "wells", payload("wells", refs))["id"]
    refs["purchaser"] = post_row(clients["engineer"], "companies", payload("companies") | {"roles": ["purchaser"]})["id"]
    accountant = clients["accountant"]
    row = statement(refs, sales_month="2025-09-01")
    bad = accountant.post("/sales_statements", json=row | {"price": "70.12345"})
    assert bad.status_code == 400 and "sales_statements_price_check" in bad.json()["message"], bad.text
    assert accountant.post("/sales_statements", json=row).status_code == 201
    report = accountant.post("/rpc/import_sales_statements", json={"rows": [row | {"sales_month": "2025-09"},
                                                                            row | {"product": "brine"}]})
    assert report.status_code == 422
    assert [(r["line"], r["code"], r["field"]) for r in report.json()["rejected"]] == [(2, "WF_IMPORT_BAD_PRODUCT", "product")]
    again = accountant.post("/rpc/import_sales_statements", json={"rows": [row | {"sales_month": "2025-09"}]})
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    assert clients["viewer"].post("/rpc/import_sales_statements", json={"rows": [row]}).status_code == 403
