"""Owners (sql/assets/companies.sql): owner type, tax ids of individuals (SSN) and entities (EIN) set by
finance roles and masked for everyone else, W-9 status, backup withholding, owner numbers, remittance
addresses; tenant isolation of the tax-id action; the same over HTTP."""

import pytest

from conftest import act_as
from support.assets import insert, payload
from support.finance import as_role, refused

FULL_READERS = ("owner", "admin", "accountant")
MASKED_READERS = ("manager", "engineer", "viewer")


@pytest.fixture
def owner_company(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "accountant")
        return insert(db, "companies", payload("companies") | {
            "roles": ["royalty_owner"], "owner_type": "individual", "owner_number": "R-0042", "w9_status": "received",
            "remittance_address": "PO Box 12\nMidland TX 79702"})


def set_tax_id(conn, company_id, kind, tax_id):
    return conn.execute("select to_jsonb(c) from api.set_company_tax_id(%s, %s, %s) c",
                        [company_id, kind, tax_id]).fetchone()[0]


def test_an_ssn_is_stored_formatted_and_read_whole_only_by_finance_roles(db, tenants, owner_company):
    alpha, _ = tenants
    row = as_role(db, alpha, "accountant", set_tax_id, owner_company["id"], "ssn", "123 45 6789")
    assert (row["tax_id"], row["tax_id_type"]) == ("123-45-6789", "ssn")
    for role in FULL_READERS + MASKED_READERS:
        seen = as_role(db, alpha, role, lambda d: d.execute(
            "select tax_id, owner_number, w9_status::text from api.companies where id = %s",
            [owner_company["id"]]).fetchone())
        expected = "123-45-6789" if role in FULL_READERS else "***-**-6789"
        assert seen == (expected, "R-0042", "received"), role
    as_role(db, alpha, "admin", set_tax_id, owner_company["id"], "ein", "751234567")
    assert as_role(db, alpha, "viewer", lambda d: d.execute(
        "select tax_id from api.companies where id = %s", [owner_company["id"]]).fetchone()[0]) == "**-***4567"
    cleared = as_role(db, alpha, "owner", set_tax_id, owner_company["id"], None, None)
    assert (cleared["tax_id"], cleared["tax_id_type"]) == (None, None)


@pytest.mark.parametrize("kind,tax_id,field", [("ssn", "12345678", "tax_id"), ("ein", "75-12345678", "tax_id"),
                                              (None, "751234567", "tax_id_type"), ("ssn", "abc-de-fghi", "tax_id")])
def test_a_malformed_tax_id_is_refused_naming_the_field(db, tenants, owner_company, kind, tax_id, field):
    alpha, _ = tenants
    error = refused(db, alpha, "accountant", set_tax_id, owner_company["id"], kind, tax_id)
    assert (error["code"], error["details"]) == ("WF_TAX_ID_INPUT", field)


@pytest.mark.parametrize("role", MASKED_READERS)
def test_only_finance_roles_set_tax_ids(db, tenants, owner_company, role):
    alpha, _ = tenants
    assert refused(db, alpha, role, set_tax_id, owner_company["id"], "ssn", "123456789")["code"] == "WF_ROLE_FORBIDDEN"


def test_another_organizations_company_is_not_found(db, tenants, owner_company):
    alpha, bravo = tenants
    error = refused(db, bravo, "owner", set_tax_id, owner_company["id"], "ssn", "123456789")
    assert (error["code"], error["details"]) == ("WF_COMPANY_NOT_FOUND", "company_id")
    assert db.execute("select tax_id from app.companies where id = %s", [owner_company["id"]]).fetchone()[0] is None


def test_owner_numbers_are_unique_within_an_organization_only(db, tenants, owner_company):
    alpha, bravo = tenants
    with pytest.raises(Exception, match="companies_owner_number_key"):
        as_role(db, alpha, "accountant", insert, "companies", payload("companies") | {"owner_number": "R-0042"})
    other = as_role(db, bravo, "accountant", insert, "companies", payload("companies") | {"owner_number": "R-0042"})
    assert other["owner_number"] == "R-0042"


def test_over_http_the_tax_id_is_set_by_its_action_and_never_written_directly(stack, clients):
    accountant, viewer = clients["accountant"], clients["viewer"]
    company = accountant.post("/companies", json=payload("companies") | {"owner_type": "trust"},
                              headers={"Prefer": "return=representation"}).json()[0]
    written = accountant.post("/rpc/set_company_tax_id",
                              json={"company_id": company["id"], "tax_id_type": "ein", "tax_id": "75-7654321"})
    assert written.status_code == 200 and written.json()[0]["tax_id"] == "75-7654321", written.text
    assert viewer.get(f"/companies?id=eq.{company['id']}&select=tax_id").json() == [{"tax_id": "**-***4321"}]
    direct = accountant.patch(f"/companies?id=eq.{company['id']}", json={"tax_id": "75-0000000"})
    assert 400 <= direct.status_code < 500 and "tax_id" in direct.text, direct.text
    bad = accountant.post("/rpc/set_company_tax_id", json={"company_id": company["id"], "tax_id_type": "ssn",
                                                          "tax_id": "1234"})
    assert bad.status_code == 400 and bad.json()["details"] == "tax_id"
    assert viewer.post("/rpc/set_company_tax_id", json={"company_id": company["id"], "tax_id_type": "ssn",
                                                       "tax_id": "123456789"}).status_code == 403
