"""Monthly rollups (sql/production/production_monthly.sql) per well, lease, field and organization:
exact after any change, kept current by single days, and tenant-scoped."""

import random
from datetime import date, timedelta

from conftest import act_as
from support.assets import create_graph, insert, payload
from support.production import DAYS, daily, import_rows


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
