"""Spatial wells and leases (PostGIS): a well's surface location is a point derived from its latitude
and longitude, leases carry a boundary set from GeoJSON, /wells and /leases answer GeoJSON with the
caller's rows only, and api.wells_near finds wells nearest first."""

import psycopg
import pytest

from support.assets import REPRESENTATION, payload, post_graph
from support.http_errors import error_of
from support.sessions import connect_as_analyst

GEOJSON = {"Accept": "application/geo+json"}
# Midland County, Texas: three wells on one meridian, 0, 0.1 and 0.3 degrees of latitude north.
ORIGIN = (31.9, -102.1)


def place(client, refs, latitude, longitude, name):
    row = payload("wells", refs) | {"surface_latitude": latitude, "surface_longitude": longitude, "name": name}
    response = client.post("/wells", json=row, headers=REPRESENTATION)
    assert response.status_code == 201, response.text
    return response.json()[0]


@pytest.fixture
def placed(stack, http_tenants):
    """Alpha's three wells north of ORIGIN and one Bravo well exactly at ORIGIN; their engineers' clients."""
    alpha, bravo = http_tenants
    clients = {}
    wells = {}
    for tenant in (alpha, bravo):
        clients[tenant.name] = stack.client(stack.login(tenant.emails["engineer"]))
    alpha_client, bravo_client = clients[alpha.name], clients[bravo.name]
    refs = post_graph(alpha_client)
    for offset, name in ((0.0, "Near 1H"), (0.1, "Middle 1H"), (0.3, "Far 1H")):
        wells[name] = place(alpha_client, refs, round(ORIGIN[0] + offset, 8), ORIGIN[1], name)
    wells["Bravo 1H"] = place(bravo_client, post_graph(bravo_client), ORIGIN[0], ORIGIN[1], "Bravo 1H")
    yield clients, wells, refs
    for client in clients.values():
        client.close()


def test_wells_answer_a_geojson_feature_collection_of_the_callers_wells_only(placed, http_tenants):
    alpha, bravo = http_tenants
    clients, wells, _ = placed
    response = clients[alpha.name].get("/wells", headers=GEOJSON)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(features) >= {"Near 1H", "Middle 1H", "Far 1H"}
    assert "Bravo 1H" not in features
    assert {f["properties"]["organization_id"] for f in collection["features"]} == {str(alpha.id)}
    assert features["Middle 1H"]["geometry"] == {"type": "Point", "coordinates": [-102.1, 32.0]}
    bravo_names = {f["properties"]["name"] for f in clients[bravo.name].get("/wells", headers=GEOJSON).json()["features"]}
    assert "Bravo 1H" in bravo_names and not bravo_names & {"Near 1H", "Middle 1H", "Far 1H"}


def test_wells_near_answers_nearest_first_with_distances_in_miles(placed, http_tenants):
    """On the WGS 84 spheroid one degree of latitude near 32 N is about 110.86 km, so 0.1 degree is
    11.086 km / 1.609344 = 6.89 miles and 0.3 degree 20.67 miles (checked to 0.05 mile)."""
    alpha, bravo = http_tenants
    clients, wells, _ = placed
    body = {"latitude": ORIGIN[0], "longitude": ORIGIN[1], "radius_miles": 10}
    near = clients[alpha.name].post("/rpc/wells_near", json=body)
    assert near.status_code == 200, near.text
    rows = near.json()
    assert [row["name"] for row in rows] == ["Near 1H", "Middle 1H"]
    assert rows[0]["distance_miles"] == 0 and abs(rows[1]["distance_miles"] - 6.89) < 0.05
    wider = clients[alpha.name].post("/rpc/wells_near", json=body | {"radius_miles": 25}).json()
    assert [row["name"] for row in wider] == ["Near 1H", "Middle 1H", "Far 1H"]
    assert abs(wider[2]["distance_miles"] - 20.67) < 0.05
    # Bravo, standing on Alpha's well, finds only its own.
    assert [row["name"] for row in clients[bravo.name].post("/rpc/wells_near", json=body | {"radius_miles": 25}).json()] \
        == ["Bravo 1H"]
    features = clients[alpha.name].post("/rpc/wells_near", json=body, headers=GEOJSON).json()
    assert features["type"] == "FeatureCollection" and len(features["features"]) == 2


@pytest.mark.parametrize("body, code, field", [
    ({"latitude": 91, "longitude": 0}, "WF_COORDINATE", "latitude"),
    ({"latitude": 30, "longitude": -181}, "WF_COORDINATE", "longitude"),
    ({"latitude": 30, "longitude": -100, "radius_miles": 0}, "WF_RADIUS", "radius_miles"),
    ({"latitude": 30, "longitude": -100, "radius_miles": 501}, "WF_RADIUS", "radius_miles"),
])
def test_wells_near_refuses_bad_points_and_radii(stack, http_tenants, body, code, field):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["viewer"])) as client:
        response = client.post("/rpc/wells_near", json=body)
        assert response.status_code == 400, response.text
        assert (error_of(response)["code"], error_of(response)["details"]) == (code, field)


def test_the_location_is_derived_and_a_value_for_it_is_refused_not_a_server_error(placed, http_tenants):
    alpha, _ = http_tenants
    clients, wells, refs = placed
    client = clients[alpha.name]
    for garbage in ("not a geometry", "POINT(1 2)"):
        for response in (client.post("/wells", json=payload("wells", refs) | {"surface_location": garbage}),
                         client.patch(f"/wells?id=eq.{wells['Near 1H']['id']}", json={"surface_location": garbage})):
            assert response.status_code == 400, response.text
            assert error_of(response)["code"] == "428C9" and "surface_location" in error_of(response)["message"]
    moved = client.patch(f"/wells?id=eq.{wells['Near 1H']['id']}", json={"surface_latitude": 31.95},
                         headers=REPRESENTATION).json()[0]
    assert moved["surface_location"]["coordinates"] == [-102.1, 31.95]
    cleared = client.patch(f"/wells?id=eq.{wells['Near 1H']['id']}", json={"surface_latitude": None},
                           headers=REPRESENTATION).json()[0]
    assert cleared["surface_location"] is None


SQUARE = {"type": "Polygon", "coordinates": [[[-102.2, 31.8], [-102.0, 31.8], [-102.0, 32.0], [-102.2, 32.0],
                                              [-102.2, 31.8]]]}


def test_a_lease_boundary_is_set_from_geojson_and_answered_as_geojson(placed, http_tenants):
    alpha, bravo = http_tenants
    clients, _, refs = placed
    client = clients[alpha.name]
    response = client.post("/rpc/set_lease_boundary", json={"lease_id": refs["lease"], "boundary": SQUARE})
    assert response.status_code == 200, response.text
    assert response.json()[0]["boundary"]["type"] == "Polygon"
    leases = client.get(f"/leases?id=eq.{refs['lease']}", headers=GEOJSON).json()
    assert leases["features"][0]["geometry"] == SQUARE
    # The engineer of another organization cannot set it, nor see it.
    other = clients[bravo.name].post("/rpc/set_lease_boundary", json={"lease_id": refs["lease"], "boundary": SQUARE})
    assert other.status_code == 404 and error_of(other)["code"] == "WF_LEASE_NOT_FOUND"
    assert clients[bravo.name].get(f"/leases?id=eq.{refs['lease']}").json() == []
    # Written through /leases it is refused (403), whatever the value.
    assert client.patch(f"/leases?id=eq.{refs['lease']}", json={"boundary": "garbage"}).status_code == 403
    cleared = client.post("/rpc/set_lease_boundary", json={"lease_id": refs["lease"], "boundary": None})
    assert cleared.status_code == 200 and cleared.json()[0]["boundary"] is None


BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


@pytest.mark.parametrize("boundary", [
    {"type": "Point", "coordinates": [-102, 32]},
    BOWTIE,
    {"type": "Polygon", "coordinates": "nope"},
    {"type": "Polygon", "coordinates": [[[-300, 0], [1, 1], [1, 0], [-300, 0]]]},
    [1, 2, 3],
])
def test_a_bad_boundary_is_refused_with_the_field(placed, http_tenants, boundary):
    alpha, _ = http_tenants
    clients, _, refs = placed
    response = clients[alpha.name].post("/rpc/set_lease_boundary", json={"lease_id": refs["lease"],
                                                                         "boundary": boundary})
    assert response.status_code == 400, response.text
    assert (error_of(response)["code"], error_of(response)["details"]) == ("WF_LEASE_BOUNDARY", "boundary")


def test_a_viewer_cannot_set_a_boundary(placed, stack, http_tenants):
    alpha, _ = http_tenants
    _, _, refs = placed
    with stack.client(stack.login(alpha.emails["viewer"])) as viewer:
        response = viewer.post("/rpc/set_lease_boundary", json={"lease_id": refs["lease"], "boundary": SQUARE})
        assert response.status_code == 403 and error_of(response)["code"] == "WF_ROLE_FORBIDDEN"


def test_an_analyst_reads_the_geometries_of_its_organization(placed, stack, http_tenants):
    alpha, _ = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as db:
        login = db.execute("select auth.create_analyst_login(%s, 'gis')", [alpha.id]).fetchone()[0]
        try:
            with connect_as_analyst(stack.db_url, login) as analyst:
                points = analyst.execute(
                    "select name, ST_AsText(surface_location) from wells where surface_location is not null"
                    " order by name").fetchall()
                assert ("Middle 1H", "POINT(-102.1 32)") in points
                assert "Bravo 1H" not in {name for name, _ in points}
                assert analyst.execute("select count(*) from wells_near(31.9, -102.1, 25)").fetchone()[0] == 3
        finally:
            db.execute("select auth.revoke_analyst_login(null, %s)", [login["role_name"]])
