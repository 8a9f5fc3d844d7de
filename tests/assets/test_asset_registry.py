"""The asset registry as a whole: fields, companies, leases and wells (sql/assets/*.sql) share
their tenant isolation per table and verb, role rules, CRUD and input checks; at the SQL level
acting as PostgREST does, and through nginx and PostgREST with real tokens."""

import json

import psycopg
import pytest
from psycopg import errors

from conftest import act_as
from support.assets import (READ_ONLY_ROLES, REPRESENTATION, RESOURCES, WRITER_ROLES, insert, payload, post_graph,
                            post_row)


def refs_of(graphs, tenant):
    return graphs[tenant.name]


KEY = {"fields": "field", "companies": "company", "leases": "lease", "wells": "well"}


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_tenant_reads_only_its_own_rows(db, tenants, graphs, resource):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "viewer")
        seen = {r[0] for r in db.execute(f"select organization_id from api.{resource}")}
        peek = db.execute(f"select count(*) from api.{resource} where id = %s",
                          [refs_of(graphs, bravo)[KEY[resource]]]).fetchone()[0]
    assert seen == {alpha.id} and peek == 0


@pytest.mark.parametrize("resource", RESOURCES)
def test_insert_into_another_organization_is_refused(db, tenants, graphs, resource):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {"organization_id": str(bravo.id)}
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "owner")
            insert(db, resource, row)
    # Either the row-level policy refuses it or, for rows that reference alpha's assets, the
    # composite foreign key does: (bravo, alpha's lease) does not exist.
    assert isinstance(caught.value, (errors.InsufficientPrivilege, errors.ForeignKeyViolation))


@pytest.mark.parametrize("resource", RESOURCES)
def test_update_and_delete_cannot_reach_another_organizations_rows(db, tenants, graphs, resource):
    alpha, bravo = tenants
    target = refs_of(graphs, bravo)[KEY[resource]]
    before = db.execute(f"select to_jsonb(t) from app.{resource} t where id = %s", [target]).fetchone()[0]
    with db.transaction():
        act_as(db, alpha, "owner")
        updated = db.execute(f"update api.{resource} set name = 'Taken over' where id = %s", [target]).rowcount
        deleted = db.execute(f"delete from api.{resource} where organization_id = %s", [bravo.id]).rowcount
    assert (updated, deleted) == (0, 0)
    after = db.execute(f"select to_jsonb(t) from app.{resource} t where id = %s", [target]).fetchone()[0]
    assert after == before


@pytest.mark.parametrize("resource", RESOURCES)
def test_moving_a_row_to_another_organization_is_refused(db, tenants, graphs, resource):
    alpha, bravo = tenants
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute(f"update api.{resource} set organization_id = %s where id = %s",
                       [bravo.id, refs_of(graphs, alpha)[KEY[resource]]])


@pytest.mark.parametrize("resource", RESOURCES)
def test_upsert_cannot_overwrite_another_organizations_row(db, tenants, graphs, resource):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {
        "organization_id": str(bravo.id), "id": str(refs_of(graphs, bravo)[KEY[resource]])}
    columns = ", ".join(row)
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute(f"insert into api.{resource} ({columns}) select {columns}"
                       f" from json_populate_record(null::api.{resource}, %s::json)"
                       f" on conflict (organization_id, id) do update set name = excluded.name",
                       [json.dumps(row)])
    assert db.execute(f"select name from app.{resource} where id = %s",
                      [refs_of(graphs, bravo)[KEY[resource]]]).fetchone()[0] != row["name"]


@pytest.mark.parametrize("resource,column,target", [
    ("leases", "field_id", "field"), ("wells", "lease_id", "lease"), ("wells", "field_id", "field"),
    ("wells", "operator_company_id", "company"), ("wells", "drilling_contractor_id", "company")])
def test_a_reference_to_another_organizations_row_is_refused(db, tenants, graphs, resource, column, target):
    alpha, bravo = tenants
    row = payload(resource, refs_of(graphs, alpha)) | {column: str(refs_of(graphs, bravo)[target])}
    with pytest.raises(errors.ForeignKeyViolation, match=f"{resource}_{column}_fkey"):
        with db.transaction():
            act_as(db, alpha, "owner")
            insert(db, resource, row)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", WRITER_ROLES + READ_ONLY_ROLES)
def test_asset_writes_per_role(db, tenants, graphs, resource, role):
    alpha, _ = tenants
    refs = refs_of(graphs, alpha)
    # Accountants keep owners' payment and tax records, so they write companies too.
    allowed = role in WRITER_ROLES or (resource == "companies" and role == "accountant")
    outcomes = {}
    for verb in ("insert", "update", "delete"):
        try:
            with db.transaction():
                act_as(db, alpha, role)
                if verb == "insert":
                    insert(db, resource, payload(resource, refs))
                elif verb == "update":
                    assert db.execute(f"update api.{resource} set name = name || ' (renamed)' where id = %s",
                                      [refs[KEY[resource]]]).rowcount == 1
                else:
                    row = insert(db, resource, payload(resource, refs)) if allowed else None
                    target = row["id"] if row else refs[KEY[resource]]
                    assert db.execute(f"delete from api.{resource} where id = %s", [target]).rowcount == 1
            outcomes[verb] = "ok"
        except psycopg.Error as error:
            assert "WF_ROLE_FORBIDDEN" in str(error), error
            assert role in json.loads(str(error).splitlines()[0])["message"]
            outcomes[verb] = "forbidden"
    expected = "ok" if allowed else "forbidden"
    assert outcomes == {"insert": expected, "update": expected, "delete": expected}


# --- over HTTP ---------------------------------------------------------------------------

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
    ("leases", {"lease_type": "federal"}, 400, "23514", "federal_lease_number"),
    ("leases", {"lease_type": "offshore"}, 400, "22P02", "lease_type"),
    ("leases", {"federal_lease_number": "nm 123"}, 400, "23514", "federal_lease_number"),
    ("leases", {"rrc_district": "11"}, 400, "23514", "rrc_district"),
    ("leases", {"rrc_lease_number": "1234567"}, 400, "23514", "rrc_lease_number"),
    ("leases", {"ocd_property_code": 31234}, 400, "23514", "ocd_property_code"),
    ("wells", {"ndic_file_number": 12345}, 400, "23514", "ndic_file_number"),
    ("fields", {"rrc_field_number": "1234"}, 400, "23514", "rrc_field_number"),
    ("fields", {"discovery_date": "2999-01-01"}, 400, "23514", "discovery_date"),
    ("fields", {"state_code": None}, 400, "23514", "county_code"),
    ("companies", {"owner_number": "no spaces allowed"}, 400, "23514", "owner_number"),
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


def test_viewers_and_accountants_get_403_for_every_write(stack, http_tenants, engineer_client):
    """Accountants keep owners' records, so of the asset resources they write companies only."""
    alpha, _ = http_tenants
    refs = post_graph(engineer_client)
    for role in ("viewer", "accountant"):
        with stack.client(stack.login(alpha.emails[role])) as client:
            attempts = [client.post("/fields", json=payload("fields")),
                        client.patch(f"/leases?id=eq.{refs['lease']}", json={"name": "x"})]
            if role == "viewer":
                attempts.append(client.delete(f"/companies?id=eq.{refs['company']}"))
            else:
                written = client.patch(f"/companies?id=eq.{refs['company']}", json={"owner_number": "OWN-7"},
                                       headers={"Prefer": "return=representation"})
                assert written.status_code == 200 and written.json()[0]["owner_number"] == "OWN-7", written.text
            for response in attempts:
                assert response.status_code == 403, response.text
                assert response.json()["code"] == "WF_ROLE_FORBIDDEN" and role in response.json()["message"]
            assert client.get(f"/leases?id=eq.{refs['lease']}").json()[0]["name"] != "x"
