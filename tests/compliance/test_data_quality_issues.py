"""Data-quality issues (sql/compliance/data_quality_issues.sql): validation flags spikes, gaps and
production on inactive wells, then resolves them when the data is fixed."""

import datetime

import psycopg
import pytest

from conftest import act_as
from support.compliance import import_days, validate
from support.finance import wf_error


D = datetime.date


def issues(db, tenant):
    return db.execute("select kind::text, field, issue_date, observed, status::text from app.data_quality_issues"
                      " where organization_id = %s order by kind, issue_date, field", [tenant.id]).fetchall()


def test_validation_flags_spikes_gaps_and_inactive_wells_then_resolves(db, tenants, nm_well):
    alpha, bravo = tenants
    well = nm_well["nm_well"]
    days = [{"well_id": well, "production_date": f"2024-05-{d:02d}", "oil_bbl": 100, "gas_mcf": 200, "water_bbl": 50}
            for d in range(1, 32) if d != 20]
    days[14]["oil_bbl"] = 900                                              # 2024-05-15: a spike
    import_days(db, alpha, days)
    assert validate(db, alpha) == 2
    found = issues(db, alpha)
    assert [(kind, field, day) for kind, field, day, _, _ in found] == [
        ("missing_days", "production_date", D(2024, 5, 1)), ("spike", "oil_bbl", D(2024, 5, 15))]
    assert found[0][3] == 1 and found[1][3] == 900

    import_days(db, alpha, [{"well_id": well, "production_date": "2024-05-15", "oil_bbl": 101, "gas_mcf": 200,
                             "water_bbl": 50},
                            {"well_id": well, "production_date": "2024-05-20", "oil_bbl": 99, "gas_mcf": 200,
                             "water_bbl": 50}])
    assert validate(db, alpha) == 0
    assert {status for *_, status in issues(db, alpha)} == {"resolved"}
    assert validate(db, alpha) == 0                                        # nothing queued: nothing to do

    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'shut_in', status_date = '2024-05-25' where id = %s", [well])
    result = import_days(db, alpha, [{"well_id": well, "production_date": "2023-05-10", "oil_bbl": 5},
                                     {"well_id": well, "production_date": "2024-05-28", "oil_bbl": 110,
                                      "gas_mcf": 200, "water_bbl": 50}])
    # A day before the spud date (2023-06-01) is refused at the door; the rule below still flags
    # such days when a spud date is corrected after the production was recorded.
    assert [r["code"] for r in result["rejected"]] == ["WF_IMPORT_BEFORE_SPUD"]
    validate(db, alpha)
    open_kinds = {(kind, day) for kind, _, day, _, status in issues(db, alpha) if status == "open"}
    assert open_kinds == {("production_on_inactive_well", D(2024, 5, 1))}
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'producing' where id = %s", [well])
        assert db.execute("select status_date from api.wells where id = %s", [well]).fetchone()[0] == D.today()
    assert issues(db, bravo) == []


def test_removing_a_day_or_changing_a_status_revalidates_the_months_concerned(db, tenants, nm_well):
    alpha, _ = tenants
    well = nm_well["nm_well"]
    days = [{"well_id": well, "production_date": f"2024-09-{d:02d}", "oil_bbl": 100} for d in range(1, 31)]
    days[19]["oil_bbl"] = 800
    import_days(db, alpha, days)
    validate(db, alpha)
    assert [(kind, day, status) for kind, _, day, _, status in issues(db, alpha)] == [
        ("spike", D(2024, 9, 20), "open")]
    with pytest.raises(psycopg.Error) as caught:                   # a day keeps its date: both storage paths
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("update api.production set production_date = '2024-10-20' where well_id = %s"
                       " and production_date = '2024-09-20'", [well])
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == (
        "WF_PRODUCTION_KEY_FIXED", "production_date")
    with db.transaction():                                             # moving it is a delete and an insert
        act_as(db, alpha, "engineer")
        db.execute("delete from api.production where well_id = %s and production_date = '2024-09-20'", [well])
        db.execute("insert into api.production (well_id, production_date, oil_bbl) values (%s, '2024-10-20', 800)",
                   [well])
    validate(db, alpha)
    found = {(kind, day, status) for kind, _, day, _, status in issues(db, alpha)}
    assert ("spike", D(2024, 9, 20), "resolved") in found and ("missing_days", D(2024, 9, 1), "open") in found

    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'plugged_and_abandoned', status_date = '2024-09-25' where id = %s", [well])
    validate(db, alpha)
    assert ("production_on_inactive_well", D(2024, 9, 1), "open") in {
        (kind, day, status) for kind, _, day, _, status in issues(db, alpha)}
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'producing', status_date = '2024-09-25' where id = %s", [well])
    validate(db, alpha)
    assert ("production_on_inactive_well", D(2024, 9, 1), "resolved") in {
        (kind, day, status) for kind, _, day, _, status in issues(db, alpha)}
