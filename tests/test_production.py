"""Production: bulk import, single edits, monthly rollups, well tests, tenant isolation, and no
way around RLS through a partition or a hypertable chunk. Runs on both storage paths."""

import csv
import io
import json
import random
from datetime import date, timedelta

import psycopg
import pytest
from psycopg import errors

from assets import READ_ONLY_ROLES, WRITER_ROLES, create_graph, insert, payload
from conftest import act_as

DAYS = [date(2025, 3, 1) + timedelta(days=n) for n in range(30)]


def make_wells(conn, count: int) -> tuple[str, list[dict]]:
    """A lease with `count` wells for the organization the connection acts for."""
    refs = create_graph(conn)
    wells = [insert(conn, "wells", payload("wells", refs)) for _ in range(count)]
    return refs["lease"], wells


def import_rows(conn, rows=None, csv_text=None, mode="all_or_nothing") -> dict:
    result = conn.execute("select api.import_production(%s, %s, %s)",
                          [json.dumps(rows) if rows is not None else None, csv_text, mode]).fetchone()[0]
    return result


def csv_of(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def daily(wells, days=DAYS, by="well_number", oil=100):
    key = "well_id" if by == "id" else by
    return [{key: w[by], "production_date": d.isoformat(), "oil_bbl": oil + i, "gas_mcf": 2 * oil + i,
             "water_bbl": 40, "hours_on": 24} for w in wells for i, d in enumerate(days)]


@pytest.fixture
def alpha_wells(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        lease, wells = make_wells(db, 3)
    return alpha, lease, wells


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


def test_parse_numeric_accepts_exactly_plain_decimal_numbers(db):
    """Property test: the digit-stripping parser agrees with the rule's regular expression."""
    rng = random.Random(20261126)
    alphabet = "0123456789..+-- \te5x"
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(4000)]
    samples += ["1", "1.", ".5", "-.5", "+7.25", ".", "-", "-.", "1-2", " 12 ", "\t3\n", "1e5", "NaN", "Infinity"]
    disagreements = db.execute("""
        select value, app.parse_numeric(value), rule
          from unnest(%s::text[]) value,
               lateral (select case when value ~ '^\\s*[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)\\s*$'
                                    then value::numeric end as rule) r
         where app.parse_numeric(value) is distinct from rule""", [samples]).fetchall()
    assert disagreements == []
    accepted = db.execute("select count(*) from unnest(%s::text[]) v where app.parse_numeric(v) is not null",
                          [samples]).fetchone()[0]
    assert 200 < accepted < len(samples) - 200  # both outcomes are exercised


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


def scratch_rollups(conn, level: str) -> dict:
    key = {"wells": "p.well_id", "leases": "w.lease_id", "fields": "w.field_id", "organizations": "p.organization_id"}[level]
    rows = conn.execute(f"""
        select {key}, date_trunc('month', p.production_date)::date, sum(p.oil_bbl), sum(p.gas_mcf), sum(p.water_bbl),
               count(*) filter (where p.oil_bbl > 0 or p.gas_mcf > 0), count(*)
          from app.production p join app.wells w on w.organization_id = p.organization_id and w.id = p.well_id
         where {key} is not null group by 1, 2""").fetchall()
    return {(k, m): tuple(v) for k, m, *v in rows}


def stored_rollups(conn, level: str) -> dict:
    key = {"wells": "well_id", "leases": "lease_id", "fields": "field_id", "organizations": "organization_id"}[level]
    rows = conn.execute(f"select {key}, month, oil_bbl, gas_mcf, water_bbl, producing_days, reported_days"
                        f" from app.production_monthly_{level}").fetchall()
    return {(k, m): tuple(v) for k, m, *v in rows}


def test_rollups_match_a_from_scratch_aggregation_after_random_changes(db, tenants):
    """Property test: random inserts, updates, deletes, re-imports and well moves."""
    alpha, bravo = tenants
    rng = random.Random(20261125)
    for tenant in (alpha, bravo):
        with db.transaction():
            act_as(db, tenant, "engineer")
            refs = create_graph(db)
            other_lease = insert(db, "leases", payload("leases", refs))["id"]
            wells = [insert(db, "wells", payload("wells", refs)) for _ in range(4)]
            days = [date(2024, 11, 20) + timedelta(days=n) for n in range(75)]
            for step in range(60):
                act = rng.choice(["import", "import", "insert", "update", "delete", "delete_many", "move"])
                if act == "import":
                    chosen = rng.sample(wells, rng.randint(1, 4))
                    rows = [{"well_id": w["id"], "production_date": d.isoformat(),
                             "oil_bbl": rng.choice([0, rng.randint(1, 500)]), "gas_mcf": rng.randint(0, 900),
                             "water_bbl": rng.randint(0, 300)} for w in chosen for d in rng.sample(days, 10)]
                    assert import_rows(db, rows)["rejected"] == []
                elif act == "insert":
                    db.execute("insert into api.production (well_id, production_date, oil_bbl, gas_mcf)"
                               " values (%s, %s, %s, %s) on conflict do nothing",
                               [rng.choice(wells)["id"], rng.choice(days), rng.randint(0, 50), rng.randint(0, 50)])
                elif act == "update":
                    db.execute("update api.production set oil_bbl = oil_bbl + %s, water_bbl = %s"
                               " where production_date = %s", [rng.randint(0, 20), rng.randint(0, 9), rng.choice(days)])
                elif act == "delete":
                    db.execute("delete from api.production where well_id = %s and production_date = %s",
                               [rng.choice(wells)["id"], rng.choice(days)])
                elif act == "delete_many":
                    db.execute("delete from api.production where production_date between %s and %s",
                               sorted([rng.choice(days), rng.choice(days)]))
                else:
                    db.execute("update api.wells set lease_id = %s, field_id = %s where id = %s",
                               [rng.choice([refs["lease"], other_lease, None]), rng.choice([refs["field"], None]),
                                rng.choice(wells)["id"]])
            db.execute("select tests.clear_authentication()")
    assert db.execute("select count(*) from app.production").fetchone()[0] > 100
    for level in ("wells", "leases", "fields", "organizations"):
        assert stored_rollups(db, level) == scratch_rollups(db, level), level


def test_rollups_are_tenant_scoped(db, tenants, alpha_wells):
    alpha, _, wells = alpha_wells
    _, bravo = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        import_rows(db, daily(wells[:1], DAYS[:5]))
    for view in ("production", "production_monthly_wells", "production_monthly_leases", "production_monthly_fields",
                 "production_monthly_organizations"):
        with db.transaction():
            act_as(db, bravo, "owner")
            assert db.execute(f"select count(*) from api.{view}").fetchone()[0] == 0, view
        with db.transaction():
            act_as(db, alpha, "viewer")
            assert db.execute(f"select count(*) from api.{view}").fetchone()[0] > 0, view


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


def test_well_tests_derive_gas_oil_ratio_and_water_cut(db, alpha_wells):
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        test = insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-01", "test_type": "periodic",
                                         "duration_hours": 24, "oil_bbl": 400, "gas_mcf": 600, "water_bbl": 100,
                                         "separator_pressure_psi": 125, "separator_temperature_f": 95})
        dry = insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-02", "duration_hours": 8,
                                        "gas_mcf": 50})
        with pytest.raises(errors.CheckViolation, match="well_tests_duration_hours_check"):
            with db.transaction():
                insert(db, "well_tests", {"well_id": wells[0]["id"], "test_date": "2025-03-03", "duration_hours": 0})
    assert (test["gas_oil_ratio"], test["water_cut"]) == (1500, 0.2)
    assert (dry["gas_oil_ratio"], dry["water_cut"]) == (None, None)


def test_single_days_through_the_view_keep_the_rollups_current(db, alpha_wells):
    alpha, lease, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "production", {"well_id": wells[0]["id"], "production_date": "2025-03-01", "oil_bbl": 10})
        insert(db, "production", {"well_id": wells[1]["id"], "production_date": "2025-03-02", "oil_bbl": 5,
                                  "gas_mcf": 7})
        db.execute("update api.production set oil_bbl = 12 where well_id = %s", [wells[0]["id"]])
        lease_month = db.execute("select oil_bbl, gas_mcf, producing_days from api.production_monthly_leases"
                                 " where lease_id = %s", [lease]).fetchone()
        db.execute("delete from api.production")
        empty = db.execute("select count(*) from api.production_monthly_leases").fetchone()[0]
    assert lease_month == (17, 7, 2) and empty == 0


def test_a_day_in_a_month_without_partition_is_kept_and_moves_with_the_next_import(db, alpha_wells):
    alpha, _, wells = alpha_wells
    with db.transaction():
        act_as(db, alpha, "engineer")
        insert(db, "production", {"well_id": wells[0]["id"], "production_date": "1987-06-15", "oil_bbl": 3})
        import_rows(db, [{"well_id": wells[0]["id"], "production_date": "1987-06-16", "oil_bbl": 4}])
    rows = db.execute("select production_date::text, tableoid::regclass::text from app.production"
                      " where production_date < '1990-01-01' order by 1").fetchall()
    assert [r[0] for r in rows] == ["1987-06-15", "1987-06-16"]
    if db.execute("select count(*) from pg_extension where extname = 'timescaledb'").fetchone()[0] == 0:
        assert {r[1] for r in rows} == {"app.production_1987m06"}, "the import moved the day out of the default partition"


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
