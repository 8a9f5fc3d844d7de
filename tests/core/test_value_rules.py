"""Value rules (sql/core/value_rules.sql) as a schema-wide guarantee: every date a user sets is
bounded, so no request can make the database derive work for every month since the year 1."""

import time
from datetime import date

import pytest
from psycopg import errors

from conftest import act_as

# Dates the database derives itself (from a bounded user date or from today), never typed by a user.
DERIVED = {("compliance_reminders", "period"), ("data_quality_issues", "issue_date"),
           ("production_monthly_fields", "month"), ("production_monthly_leases", "month"),
           ("production_monthly_organizations", "month"), ("production_monthly_wells", "month"),
           ("production_validation_queue", "month"), ("regulatory_reports", "due_date"),
           ("jib_lines", "service_date"), ("recoupment_accounts", "paid_out_month"),
           ("well_forecasts", "fit_start"), ("well_forecasts", "fit_end"), ("well_forecasts", "forecast_end"),
           ("well_forecast_months", "month")}


def test_every_date_a_user_sets_is_bounded(db):
    """A new table's date column fails here until a check calls app.is_sane_date on it."""
    columns = db.execute("""
        select c.relname, a.attname,
               coalesce((select string_agg(pg_get_constraintdef(k.oid), ' ') from pg_constraint k
                          where k.conrelid = c.oid and k.contype = 'c' and a.attnum = any (k.conkey)), '')
          from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'app' and c.relkind in ('r', 'p') and not c.relispartition
           and a.attnum > 0 and not a.attisdropped and a.atttypid = 'date'::regtype
           and a.attgenerated = ''""").fetchall()
    assert len(columns) >= 20
    unbounded = [f"{table}.{column}" for table, column, checks in columns
                 if (table, column) not in DERIVED and f"app.is_sane_date({column})" not in checks]
    assert unbounded == []
    assert db.execute("select app.is_sane_date('1899-12-31'), app.is_sane_date('1900-01-01'),"
                      " app.is_sane_date('2199-12-31'), app.is_sane_date('2200-01-01')").fetchone() == (
        False, True, True, False)


@pytest.mark.parametrize("statement,constraint", [
    ("insert into api.compliance_schedules (agency, form, first_period) values ('NM-OCD', 'C-115', '0001-01-01')",
     "compliance_schedules_first_period_check"),
    ("insert into api.compliance_schedules (agency, form, first_period) values ('NM-OCD', 'C-115', '1999-12-01')",
     "compliance_schedules_first_period_check"),
    ("update api.wells set status_date = '0001-01-01'", "wells_status_date_check"),
    ("update api.wells set spud_date = '1850-06-01'", "wells_spud_date_check"),
    ("insert into api.leases (lease_number, name, state_code, county_code, gross_acres, net_acres, effective_date)"
     " values ('L-1', 'Far', '42', '501', 640, 320, '9999-01-01')", "leases_effective_date_check"),
])
def test_a_far_off_date_is_refused_by_the_columns_check(db, tenants, statement, constraint):
    """Refused at once with the column's check (400 over HTTP), before any month is derived or queued."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("insert into api.wells (well_number, name) values ('42-501-20130', 'Far Off 1')")
    queued = db.execute("select count(*) from app.production_validation_queue").fetchone()[0]
    with pytest.raises(errors.CheckViolation, match=constraint):
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute(statement)
    assert db.execute("select count(*) from app.production_validation_queue").fetchone()[0] == queued
    assert db.execute("select count(*) from app.compliance_schedules where organization_id = %s",
                      [alpha.id]).fetchone()[0] == 0


def test_the_oldest_schedule_allowed_is_cheap_to_read(db, tenants):
    """A schedule from the first month the holiday calendar covers (2000-01) derives one obligation
    per month since then: about 320, read well within a second."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("insert into api.compliance_schedules (agency, form, first_period) values ('NM-OCD', 'C-115', '2000-01-01')")
        started = time.perf_counter()
        months = db.execute("select count(*) from api.compliance_obligations").fetchone()[0]
        elapsed = time.perf_counter() - started
    assert 300 <= months <= 12 * (date.today().year - 2000 + 1)
    assert elapsed < 1.0, f"{months} obligations took {elapsed:.2f} s"
