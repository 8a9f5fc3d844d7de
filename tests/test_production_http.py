"""The production import as a client uses it: CSV and JSON through nginx and PostgREST."""

import csv
import io
from datetime import date, timedelta

import pytest

from assets import REPRESENTATION, payload, post_graph, post_row


def two_hundred_wells(client):
    refs = post_graph(client)
    leases = [refs["lease"]] + [post_row(client, "leases", payload("leases", refs))["id"] for _ in range(3)]
    rows = [payload("wells", refs | {"lease": leases[n % 4]}) for n in range(200)]
    response = client.post("/wells", json=rows, headers=REPRESENTATION)
    assert response.status_code == 201, response.text
    return leases, response.json()


def thirty_days_csv(wells, oil=100) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["well_number", "production_date", "oil_bbl", "gas_mcf", "water_bbl", "hours_on"])
    for n, well in enumerate(wells):
        for day in range(30):
            writer.writerow([well["well_number_formatted"], (date(2025, 4, 1) + timedelta(days=day)).isoformat(),
                             oil + n % 7, 250, 80, 24])
    return out.getvalue()


def lease_month(client, lease):
    rows = client.get(f"/production_monthly_leases?lease_id=eq.{lease}&month=eq.2025-04-01").json()
    return rows[0] if rows else None


def test_a_month_of_200_wells_imports_as_one_csv_and_the_lease_rollup_follows(engineer_client):
    leases, wells = two_hundred_wells(engineer_client)
    assert lease_month(engineer_client, leases[0]) is None
    response = engineer_client.post("/rpc/import_production", json={"csv": thirty_days_csv(wells)})
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["received"], report["inserted"], report["updated"], report["rejected"]) == (6000, 6000, 0, [])
    lease_wells = [w for w in wells if w["lease_id"] == leases[0]]
    expected_oil = sum((100 + wells.index(w) % 7) * 30 for w in lease_wells)
    month = lease_month(engineer_client, leases[0])
    assert month["oil_bbl"] == expected_oil and month["reported_days"] == 30 * len(lease_wells)
    assert month["gas_oil_ratio"] == round(250 * 30 * len(lease_wells) * 1000 / expected_oil, 1)

    again = engineer_client.post("/rpc/import_production", json={"csv": thirty_days_csv(wells, oil=101)}).json()
    assert (again["inserted"], again["updated"]) == (0, 6000)
    assert lease_month(engineer_client, leases[0])["oil_bbl"] == expected_oil + 30 * len(lease_wells)


def test_one_bad_row_is_reported_and_all_or_nothing_changes_nothing(engineer_client):
    leases, wells = two_hundred_wells(engineer_client)
    text = thirty_days_csv(wells[:10]).splitlines()
    text[5] = text[5].replace(",250,", ",-250,")
    body = "\n".join(text) + "\n"
    strict = engineer_client.post("/rpc/import_production", json={"csv": body})
    assert strict.status_code == 422, strict.text
    assert strict.json()["inserted"] == 0 and strict.json()["rejected"][0] | {"message": None} == {
        "line": 6, "well": wells[0]["well_number_formatted"], "production_date": "2025-04-05",
        "code": "WF_IMPORT_NEGATIVE_VOLUME", "field": "gas_mcf", "message": None}
    assert engineer_client.get(f"/production?well_id=eq.{wells[0]['id']}").json() == []
    lenient = engineer_client.post("/rpc/import_production", json={"csv": body, "mode": "accept_valid"})
    assert lenient.status_code == 200
    assert (lenient.json()["inserted"], [r["line"] for r in lenient.json()["rejected"]]) == (299, [6])
    assert len(engineer_client.get(f"/production?well_id=eq.{wells[0]['id']}").json()) == 29


def test_single_days_post_patch_delete_and_bad_input(engineer_client):
    _, wells = two_hundred_wells(engineer_client)
    well = wells[0]["id"]
    created = engineer_client.post("/production", json={"well_id": well, "production_date": "2025-05-01", "oil_bbl": 55.5},
                            headers=REPRESENTATION)
    assert created.status_code == 201, created.text
    patched = engineer_client.patch(f"/production?well_id=eq.{well}&production_date=eq.2025-05-01", json={"oil_bbl": 60},
                             headers=REPRESENTATION)
    assert patched.json()[0]["oil_bbl"] == 60
    assert engineer_client.get(f"/production_monthly_wells?well_id=eq.{well}").json()[0]["oil_bbl"] == 60
    future = engineer_client.post("/production", json={"well_id": well, "production_date": "2999-01-01"})
    assert future.status_code == 400 and "production_production_date_check" in future.json()["message"]
    hours = engineer_client.post("/production", json={"well_id": well, "production_date": "2025-05-02", "hours_on": 25})
    assert hours.status_code == 400 and "production_hours_on_check" in hours.json()["message"]
    duplicate = engineer_client.post("/production", json={"well_id": well, "production_date": "2025-05-01"})
    assert duplicate.status_code == 409
    assert engineer_client.delete(f"/production?well_id=eq.{well}").status_code == 204
    assert engineer_client.get(f"/production_monthly_wells?well_id=eq.{well}").json() == []


@pytest.mark.parametrize("resource,extra", [
    ("production", {"production_date": "2025-05-03"}),
    ("well_tests", {"test_date": "2025-05-03", "duration_hours": 24}),
])
@pytest.mark.parametrize("column,value", [("oil_bbl", "NaN"), ("gas_mcf", "Infinity"), ("water_bbl", "NaN")])
def test_volumes_refuse_nan_and_infinity(engineer_client, resource, extra, column, value):
    """Both are numeric values that pass `>= 0` and `= round(x, 3)`; the volume check names the column."""
    well = post_row(engineer_client, "wells", payload("wells", post_graph(engineer_client)))["id"]
    response = engineer_client.post(f"/{resource}", json={"well_id": well, column: value} | extra)
    assert response.status_code == 400, response.text
    assert f"{resource}_{column}_check" in response.json()["message"]
    assert engineer_client.get(f"/{resource}?well_id=eq.{well}").json() == []


def test_unknown_columns_and_oversized_requests_are_refused_whole(engineer_client):
    response = engineer_client.post("/rpc/import_production", json={"rows": [{"well": "x"}]})
    assert response.status_code == 400 and response.json()["code"] == "WF_IMPORT_UNKNOWN_COLUMN"
    assert response.json()["details"] == "well"
    bad_mode = engineer_client.post("/rpc/import_production", json={"rows": [], "mode": "sometimes"})
    assert bad_mode.status_code == 400 and "import_mode" in bad_mode.json()["message"]


def test_viewers_and_accountants_cannot_import(stack, http_tenants):
    alpha, _ = http_tenants
    for role in ("viewer", "accountant"):
        with stack.client(stack.login(alpha.emails[role])) as client:
            response = client.post("/rpc/import_production", json={"rows": []})
        assert response.status_code == 403 and response.json()["code"] == "WF_ROLE_FORBIDDEN", response.text
