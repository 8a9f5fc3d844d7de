"""The asset registry as a client sees it: through nginx and PostgREST, with real tokens."""

import uuid

import psycopg
import pytest

from assets import REPRESENTATION, RESOURCES, payload, post_graph, post_row


@pytest.mark.parametrize("resource", RESOURCES)
def test_create_read_update_delete(engineer_client, resource):
    refs = post_graph(engineer_client)
    row = payload(resource, refs)
    created = post_row(engineer_client, resource, row)
    path = f"/{resource}?id=eq.{created['id']}"
    assert engineer_client.get(path).json() == [created]
    changed = engineer_client.patch(path, json={"name": "Renamed"}, headers=REPRESENTATION)
    assert changed.status_code == 200 and changed.json()[0]["name"] == "Renamed"
    assert changed.json()[0]["updated_at"] > created["updated_at"]
    assert engineer_client.delete(path).status_code == 204
    assert engineer_client.get(path).json() == []


def test_a_well_number_is_stored_as_14_digits_and_shown_dashed(engineer_client):
    refs = post_graph(engineer_client)
    for given, stored in [("42-501-20130-03-00", "42501201300300"), ("4250120131", "42501201310000"),
                          ("42 501 20132 01", "42501201320100"), ("30-15-123", "30015001230000")]:
        well = post_row(engineer_client, "wells", payload("wells", refs) | {"well_number": given})
        assert well["well_number"] == stored
        assert well["well_number_formatted"] == "-".join(
            [stored[:2], stored[2:5], stored[5:10], stored[10:12], stored[12:]])
        assert well["offshore"] is False
    offshore = post_row(engineer_client, "wells", {"well_number": "60-817-40012", "name": "Mississippi Canyon 1"})
    assert offshore["offshore"] is True
    moved = engineer_client.patch(f"/wells?id=eq.{offshore['id']}", json={"well_number": "42-501-40012"},
                               headers=REPRESENTATION)
    assert moved.status_code == 200 and moved.json()[0]["offshore"] is False, moved.text
    duplicate = engineer_client.post("/wells", json={"well_number": "42501201300300", "name": "Again"})
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "23505"
    assert "wells_well_number_key" in duplicate.json()["message"]


# (resource, change to a valid row, HTTP status, code, the field the error names)
INVALID = [
    ("wells", {"well_number": "42-501-2O130"}, 400, "WF_WELL_NUMBER_NOT_DIGITS", "well_number"),
    ("wells", {"well_number": "42501-2013"}, 400, "WF_WELL_NUMBER_LENGTH", "well_number"),
    ("wells", {"well_number": "4250120130001"}, 400, "WF_WELL_NUMBER_LENGTH", "well_number"),
    ("wells", {"well_number": "99-001-20130"}, 400, "WF_WELL_NUMBER_STATE", "well_number"),
    ("wells", {"well_number": "42-999-20130"}, 400, "WF_WELL_NUMBER_COUNTY", "well_number"),
    ("wells", {"well_number": "30-002-20130"}, 400, "WF_WELL_NUMBER_COUNTY", "well_number"),
    ("wells", {"offshore": True}, 400, "WF_OFFSHORE_MISMATCH", "offshore"),
    ("wells", {"true_vertical_depth": 21000}, 400, "23514", "true_vertical_depth"),
    ("wells", {"lateral_length": None}, 400, "23514", "lateral_length"),
    ("wells", {"surface_latitude": 91}, 400, "23514", "surface_latitude"),
    ("wells", {"surface_longitude": -180.5}, 400, "23514", "surface_longitude"),
    ("wells", {"completion_date": "2021-01-01"}, 400, "23514", "completion_date"),
    ("wells", {"first_production_date": "2021-04-01"}, 400, "23514", "first_production_date"),
    ("wells", {"measured_depth": 20000.125}, 400, "23514", "measured_depth"),
    ("wells", {"status": "exploded"}, 400, "22P02", "well_status"),
    ("wells", {"name": ""}, 400, "23514", "name"),
    ("wells", {"operator_company_id": "vendor"}, 400, "WF_COMPANY_ROLE", "operator_company_id"),
    ("wells", {"drilling_contractor_id": "vendor"}, 400, "WF_COMPANY_ROLE", "drilling_contractor_id"),
    ("leases", {"net_revenue_interest": 0.9, "working_interest": 0.8}, 400, "23514", "net_revenue_interest"),
    ("leases", {"net_revenue_interest": 0.812500001}, 400, "23514", "net_revenue_interest"),
    ("leases", {"working_interest": 1.5}, 400, "23514", "working_interest"),
    ("leases", {"royalty_rate": -0.1}, 400, "23514", "royalty_rate"),
    ("leases", {"net_acres": 700}, 400, "23514", "net_acres"),
    ("leases", {"gross_acres": 0}, 400, "23514", "gross_acres"),
    ("leases", {"expiration_date": "2019-12-31"}, 400, "23514", "expiration_date"),
    ("leases", {"county_code": "502"}, 409, "23503", "county_code"),
    ("leases", {"lease_number": " padded "}, 400, "23514", "lease_number"),
    ("fields", {"discovery_date": "2999-01-01"}, 400, "23514", "discovery_date"),
    ("fields", {"state_code": None}, 400, "23514", "county_code"),
    ("companies", {"tax_id": "751234567"}, 400, "23514", "tax_id"),
    ("companies", {"roles": []}, 400, "23514", "roles"),
    ("companies", {"roles": ["astrologer"]}, 400, "22P02", "company_role"),
    ("companies", {"state_operator_numbers": {"TX-RRC-P5": 655123}}, 400, "23514", "state_operator_numbers"),
    ("companies", {"contact_email": "not-an-address"}, 400, "23514", "contact_email"),
]


@pytest.mark.parametrize("resource,change,status,code,field", INVALID,
                         ids=[f"{r}-{f}-{c}" for r, _, _, c, f in INVALID])
def test_invalid_input_gets_a_4xx_with_code_and_field(engineer_client, resource, change, status, code, field):
    refs = post_graph(engineer_client)
    if "vendor" in change.values():  # a company that exists but lacks the role the column needs
        vendor = post_row(engineer_client, "companies", payload("companies") | {"roles": ["vendor"]})["id"]
        change = {key: vendor for key in change}
    response = engineer_client.post(f"/{resource}", json=payload(resource, refs) | change)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    if code.startswith("WF_"):
        assert body["details"] == field
    else:
        assert field in body["message"], body
    stored = engineer_client.get(f"/{resource}", params={"name": f"eq.{(payload(resource, refs) | change)['name']}"})
    assert stored.json() == [], "nothing is stored"


def test_unique_names_are_409_naming_the_constraint(engineer_client):
    for resource, key in [("fields", "name"), ("companies", "name"), ("leases", "lease_number")]:
        refs = post_graph(engineer_client)
        row = payload(resource, refs)
        post_row(engineer_client, resource, row)
        again = engineer_client.post(f"/{resource}", json=row)
        assert again.status_code == 409 and f"{resource}_{key}_key" in again.json()["message"], again.text


def test_a_well_cannot_point_at_another_organizations_lease(stack, http_tenants, engineer_client):
    _, bravo = http_tenants
    with stack.client(stack.login(bravo.emails["owner"])) as bravo_client:
        bravo_refs = post_graph(bravo_client)
    refs = post_graph(engineer_client)
    response = engineer_client.post("/wells", json=payload("wells", refs) | {"lease_id": bravo_refs["lease"]})
    assert response.status_code == 409 and response.json()["code"] == "23503"
    assert "wells_lease_id_fkey" in response.json()["message"]
    assert engineer_client.get(f"/leases?id=eq.{bravo_refs['lease']}").json() == []
    assert engineer_client.patch(f"/leases?id=eq.{bravo_refs['lease']}", json={"name": "Mine"},
                              headers=REPRESENTATION).json() == []
    assert engineer_client.delete(f"/fields?id=eq.{bravo_refs['field']}", headers=REPRESENTATION).json() == []
    foreign = engineer_client.post("/fields", json=payload("fields") | {"organization_id": str(bravo.id)})
    assert foreign.status_code == 403


def test_viewers_and_accountants_get_403_for_every_write(stack, http_tenants, engineer_client):
    alpha, _ = http_tenants
    refs = post_graph(engineer_client)
    for role in ("viewer", "accountant"):
        with stack.client(stack.login(alpha.emails[role])) as client:
            attempts = [client.post("/fields", json=payload("fields")),
                        client.patch(f"/leases?id=eq.{refs['lease']}", json={"name": "x"}),
                        client.delete(f"/companies?id=eq.{refs['company']}")]
            for response in attempts:
                assert response.status_code == 403, response.text
                assert response.json()["code"] == "WF_ROLE_FORBIDDEN" and role in response.json()["message"]
            assert client.get(f"/leases?id=eq.{refs['lease']}").json()[0]["name"] != "x"


def test_wells_embed_their_lease_field_and_operator(engineer_client):
    refs = post_graph(engineer_client)
    well = post_row(engineer_client, "wells", payload("wells", refs))
    response = engineer_client.get(
        f"/wells?id=eq.{well['id']}&select=well_number_formatted,lease:leases(lease_number,name),"
        "field:fields(name),operator:companies!wells_operator_company_id_fkey(name)")
    assert response.status_code == 200, response.text
    body = response.json()[0]
    assert body["lease"]["name"].startswith("Lease ") and body["field"]["name"].startswith("Field ")
    assert body["operator"]["name"].startswith("Company ")
    leases = engineer_client.get(f"/leases?id=eq.{refs['lease']}&select=lease_number,wells(well_number)").json()
    assert leases[0]["wells"] == [{"well_number": well["well_number"]}]


def test_reference_codes_are_listed(stack, engineer_client):
    texas = engineer_client.get("/well_number_counties?state_code=eq.42&county_code=eq.501").json()
    assert texas == [{"state_code": "42", "county_code": "501", "name": "YOAKUM", "offshore": False}]
    with stack.client() as anonymous:
        states = anonymous.get("/well_number_states?order=state_code").json()
    assert len(states) == 55 and states[7]["state_code"] == "08"


RESOURCES_IN_OPENAPI = ["fields", "companies", "leases", "wells", "audit_log", "well_number_states",
                        "well_number_counties", "production", "well_tests", "production_monthly_wells",
                        "production_monthly_leases", "production_monthly_fields", "production_monthly_organizations"]


def test_the_openapi_document_describes_every_asset_resource_and_column(stack):
    with stack.client() as client:
        document = client.get("/", headers={"Accept": "application/openapi+json"}).json()
    with psycopg.connect(stack.db_url) as conn:
        columns = conn.execute(
            "select c.relname, a.attname, col_description(c.oid, a.attnum) from pg_class c"
            " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped"
            " where c.relnamespace = 'api'::regnamespace and c.relname = any(%s)",
            [RESOURCES_IN_OPENAPI]).fetchall()
    assert len({table for table, _, _ in columns}) == len(RESOURCES_IN_OPENAPI)
    for table, column, comment in columns:
        definition = document["definitions"][table]
        assert definition["description"], table
        assert comment and comment in definition["properties"][column]["description"], (table, column)
    assert "/wells" in document["paths"] and "/rpc/import_production" in document["paths"]


def test_audit_rows_name_the_user_and_the_request(stack, http_tenants):
    alpha, _ = http_tenants
    request_id = f"curl-{uuid.uuid4().hex[:12]}"
    with stack.client(stack.login(alpha.emails["engineer"]), **{"X-Request-Id": request_id}) as engineer:
        refs = post_graph(engineer)
        well = post_row(engineer, "wells", payload("wells", refs))
        engineer.patch(f"/wells?id=eq.{well['id']}", json={"status": "producing"})
        assert engineer.get("/audit_log").json() == [], "engineers do not read the audit log"
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        rows = admin.get(f"/audit_log?request_id=eq.{request_id}&order=id").json()
        assert [(r["table_name"], r["action"]) for r in rows] == [
            ("fields", "insert"), ("companies", "insert"), ("leases", "insert"), ("wells", "insert"),
            ("wells", "update")]
        assert {r["user_id"] for r in rows} == {str(alpha.users["engineer"])}
        assert rows[-1]["changed_columns"] == ["status"] and rows[-1]["new_row"]["status"] == "producing"
        assert admin.patch(f"/audit_log?request_id=eq.{request_id}", json={"action": "delete"}).status_code in (401, 403, 405)
        assert admin.delete(f"/audit_log?request_id=eq.{request_id}").status_code in (401, 403, 405)
        assert len(admin.get(f"/audit_log?request_id=eq.{request_id}").json()) == 5
