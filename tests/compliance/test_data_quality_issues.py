"""Data-quality issues (sql/compliance/data_quality_issues.sql): validation flags spikes, gaps and
production on inactive wells, then resolves them when the data is fixed."""

import datetime

import psycopg
import pytest

from conftest import act_as
from support.assets import create_graph, insert
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


def test_ratio_limits_are_settings_and_a_texas_oil_well_past_100000_cf_a_barrel_is_a_gas_well(db, tenants):
    """A Texas oil well making 10 bbl and 600 mcf a day in March 2024: GOR 600 x 1000 / 10 = 60,000 scf/bbl, over
    the default 50,000. The organization's limit of 70,000 clears it; its field's 55,000 flags it again. In April,
    10 bbl and 1,200 mcf a day: 120,000 cf/bbl, a gas well by Texas Natural Resources Code §86.002, reported as a
    reclassification and not as out of range. Another organization's limits change nothing here."""
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs = create_graph(db)
    for month, gas in (("03", 600), ("04", 1200)):
        import_days(db, alpha, [{"well_id": refs["well"], "production_date": f"2024-{month}-{d:02d}", "oil_bbl": 10,
                                 "gas_mcf": gas, "water_bbl": 5} for d in range(1, 31)])
    validate(db, alpha)

    def ratio_findings():
        return db.execute(
            "select kind::text, issue_date, observed, expected, status::text, message from app.data_quality_issues"
            " where well_id = %s and field = 'gas_mcf' order by issue_date, kind", [refs["well"]]).fetchall()

    def revalidate():
        db.execute("insert into app.production_validation_queue (organization_id, well_id, month)"
                   " values (%s, %s, '2024-03-01'), (%s, %s, '2024-04-01') on conflict do nothing",
                   [alpha.id, refs["well"]] * 2)
        validate(db, alpha)

    march, april = ratio_findings()
    assert march[:5] == ("gas_oil_ratio_out_of_range", D(2024, 3, 1), 60000, 50000, "open")
    assert march[5] == "Monthly GOR 60000.0 scf/bbl is above 50,000 for an oil well"
    assert april[:5] == ("gas_well_reclassification", D(2024, 4, 1), 120000, 100000, "open")
    assert "§86.002" in april[5] and "Railroad Commission" in april[5]

    with db.transaction():
        act_as(db, bravo, "engineer")
        insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 40000, "water_cut_limit": 0.5})
    with db.transaction():
        act_as(db, alpha, "engineer")
        organization = insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 70000, "water_cut_limit": 0.99})
    revalidate()
    assert [(kind, status) for kind, _, _, _, status, _ in ratio_findings()] == [
        ("gas_oil_ratio_out_of_range", "resolved"), ("gas_well_reclassification", "open")]
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "data_quality_settings", {"field_id": refs["field"], "gas_oil_ratio_limit": 55000, "water_cut_limit": 0.99})
    revalidate()
    assert ratio_findings()[0][3:5] == (55000, "open")
    with pytest.raises(psycopg.errors.UniqueViolation):
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 1, "water_cut_limit": 0.5})
    for change, constraint in (({"water_cut_limit": 1.5}, "water_cut_limit"), ({"gas_oil_ratio_limit": 0}, "gas_oil_ratio_limit")):
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            with db.transaction():
                act_as(db, alpha, "engineer")
                db.execute(f"update api.data_quality_settings set {next(iter(change))} = %s where id = %s",
                           [next(iter(change.values())), organization["id"]])
        assert f"data_quality_settings_{constraint}_check" in str(caught.value)


@pytest.mark.parametrize("role,allowed", [("viewer", False), ("accountant", False), ("engineer", True)])
def test_only_asset_writers_set_limits_and_no_one_touches_another_organizations(db, tenants, role, allowed):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, bravo, "engineer")
        theirs = insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 40000, "water_cut_limit": 0.5})
    if allowed:
        with db.transaction():
            act_as(db, alpha, role)
            insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 60000, "water_cut_limit": 0.98})
    else:
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, alpha, role)
                insert(db, "data_quality_settings", {"gas_oil_ratio_limit": 60000, "water_cut_limit": 0.98})
        assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    with db.transaction():
        act_as(db, alpha, "owner")
        assert db.execute("select count(*) from api.data_quality_settings where id = %s", [theirs["id"]]).fetchone()[0] == 0
        assert db.execute("update api.data_quality_settings set water_cut_limit = 0.9 where id = %s",
                          [theirs["id"]]).rowcount == 0
        assert db.execute("delete from api.data_quality_settings where id = %s", [theirs["id"]]).rowcount == 0
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("insert into api.data_quality_settings (organization_id, gas_oil_ratio_limit, water_cut_limit)"
                       " values (%s, 1, 0.5)", [bravo.id])
