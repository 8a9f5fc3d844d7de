"""Compliance at the SQL level: filing due dates rolled over weekends and holidays, obligations
and their status, the report workflow, data-quality validation, and tenant isolation."""

import datetime
import json

import psycopg
import pytest

from assets import create_graph, insert
from conftest import act_as, act_as_worker
from finance import wf_error

D = datetime.date


@pytest.mark.parametrize("agency,form,period,deadline,due", [
    # 15th of the second month; 2024-01-15 is Martin Luther King Jr. Day.
    ("NM-OCD", "C-115", "2023-11-01", D(2024, 1, 15), D(2024, 1, 16)),
    # 2027-02-15 is Washington's Birthday.
    ("NM-OCD", "C-115", "2026-12-01", D(2027, 2, 15), D(2027, 2, 16)),
    # 2025-11-15 is a Saturday.
    ("NM-OCD", "C-115", "2025-09-17", D(2025, 11, 15), D(2025, 11, 17)),
    ("NM-OCD", "C-115", "2025-08-01", D(2025, 10, 15), D(2025, 10, 15)),
    # Month end 2025-08-31 is a Sunday and 2025-09-01 Labor Day.
    ("ND-DMR", "FORM-5", "2025-07-01", D(2025, 8, 31), D(2025, 9, 2)),
    ("TX-RRC", "PR", "2026-06-01", D(2026, 7, 15), D(2026, 7, 15)),
    # 2026-07-03 is Independence Day observed (the 4th is a Saturday).
    ("ONRR", "OGOR", "2026-06-01", D(2026, 7, 31), D(2026, 7, 31)),
    ("ONRR", "OGOR", "2024-02-01", D(2024, 3, 31), D(2024, 4, 1)),
])
def test_due_dates_follow_the_rule_and_roll_over_weekends_and_holidays(db, agency, form, period, deadline, due):
    row = db.execute("select app.filing_deadline(%s, %s, %s), app.filing_due_date(%s, %s, %s)",
                     [agency, form, period] * 2).fetchone()
    assert row == (deadline, due)


def test_observed_holidays_count_as_holidays(db):
    assert db.execute("select app.next_business_day('2026-07-03')").fetchone()[0] == D(2026, 7, 6)
    assert db.execute("select count(*) from ref.us_federal_holidays where holiday between '2026-01-01' and '2026-12-31'"
                      ).fetchone()[0] == 12


@pytest.fixture
def nm_well(db, tenants):
    """Alpha's New Mexico well (Lea County) with a C-115 schedule from November 2023."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs = create_graph(db)
        refs["nm_well"] = insert(db, "wells", {"well_number": "30-025-51300", "name": "Lea State 1H",
                                               "lease_id": refs["lease"], "status": "producing",
                                               "spud_date": "2023-06-01", "first_production_date": "2023-10-01"})["id"]
        refs["schedule"] = insert(db, "compliance_schedules", {"agency": "NM-OCD", "form": "C-115",
                                                               "first_period": "2023-11-01"})["id"]
    return refs


def generated(db, tenant, report, files=()):
    with db.transaction():
        act_as_worker(db, tenant)
        db.execute("select app.store_report_files(%s, %s::jsonb)", [report, json.dumps(list(files))])


def obligations(db, tenant, as_of):
    with db.transaction():
        act_as(db, tenant, "viewer")
        return db.execute("select period, due_date, status::text, rolled_over, days_until_due"
                          " from app.compliance_obligations(%s) order by period", [as_of]).fetchall()


def test_obligations_are_upcoming_due_overdue_then_done(db, tenants, nm_well):
    alpha, bravo = tenants
    first = obligations(db, alpha, D(2024, 1, 1))
    assert [row[0] for row in first] == [D(2023, 11, 1), D(2023, 12, 1), D(2024, 1, 1)]
    period, due, status, rolled_over, days = first[0]
    assert (due, status, days) == (D(2024, 1, 16), "upcoming", 15)
    assert rolled_over == "Martin Luther King Jr. Day 2024-01-15"
    assert obligations(db, alpha, D(2024, 1, 2))[0][2] == "due"          # 14 days ahead: the reminder window
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "overdue"
    assert obligations(db, bravo, D(2024, 1, 17)) == []

    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2023-11-01')").fetchone()[0]
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "overdue"      # generating is not filed
    generated(db, alpha, report)
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("select api.submit_regulatory_report(%s, 'OCD-2024-000123')", [report])
    assert obligations(db, alpha, D(2024, 1, 17))[0][2] == "done"


def test_requesting_a_report_enqueues_its_generation_in_the_same_transaction(db, tenants, nm_well):
    alpha, _ = tenants

    def generation_jobs():
        return db.execute("select count(*) from procrastinate.procrastinate_jobs where task_name ="
                          " 'regulatory_reports__generate' and args ->> 'organization_id' = %s",
                          [str(alpha.id)]).fetchone()[0]

    before = generation_jobs()
    with pytest.raises(psycopg.errors.DivisionByZero):
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("select api.request_regulatory_report('NM-OCD', 'C-115', '2024-02-01')")
            db.execute("select 1 / 0")                                     # the change does not commit
    assert generation_jobs() == before
    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select to_json(r) from api.request_regulatory_report('NM-OCD', 'C-115', '2024-02-17') r"
                            ).fetchone()[0]
    assert generation_jobs() == before + 1
    assert (report["status"], report["period"], report["due_date"], report["amendment"]) == (
        "generating", "2024-02-01", "2024-04-15", 0)
    with db.transaction():
        act_as(db, alpha, "engineer")
        again = db.execute("select amendment from api.request_regulatory_report('NM-OCD', 'C-115', '2024-02-01')"
                           ).fetchone()[0]
    assert again == 1


@pytest.mark.parametrize("call,code,field", [
    ("select api.request_regulatory_report('NM-OCD', 'C-999', '2024-02-01')", "WF_REPORT_FORM", "form"),
    ("select api.request_regulatory_report('NM-OCD', 'C-115', date_trunc('month', current_date)::date)",
     "WF_REPORT_PERIOD", "period"),
    ("select api.submit_regulatory_report('01900000-0000-7000-8000-00000000dead', 'X')", "WF_REPORT_NOT_FOUND",
     "report_id"),
])
def test_report_requests_are_refused_with_a_code_and_field(db, tenants, nm_well, call, code, field):
    alpha, _ = tenants
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute(call)
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == (code, field)


def test_report_status_moves_only_along_the_workflow(db, tenants, nm_well):
    alpha, _ = tenants

    def as_engineer(sql, *args):
        with db.transaction():
            act_as(db, alpha, "engineer")
            return db.execute(sql, list(args)).fetchone()[0]

    report = as_engineer("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-03-01')")
    for sql, args in [("select api.submit_regulatory_report(%s, 'X-1')", [report]),
                      ("select api.record_regulatory_decision(%s, true)", [report])]:
        with pytest.raises(psycopg.Error) as caught:
            as_engineer(sql, *args)
        error = wf_error(caught.value)
        assert error["code"] == "WF_REPORT_ILLEGAL_TRANSITION" and "is generating" in error["message"]
    generated(db, alpha, report)
    with pytest.raises(psycopg.Error) as caught:
        as_engineer("select api.submit_regulatory_report(%s, '  ')", report)
    assert wf_error(caught.value)["details"] == "confirmation_number"
    assert as_engineer("select status from api.submit_regulatory_report(%s, 'OCD-1')", report) == "submitted"
    with pytest.raises(psycopg.Error) as caught:
        as_engineer("select api.record_regulatory_decision(%s, false)", report)
    assert wf_error(caught.value)["details"] == "reason"
    assert as_engineer("select status from api.record_regulatory_decision(%s, false, 'Wrong pool code')",
                       report) == "rejected"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_engineer("update app.regulatory_reports set status = 'accepted' where id = %s returning id", report)
    with pytest.raises(psycopg.Error, match="WF_REPORT_READ_ONLY"):           # even for a superuser
        db.execute("update app.regulatory_reports set status = 'accepted' where id = %s", [report])
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "viewer")
            db.execute("select api.request_regulatory_report('NM-OCD', 'C-115', '2024-04-01')")
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"


# --- data quality ------------------------------------------------------------------------

def import_days(db, tenant, rows):
    with db.transaction():
        act_as(db, tenant, "engineer")
        return db.execute("select api.import_production(%s::jsonb, null, 'accept_valid')", [json.dumps(rows)]).fetchone()[0]


def validate(db, tenant):
    with db.transaction():
        act_as_worker(db, tenant)
        return db.execute("select app.validate_production()").fetchone()[0]


def issues(db, tenant):
    return db.execute("select kind::text, field, issue_date, observed, status::text from app.data_quality_issues"
                      " where organization_id = %s order by kind, issue_date, field", [tenant.id]).fetchall()


def test_validation_flags_spikes_gaps_inactive_wells_and_early_production_then_resolves(db, tenants, nm_well):
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
    import_days(db, alpha, [{"well_id": well, "production_date": "2023-05-10", "oil_bbl": 5},
                            {"well_id": well, "production_date": "2024-05-28", "oil_bbl": 110, "gas_mcf": 200,
                             "water_bbl": 50}])
    validate(db, alpha)
    open_kinds = {(kind, day) for kind, _, day, _, status in issues(db, alpha) if status == "open"}
    assert open_kinds == {("production_on_inactive_well", D(2024, 5, 1)), ("production_before_spud", D(2023, 5, 1))}
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.wells set status = 'producing' where id = %s", [well])
        assert db.execute("select status_date from api.wells where id = %s", [well]).fetchone()[0] == D.today()
    assert issues(db, bravo) == []


def test_production_changes_queue_one_validation_job_per_organization(db, tenants, nm_well):
    alpha, _ = tenants

    def waiting():
        return db.execute("select count(*) from procrastinate.procrastinate_jobs where task_name = 'production__validate'"
                          " and status = 'todo' and args ->> 'organization_id' = %s", [str(alpha.id)]).fetchone()[0]

    for day in (1, 2, 3):
        import_days(db, alpha, [{"well_id": nm_well["nm_well"], "production_date": f"2024-06-0{day}", "oil_bbl": 10}])
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("delete from api.production where well_id = %s and production_date = '2024-06-01'", [nm_well["nm_well"]])
    assert waiting() == 1
    queued = db.execute("select count(*) from app.production_validation_queue where organization_id = %s",
                        [alpha.id]).fetchone()[0]
    assert queued == 1


# --- tenant isolation ----------------------------------------------------------------------

def test_compliance_rows_of_another_organization_are_invisible_and_untouchable(db, tenants, nm_well):
    alpha, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-07-01')").fetchone()[0]
    generated(db, alpha, report, [{"format": "csv", "file_name": "x.csv", "content_type": "text/csv",
                                   "content_base64": "YSxiCg=="}])
    import_days(db, alpha, [{"well_id": nm_well["nm_well"], "production_date": "2024-07-01", "oil_bbl": 10}])
    validate(db, alpha)
    for view in ("regulatory_reports", "regulatory_report_files", "compliance_schedules", "compliance_obligations",
                 "compliance_calendar", "data_quality_issues"):
        with db.transaction():
            act_as(db, bravo, "owner")
            assert db.execute(f"select count(*) from api.{view}").fetchone()[0] == 0, view
            if view == "compliance_schedules":
                assert db.execute("update api.compliance_schedules set active = false").rowcount == 0
                assert db.execute("delete from api.compliance_schedules").rowcount == 0
    for sql in (f"select api.submit_regulatory_report('{report}', 'X')",
                f"select api.download_report_file('{report}', 'csv')"):
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, bravo, "owner")
                db.execute(sql)
        assert wf_error(caught.value)["code"] in ("WF_REPORT_NOT_FOUND", "WF_REPORT_FILE_NOT_FOUND")
    with pytest.raises(psycopg.Error):
        with db.transaction():
            act_as(db, bravo, "owner")
            insert(db, "compliance_schedules", {"organization_id": str(alpha.id), "agency": "NM-OCD", "form": "C-115",
                                                "first_period": "2024-01-01"})
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="compliance_schedules_well_id_fkey"):
        with db.transaction():
            act_as(db, bravo, "owner")
            insert(db, "compliance_schedules", {"agency": "NM-OCD", "form": "C-115", "first_period": "2024-01-01",
                                                "scope": "well", "well_id": nm_well["nm_well"]})
    with db.transaction():
        act_as_worker(db, bravo)
        assert db.execute("select count(*) from app.regulatory_reports").fetchone()[0] == 0
        assert db.execute("select count(*) from app.data_quality_issues").fetchone()[0] == 0
        with pytest.raises(psycopg.Error):
            db.execute("select app.store_report_files(%s, '[]')", [report])


@pytest.mark.parametrize("scope,extra", [("lease", {}), ("well", {"lease_id": None}), ("organization", {"well": True})])
def test_schedule_scopes_need_exactly_their_entity(db, tenants, nm_well, scope, extra):
    alpha, _ = tenants
    row = {"agency": "TX-RRC", "form": "PR", "first_period": "2024-01-01", "scope": scope}
    if extra.get("well"):
        row["well_id"] = nm_well["nm_well"]
    with pytest.raises(psycopg.errors.CheckViolation, match="compliance_schedules_scope_check"):
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, "compliance_schedules", row)


def test_a_decision_must_say_accepted_or_not(db, tenants, nm_well):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        report = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-08-01')").fetchone()[0]
    generated(db, alpha, report)
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("select api.submit_regulatory_report(%s, 'OCD-9')", [report])
            db.execute("select api.record_regulatory_decision(%s, null)", [report])
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_REPORT_DECISION", "accepted")


@pytest.mark.parametrize("days", ["{NULL}", "{3,3}", "{}", "{-1}", "{91}"])
def test_reminder_lead_times_are_distinct_days_within_90(db, tenants, nm_well, days):
    alpha, _ = tenants
    with pytest.raises(psycopg.errors.CheckViolation, match="compliance_schedules_reminder_days_check"):
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("update api.compliance_schedules set reminder_days = %s::integer[] where id = %s",
                       [days, nm_well["schedule"]])


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
