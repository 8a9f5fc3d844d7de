"""Regulatory reports (sql/compliance/regulatory_reports.sql): requesting one enqueues its
generation in the same transaction, requests refused with a code and field, and the report workflow."""

import psycopg
import pytest

from conftest import act_as, act_as_worker
from support.assets import insert, payload
from support.compliance import generated
from support.finance import wf_error


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


def test_a_report_lists_the_operated_wells_of_the_leases_its_form_covers(db, tenants, nm_well):
    """In the same county as Lea State 1H: a well a partner operates (on no report of this organization) and a
    well on a federal lease. The C-115 lists the two operated wells; the OGOR only the federal lease's."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "wells", {"well_number": "30-025-51301", "name": "Lea Partner 2H", "lease_id": nm_well["lease"],
                             "status": "producing", "operated": False})
        federal = insert(db, "leases", payload("leases", nm_well) | {
            "lease_number": "NMNM-123456", "state_code": "30", "county_code": "025", "lease_type": "federal",
            "federal_lease_number": "NMNM123456", "ocd_property_code": 331245})
        federal_well = insert(db, "wells", {"well_number": "30-025-51302", "name": "Mesa Federal 3H",
                                            "lease_id": federal["id"], "status": "producing"})
        insert(db, "well_completions", {"well_id": federal_well["id"], "completion_code": "1", "ocd_pool_code": 98184})
        c115 = db.execute("select id from api.request_regulatory_report('NM-OCD', 'C-115', '2024-02-01')").fetchone()[0]
        ogor = db.execute("select id from api.request_regulatory_report('ONRR', 'OGOR', '2024-02-01')").fetchone()[0]
    with db.transaction():
        act_as_worker(db, alpha)
        rows = {report: [name for (name,) in db.execute(
                    "select well_name from app.regulatory_report_rows(%s)", [report]).fetchall()]
                for report in (c115, ogor)}
    assert rows == {c115: ["Lea State 1H", "Mesa Federal 3H"], ogor: ["Mesa Federal 3H"]}
