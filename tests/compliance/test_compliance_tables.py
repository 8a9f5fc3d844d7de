"""Tenant isolation for every compliance table and view: reports, their files, schedules,
obligations, the calendar and data-quality issues."""

import psycopg
import pytest

from conftest import act_as, act_as_worker
from support.assets import insert
from support.compliance import generated, import_days, validate
from support.finance import wf_error


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
