"""Wells (sql/assets/wells.sql): the well number stored as 14 digits and shown dashed, the offshore
flag, references that stay inside the organization, and embedding the lease, field and operator."""

from support.assets import REPRESENTATION, payload, post_graph, post_row


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


def test_a_lateral_length_is_finite_and_under_100000_feet(engineer_client):
    """'NaN' and 'Infinity' pass `> 0` and `= round(x, 2)`; the upper bound refuses them, and an
    absurd length, with the check's name; a real one is kept."""
    refs = post_graph(engineer_client)
    for number, length in [("42-501-30001", "NaN"), ("42-501-30002", "Infinity"), ("42-501-30003", 100000)]:
        response = engineer_client.post("/wells", json=payload("wells", refs) | {"well_number": number,
                                                                               "lateral_length": length})
        assert response.status_code == 400, response.text
        assert "wells_lateral_length_check" in response.json()["message"]
    assert engineer_client.get("/wells?well_number=like.4250130*").json() == []
    kept = post_row(engineer_client, "wells", payload("wells", refs) | {"well_number": "42-501-30004",
                                                                       "lateral_length": 12500.5})
    assert kept["lateral_length"] == 12500.5
