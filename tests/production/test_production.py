"""Daily production (sql/production/production.sql): bulk import by JSON and CSV, single edits,
tenant isolation and role rules, partitions (and hypertable chunks) that no role reaches directly,
and the task that keeps partitions ahead. Runs on both storage paths; at the SQL level and through
nginx and PostgREST."""

import csv
import io
import json
import time
from datetime import date, timedelta

import psycopg
import pytest
from psycopg import errors

from support import run_task
from conftest import act_as
from support.assets import READ_ONLY_ROLES, REPRESENTATION, WRITER_ROLES, insert, payload, post_graph, post_row
from support.production import DAYS, daily, import_rows, make_wells

NATIVE = "select count(*) = 0 from pg_extension where extname = 'timescaledb'"


def test_import_json_inserts_then_is_idempotent_then_updates(db, alpha_wells):
    alpha, lease, wells = alpha_wells
    rows = daily(wells)
    with db.transaction():
        act_as(db, alpha, "engineer")
        first = import_rows(db, rows)
        again = import_rows(db, rows)
        rows[0]["oil_bbl"] = 999
        changed = import_rows(db, rows)
    assert (first["inserted"], first["updated"], first["unchanged"], first["rejected"]) == (90, 0, 0, [])
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 90)
    assert (changed["inserted"], changed["updated"], changed["unchanged"]) == (0, 1, 89)


def test_wells_may_be_named_by_id_or_by_number_in_any_form(db, alpha_wells):
    alpha, _, wells = alpha_wells
    digits = wells[1]["well_number"]
    rows = [{"well_id": wells[0]["id"], "production_date": "2025-03-01", "oil_bbl": 1},
            {"well_number": digits, "production_date": "2025-03-01", "oil_bbl": 1},
            {"well_number": f"{digits[:2]}-{digits[2:5]}-{digits[5:10]}", "production_date": "2025-03-02", "oil_bbl": 1},
            {"well_number": wells[2]["well_number"][:10], "production_date": "2025-03-01", "oil_bbl": 1}]
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, rows)
    assert result["inserted"] == 4 and result["rejected"] == []


# (row change, code, field)
BAD_ROWS = [
    ({"well_number": "42-329-99999"}, "WF_IMPORT_UNKNOWN_WELL", "well_number"),
    ({"well_number": None, "well_id": "01900000-0000-7000-8000-00000000dead"}, "WF_IMPORT_UNKNOWN_WELL", "well_id"),
    ({"well_number": None}, "WF_IMPORT_WELL_REQUIRED", "well_number"),
    ({"oil_bbl": -1}, "WF_IMPORT_NEGATIVE_VOLUME", "oil_bbl"),
    ({"water_bbl": -0.5}, "WF_IMPORT_NEGATIVE_VOLUME", "water_bbl"),
    ({"gas_mcf": "lots"}, "WF_IMPORT_NOT_A_NUMBER", "gas_mcf"),
    ({"oil_bbl": 1.0001}, "WF_IMPORT_PRECISION", "oil_bbl"),
    ({"production_date": "2999-01-01"}, "WF_IMPORT_FUTURE_DATE", "production_date"),
    ({"production_date": "2025-02-30"}, "WF_IMPORT_BAD_DATE", "production_date"),
    ({"production_date": "03/01/2025"}, "WF_IMPORT_BAD_DATE", "production_date"),
    ({"hours_on": 25}, "WF_IMPORT_HOURS_RANGE", "hours_on"),
    ({"hours_on": "all day"}, "WF_IMPORT_NOT_A_NUMBER", "hours_on"),
    ({"choke_64ths": 12.5}, "WF_IMPORT_CHOKE_RANGE", "choke_64ths"),
    ({"tubing_pressure_psi": -3}, "WF_IMPORT_PRESSURE_RANGE", "tubing_pressure_psi"),
    ({"downtime_reason": "x" * 201}, "WF_IMPORT_TOO_LONG", "downtime_reason"),
    # Values the fast path's table constraints cannot see by themselves (optional columns that are
    # not numbers, NaN, a choke that is not whole): each must still reach the per-row report.
    ({"tubing_pressure_psi": "high"}, "WF_IMPORT_PRESSURE_RANGE", "tubing_pressure_psi"),
    ({"casing_pressure_psi": "1e3"}, "WF_IMPORT_PRESSURE_RANGE", "casing_pressure_psi"),
    ({"choke_64ths": "ten"}, "WF_IMPORT_CHOKE_RANGE", "choke_64ths"),
    ({"choke_64ths": 99999999999}, "WF_IMPORT_CHOKE_RANGE", "choke_64ths"),
    ({"oil_bbl": "NaN"}, "WF_IMPORT_NOT_A_NUMBER", "oil_bbl"),
    ({"hours_on": "Infinity"}, "WF_IMPORT_NOT_A_NUMBER", "hours_on"),
    ({"hours_on": 23.999}, "WF_IMPORT_HOURS_RANGE", "hours_on"),
    ({"production_date": "1899-12-31"}, "WF_IMPORT_BAD_DATE", "production_date"),
]


@pytest.mark.parametrize("change,code,field", BAD_ROWS, ids=[f"{c}-{f}" for _, c, f in BAD_ROWS])
def test_each_bad_row_is_reported_with_line_code_and_field(db, alpha_wells, change, code, field):
    alpha, _, wells = alpha_wells
    rows = daily(wells[:1], DAYS[:3])
    rows[1] = {k: v for k, v in (rows[1] | change).items() if v is not None}
    with db.transaction():
        act_as(db, alpha, "engineer")
        strict = import_rows(db, rows)
        stored_after_strict = db.execute("select count(*) from api.production").fetchone()[0]
        lenient = import_rows(db, rows, mode="accept_valid")
    assert strict["inserted"] == 0 and stored_after_strict == 0
    assert [(r["line"], r["code"], r["field"]) for r in strict["rejected"]] == [(2, code, field)]
    assert strict["rejected"][0]["message"]
    assert (lenient["inserted"], [r["line"] for r in lenient["rejected"]]) == (2, [2])


def test_a_duplicate_inside_the_payload_names_the_first_line(db, alpha_wells):
    alpha, _, wells = alpha_wells
    rows = daily(wells[:1], DAYS[:2])
    rows.append(dict(rows[0], oil_bbl=5))
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, rows, mode="accept_valid")
    assert result["inserted"] == 2
    assert [(r["line"], r["code"], r["message"]) for r in result["rejected"]] == [
        (3, "WF_IMPORT_DUPLICATE_ROW", "Line 1 already has this well and day")]


def test_a_duplicate_in_an_otherwise_valid_load_rejects_the_whole_load(db, alpha_wells):
    """The plain insert of a valid load fails on the repeated day; the careful path reports it."""
    alpha, _, wells = alpha_wells
    rows = daily(wells, DAYS[:10])
    rows.append(dict(rows[4], oil_bbl=5))
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, rows)
        stored = db.execute("select count(*) from api.production").fetchone()[0]
        months = db.execute("select count(*) from api.production_monthly_wells").fetchone()[0]
    assert (result["inserted"], stored, months) == (0, 0, 0)
    assert [(r["line"], r["code"], r["field"], r["message"]) for r in result["rejected"]] == [
        (31, "WF_IMPORT_DUPLICATE_ROW", "production_date", "Line 5 already has this well and day")]


def test_a_load_mixing_new_and_existing_days_counts_each_and_keeps_rollups_exact(db, alpha_wells):
    """New days after existing ones: the plain insert fails part-way and the upsert takes over."""
    alpha, lease, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], DAYS[:10]))
        rows = daily(wells[:1], DAYS[:20])  # days 1-10 exist, 11-20 are new
        rows[2]["oil_bbl"] = 555
        result = import_rows(db, rows, mode="accept_valid")
        stored = db.execute("select count(*), sum(oil_bbl) from api.production").fetchone()
        rollup = db.execute("select sum(oil_bbl), sum(producing_days) from api.production_monthly_leases"
                            " where lease_id = %s", [lease]).fetchone()
    assert (result["inserted"], result["updated"], result["unchanged"]) == (10, 1, 9)
    assert stored[0] == 20 and rollup == (stored[1], 20)


def test_a_row_that_is_not_an_object_is_reported_in_a_load_otherwise_valid(db, alpha_wells):
    alpha, _, wells = alpha_wells
    rows = daily(wells[:1], DAYS[:3])
    rows.insert(1, ["not", "an", "object"])
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, rows, mode="accept_valid")
    assert result["inserted"] == 3
    assert [(r["line"], r["code"], r["field"]) for r in result["rejected"]] == [(2, "WF_IMPORT_NOT_AN_OBJECT", "rows")]


def test_web_roles_cannot_call_the_import_staging_function(db):
    """It takes the organization as an argument, so only the security-definer import may call it."""
    callers = db.execute("""
        select r.rolname from pg_roles r
         where r.rolname in ('wellflow_user', 'wellflow_anon', 'wellflow_worker', 'wellflow_analyst', 'wellflow_api')
           and has_function_privilege(r.oid, 'app.production_import_rows(uuid, jsonb, text, integer, integer[])',
                                      'execute')""").fetchall()
    assert db.execute("select count(*) from pg_roles where rolname in ('wellflow_user', 'wellflow_worker')").fetchone()[0] == 2
    assert callers == []


@pytest.mark.parametrize("body,code,field", [
    ({"rows": [{"well_number": "x", "production_date": "2025-01-01", "oil": 1}]}, "WF_IMPORT_UNKNOWN_COLUMN", "oil"),
    ({"rows": {"well_number": "x"}}, "WF_IMPORT_PAYLOAD", "rows"),
    ({}, "WF_IMPORT_PAYLOAD", "rows"),
    ({"csv": "well_number,production_date\n", "rows": []}, "WF_IMPORT_PAYLOAD", "rows"),
])
def test_malformed_requests_are_refused_whole(db, alpha_wells, body, code, field):
    alpha, _, _ = alpha_wells
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            import_rows(db, body.get("rows"), body.get("csv"))
    error = json.loads(str(caught.value).splitlines()[0])
    assert (error["code"], error["details"]) == (code, field)


def test_more_than_50000_rows_is_413(db, alpha_wells):
    alpha, _, wells = alpha_wells
    line = f"{wells[0]['well_number']},2025-01-01,1\n"
    with pytest.raises(psycopg.Error, match="WF_IMPORT_TOO_LARGE"):
        with db.transaction():
            act_as(db, alpha, "engineer")
            import_rows(db, csv_text="well_number,production_date,oil_bbl\n" + line * 50001)


@pytest.mark.parametrize("body, status, code", [
    ("\n" * 5_000_000, 413, "WF_IMPORT_TOO_LARGE"),               # 5 million blank lines
    ("," * 17_000_000, 413, "WF_IMPORT_TOO_LARGE"),                # 17 MB, over 16 MiB
    ("\n2025-01-01," + "9" * 5000 + "\n", 400, "WF_IMPORT_LINE_TOO_LONG"),
])
def test_absurd_csv_sizes_are_refused_before_parsing_in_well_under_a_second(db, alpha_wells, body, status, code):
    alpha, _, _ = alpha_wells
    started = time.perf_counter()
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            import_rows(db, csv_text="well_number,production_date,oil_bbl" + body)
    seconds = time.perf_counter() - started
    error = json.loads(str(caught.value).splitlines()[0])
    assert (error["code"], error["details"]) == (code, "csv") and seconds < 1, (error, seconds)
    assert json.loads(caught.value.diag.message_detail)["status"] == status


def test_csv_rows_with_the_wrong_field_count_and_quoted_commas(db, alpha_wells):
    alpha, _, wells = alpha_wells
    number = wells[0]["well_number"]
    text = ("well_number,production_date,oil_bbl,downtime_reason\r\n"
            f"{number},2025-03-01,10,\"rod pump, parted\"\r\n"
            f"{number},2025-03-02,10\r\n"
            "\r\n"
            f"{number},2025-03-03,10,\"said \"\"no\"\"\"\r\n")
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, csv_text=text, mode="accept_valid")
        reasons = dict(db.execute("select production_date::text, downtime_reason from api.production").fetchall())
    assert result["inserted"] == 2
    assert [(r["line"], r["code"]) for r in result["rejected"]] == [(3, "WF_IMPORT_COLUMN_COUNT")]
    assert reasons == {"2025-03-01": "rod pump, parted", "2025-03-03": 'said "no"'}


def test_production_and_well_tests_cannot_reach_another_organization(db, tenants, alpha_wells):
    alpha, lease, wells = alpha_wells
    _, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], DAYS[:2]))
        insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-01", "duration_hours": 24,
                                  "oil_bbl": 100})
    before = db.execute("select count(*), sum(oil_bbl) from app.production").fetchone()
    with db.transaction():
        act_as(db, bravo, "owner")
        assert db.execute("update api.production set oil_bbl = 0").rowcount == 0
        assert db.execute("delete from api.production").rowcount == 0
        assert db.execute("update api.well_tests set oil_bbl = 0").rowcount == 0
        assert db.execute("delete from api.well_tests").rowcount == 0
        result = import_rows(db, daily(wells[:1], DAYS[:2], by="id"), mode="accept_valid")
        assert result["inserted"] == 0 and {r["code"] for r in result["rejected"]} == {"WF_IMPORT_UNKNOWN_WELL"}
    assert db.execute("select count(*), sum(oil_bbl) from app.production").fetchone() == before
    for view, row in [("production", {"well_id": wells[0]["id"], "production_date": "2025-03-09", "oil_bbl": 1}),
                      ("well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-09", "duration_hours": 4})]:
        with pytest.raises(errors.ForeignKeyViolation, match=f"{view}_well_id_fkey"):
            with db.transaction():
                act_as(db, bravo, "owner")
                insert(db, view, row)
        with pytest.raises(psycopg.Error):
            with db.transaction():
                act_as(db, bravo, "owner")
                insert(db, view, row | {"organization_id": str(alpha.id)})


@pytest.mark.parametrize("role", WRITER_ROLES + READ_ONLY_ROLES)
def test_production_writes_per_role(db, alpha_wells, role):
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], DAYS[:2]))
    attempts = {
        "import": lambda: import_rows(db, daily(wells[:1], DAYS[2:3])),
        "insert": lambda: insert(db, "production", {"well_id": wells[1]["id"], "production_date": "2025-03-05"}),
        "update": lambda: db.execute("update api.production set oil_bbl = 1"),
        "delete": lambda: db.execute("delete from api.production"),
        "well test": lambda: insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-01",
                                                       "duration_hours": 24}),
    }
    for name, attempt in attempts.items():
        try:
            with db.transaction():
                act_as(db, alpha, role)
                attempt()
            outcome = "ok"
        except psycopg.Error as error:
            assert "WF_ROLE_FORBIDDEN" in str(error), (name, error)
            outcome = "forbidden"
        assert outcome == ("ok" if role in WRITER_ROLES else "forbidden"), (name, role)


def storage_count(db) -> int:
    """Partitions (native) or chunks (TimescaleDB) of app.production."""
    return db.execute("select count(*) from pg_inherits where inhparent = 'app.production'::regclass").fetchone()[0]


def last_five_days_ms(db, tenant, well_id) -> float:
    """Median of 30 runs of one well's last five days, as its organization's viewer."""
    timings = []
    with db.transaction():
        act_as(db, tenant, "viewer")
        for _ in range(30):
            started = time.perf_counter()
            db.execute("select * from api.production where well_id = %s and production_date > current_date - 5"
                       " order by production_date", [well_id]).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)[len(timings) // 2]


def test_history_back_to_1900_is_cheap_creates_no_partition_and_leaves_others_as_fast(db, tenants, alpha_wells):
    """The day 1900-01-01 and yesterday in one import: answered in well under a second, no
    partition or chunk is created for the history (at most one for yesterday's month on
    TimescaleDB, which creates chunks on insert), and the other organization's query of its
    well's last five days is as fast afterwards (within 2x or 5 ms of before)."""
    alpha, _, wells = alpha_wells
    _, bravo = tenants
    db.execute("update app.wells set spud_date = null where id = %s", [wells[0]["id"]])
    with db.transaction():
        act_as(db, bravo, "engineer")
        _, bravo_wells = make_wells(db, 1)
        import_rows(db, daily(bravo_wells, [date.today() - timedelta(days=n) for n in range(1, 8)]))
    before_ms = last_five_days_ms(db, bravo, bravo_wells[0]["id"])
    partitions = storage_count(db)
    with db.transaction():
        act_as(db, alpha, "engineer")
        started = time.perf_counter()
        result = import_rows(db, daily(wells[:1], [date(1900, 1, 1), date.today() - timedelta(days=1)]))
        seconds = time.perf_counter() - started
    assert result["inserted"] == 2 and seconds < 1, (result, seconds)
    assert storage_count(db) - partitions <= (0 if db.execute(NATIVE).fetchone()[0] else 1)
    after_ms = last_five_days_ms(db, bravo, bravo_wells[0]["id"])
    assert after_ms <= max(2 * before_ms, before_ms + 5), (before_ms, after_ms)
    if db.execute(NATIVE).fetchone()[0]:
        home = db.execute("select tableoid::regclass::text from app.production where production_date = '1900-01-01'"
                          ).fetchone()[0]
        assert home == "app.production_history"


def test_days_waiting_in_the_default_partition_move_into_their_month_when_the_worker_creates_it(db, alpha_wells):
    """This month's partition is missing (a worker that did not run): today's day waits in the
    default partition, readable as usual, and the worker's call creates the month and moves it."""
    alpha, _, wells = alpha_wells
    if not db.execute(NATIVE).fetchone()[0]:
        assert db.execute("select app.ensure_production_partitions(current_date, current_date)").fetchone()[0] == 0
        return
    month = db.execute("select 'production_' || to_char(current_date, 'YYYY\"m\"MM')").fetchone()[0]
    with db.transaction():
        db.execute(f"alter table app.production detach partition app.{month}")
        db.execute(f"insert into app.production_default select * from app.{month}")
        db.execute(f"drop table app.{month}")
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], [date.today()]))
        assert db.execute("select count(*) from api.production where production_date = current_date").fetchone()[0] == 1
    assert db.execute("select tableoid::regclass::text from app.production where production_date = current_date"
                      ).fetchone()[0] == "app.production_default"
    with db.transaction():
        db.execute("set local role wellflow_worker")
        created = db.execute("select app.ensure_production_partitions(current_date, current_date)").fetchone()[0]
    assert created == 1
    assert db.execute("select tableoid::regclass::text from app.production where production_date = current_date"
                      ).fetchone()[0] == f"app.{month}"
    assert db.execute("select relforcerowsecurity from pg_class where oid = %s::regclass",
                      [f"app.{month}"]).fetchone()[0]


def test_no_web_role_may_create_partitions(db):
    for role in ("wellflow_user", "wellflow_anon", "wellflow_analyst", "wellflow_api", "wellflow_authenticator"):
        assert not db.execute("select has_function_privilege(%s, 'app.ensure_production_partitions(date, date)',"
                              " 'execute')", [role]).fetchone()[0], role
    # No function a request reaches lifts forced row level security.
    assert db.execute("select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                      " where n.nspname in ('app', 'api', 'auth') and p.prosrc ilike '%%no force row level%%'"
                      ).fetchone()[0] == 0


def test_a_day_before_the_wells_spud_date_is_refused(db, alpha_wells):
    """Spud 2021-03-10: the import reports 2021-03-09 with its reason and field, a direct insert is
    refused with the date's check constraint, and the spud day itself is accepted."""
    alpha, _, wells = alpha_wells
    db.execute("update app.wells set spud_date = '2021-03-10' where id = %s", [wells[0]["id"]])
    with db.transaction():
        act_as(db, alpha, "engineer")
        result = import_rows(db, daily(wells[:1], [date(2021, 3, 9), date(2021, 3, 10)]), mode="accept_valid")
    assert result["inserted"] == 1
    assert [(r["code"], r["field"], r["message"]) for r in result["rejected"]] == [
        ("WF_IMPORT_BEFORE_SPUD", "production_date", "2021-03-09 is before the well's spud date 2021-03-10")]
    with pytest.raises(errors.CheckViolation) as caught:
        with db.transaction():
            act_as(db, alpha, "engineer")
            insert(db, "production", {"well_id": wells[0]["id"], "production_date": "2021-03-08"})
    assert caught.value.diag.constraint_name == "production_production_date_check"


def test_the_well_check_does_not_grow_with_the_wells_bulk_created_since_the_last_analyze(db, alpha_wells):
    """10,000 daily rows of 50 wells take as long with 6,000 more wells created in bulk since the
    wells were last analysed (the state right after a bulk load) as without them: within 1.5x or
    +50 ms, the best of two tries each. Joining the statement's rows to the wells, the well check
    nested-looped every row against every well of the organization: 10,000 x 6,053 = 60 million
    comparisons, about 0.7 s more (182 million for 50 wells' ten years at the benchmark scale)."""
    alpha, lease, _ = alpha_wells
    db.execute("analyze app.wells")

    def bulk_wells(first: int, count: int) -> None:
        db.execute("""
            insert into api.wells (organization_id, well_number, name, lease_id, status, offshore)
            select %s, '42501' || lpad((60000 + n)::text, 5, '0') || '0000', 'Bulk ' || n, %s, 'producing', false
              from generate_series(%s::integer, %s::integer) n""", [alpha.id, lease, first, first + count - 1])

    def fifty_wells_seconds() -> float:
        tries = []
        for _ in range(2):
            with db.transaction(force_rollback=True):
                started = time.perf_counter()
                db.execute("""
                    insert into api.production (organization_id, well_id, production_date, oil_bbl, gas_mcf,
                                                water_bbl, hours_on)
                    select w.organization_id, w.id, date '2024-01-01' + g, 10, 20, 5, 24
                      from api.wells w, generate_series(0, 199) g
                     where w.organization_id = %s and w.name in (select 'Bulk ' || n from generate_series(1, 50) n)""",
                           [alpha.id])
                tries.append(time.perf_counter() - started)
                assert db.execute("select count(*) from api.production where production_date >= '2024-01-01'"
                                  ).fetchone()[0] == 50 * 200
        return min(tries)

    with db.transaction(force_rollback=True):
        act_as(db, alpha, "engineer")
        bulk_wells(1, 50)
        alone = fifty_wells_seconds()
        bulk_wells(51, 6000)
        among_many = fifty_wells_seconds()
    assert among_many <= max(1.5 * alone, alone + 0.05), (alone, among_many)


def test_a_status_date_in_1900_queues_only_the_months_with_production(db, alpha_wells):
    """The well has production in two months; moving its status date to 1900-01-01 queues those
    two months for validation, not the 1,500 since 1900."""
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], [date(2025, 1, 5), date(2025, 2, 5)]))
    db.execute("delete from app.production_validation_queue")
    with db.transaction():
        act_as(db, alpha, "engineer")
        started = time.perf_counter()
        db.execute("update api.wells set status_date = '1900-01-01' where id = %s", [wells[0]["id"]])
        seconds = time.perf_counter() - started
    queued = db.execute("select month::text from app.production_validation_queue where well_id = %s order by 1",
                        [wells[0]["id"]]).fetchall()
    assert [m for (m,) in queued] == ["2025-01-01", "2025-02-01"] and seconds < 1


def storage_relations(db) -> list[str]:
    """Every partition or chunk holding app.production rows."""
    return [r[0] for r in db.execute(
        "select distinct tableoid::regclass::text from app.production"
        " union select inhrelid::regclass::text from pg_inherits where inhparent = 'app.production'::regclass")]


@pytest.mark.parametrize("role", ["wellflow_user", "wellflow_anon", "wellflow_analyst", "wellflow_worker",
                                  "wellflow_authenticator"])
def test_no_role_reaches_a_partition_or_chunk_directly(db, alpha_wells, role):
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], [date(2024, 1, 5), date(2025, 3, 1), date(2025, 6, 1)]))
    relations = storage_relations(db)
    assert len(relations) >= 3
    for relation in relations:
        for statement in (f"select * from {relation}", f"delete from {relation}",
                          f"update {relation} set oil_bbl = 0",
                          f"insert into {relation} select * from {relation} limit 0"):
            with pytest.raises(errors.InsufficientPrivilege):
                with db.transaction():
                    act_as(db, alpha, "owner")
                    db.execute(f"set local role {role}")
                    db.execute(statement)
    grants = db.execute("select table_schema, table_name, grantee from information_schema.role_table_grants"
                        " where grantee not in ('postgres', 'wellflow_owner', 'wellflow_api')"
                        " and (table_schema || '.' || table_name) = any(%s)", [relations]).fetchall()
    assert grants == []


def test_an_import_racing_another_writer_of_the_same_day_falls_back_to_the_upsert(db, db_url, alpha_wells):
    """The plain-insert fast path meets a row committed after it counted: nothing fails, nothing is lost."""
    import threading

    alpha, _, wells = alpha_wells
    day = {"well_id": wells[0]["id"], "production_date": "2025-03-01", "oil_bbl": 7}
    with psycopg.connect(db_url) as first, psycopg.connect(db_url) as second:
        act_as(first, alpha, "engineer")
        insert(first, "production", day | {"oil_bbl": 5})  # uncommitted: the import cannot see it yet
        act_as(second, alpha, "engineer")
        outcome = {}
        racer = threading.Thread(target=lambda: outcome.update(report=import_rows(second, [day])))
        racer.start()
        racer.join(timeout=1)
        assert racer.is_alive(), "the import waits on the uncommitted row"
        first.commit()
        racer.join(timeout=30)
        second.commit()
    report = outcome["report"]
    assert (report["inserted"], report["updated"], report["rejected"]) == (0, 1, [])
    assert db.execute("select oil_bbl from app.production where well_id = %s", [wells[0]["id"]]).fetchone()[0] == 7
    assert db.execute("select oil_bbl from app.production_monthly_wells where well_id = %s",
                      [wells[0]["id"]]).fetchone()[0] == 7


# --- over HTTP ---------------------------------------------------------------------------

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


# --- the partition task ------------------------------------------------------------------

def test_the_daily_partition_task_keeps_a_year_of_months_ahead(stack, worker_env, monkeypatch):
    for key, value in worker_env.items():
        monkeypatch.setenv(key, value)
    from procrastinate_tasks.production import ensure_partitions

    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        native = conn.execute("select count(*) = 0 from pg_extension where extname = 'timescaledb'").fetchone()[0]
        future = conn.execute("select 'app.production_' || to_char(current_date + interval '6 months', 'YYYY\"m\"MM')"
                              ).fetchone()[0]
        if native:
            conn.execute(f"drop table {future}")
    created = run_task(ensure_partitions.func(timestamp=int(time.time())))
    with psycopg.connect(stack.db_url) as conn:
        exists = conn.execute("select to_regclass(%s) is not null", [future]).fetchone()[0]
    assert (created, exists) == ((1, True) if native else (0, False))


def test_the_import_steps_are_not_for_web_roles(db):
    """They take the organization as an argument: only api.import_production, as their owner, calls them."""
    callers = db.execute("""
        select r.rolname, p.oid::regprocedure::text from pg_roles r
         cross join pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'app' and p.proname like 'production\\_import\\_%'
           and r.rolname in ('wellflow_user', 'wellflow_anon', 'wellflow_worker', 'wellflow_analyst', 'wellflow_api')
           and has_function_privilege(r.oid, p.oid, 'execute')""").fetchall()
    steps = db.execute("select count(*) from pg_proc where proname like 'production\\_import\\_%'").fetchone()[0]
    assert steps == 5
    assert callers == []


def test_table_checks_and_the_import_report_share_the_value_rules(db):
    """The volume, hours, choke and pressure checks of production call the predicates the import's
    per-row report calls, so the two cannot disagree."""
    checks = dict(db.execute("""
        select conname, pg_get_constraintdef(oid) from pg_constraint
         where conrelid in ('app.production'::regclass, 'app.well_tests'::regclass) and contype = 'c'""").fetchall())
    for table in ("production", "well_tests"):
        for column in ("oil_bbl", "gas_mcf", "water_bbl"):
            assert f"app.is_volume({column})" in checks[f"{table}_{column}_check"]
    assert "app.is_hours_on(hours_on)" in checks["production_hours_on_check"]
    assert "app.is_choke_64ths" in checks["production_choke_64ths_check"]
    assert "app.is_pressure_psi(tubing_pressure_psi)" in checks["production_tubing_pressure_psi_check"]
    report = db.execute("select prosrc from pg_proc where proname = 'production_import_check'").fetchone()[0]
    for rule in ("app.is_volume", "app.is_hours_on", "app.is_choke_64ths", "app.is_pressure_psi"):
        assert rule in report
    assert db.execute("select app.is_volume(1.2345), app.is_volume('NaN'), app.is_volume(0.125),"
                      " app.is_choke_64ths(64.5), app.is_pressure_psi(49999.95)").fetchone() == (
        False, False, True, False, False)
