"""The hot asset queries use indexes at 10,000 wells per organization (plans read, not timed)."""

import json

import pytest

from conftest import Tenant, act_as

WELLS_PER_ORGANIZATION = 10_000


@pytest.fixture(scope="module")
def loaded(db_url):
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        tenants = [Tenant(conn, "Plan Alpha"), Tenant(conn, "Plan Bravo")]
        for tenant in tenants:
            conn.execute("""
                insert into app.fields (organization_id, name, state_code)
                select %(org)s, 'Field ' || n, '42' from generate_series(1, 300) n
            """, {"org": tenant.id})
            conn.execute("""
                insert into app.companies (organization_id, name, roles)
                select %(org)s, 'Company ' || n, '{operator}' from generate_series(1, 2000) n
            """, {"org": tenant.id})
            conn.execute("""
                insert into app.leases (organization_id, lease_number, name, field_id, state_code, county_code,
                                        gross_acres, net_acres)
                select %(org)s, 'L-' || n, 'Lease ' || n,
                       (select id from app.fields where organization_id = %(org)s and name = 'Field ' || (1 + n %% 300)),
                       '42', lpad(((n %% 250) * 2 + 1)::text, 3, '0'), 640, 320
                  from generate_series(1, 2000) n
            """, {"org": tenant.id})
            conn.execute("""
                insert into app.wells (organization_id, well_number, name, lease_id, field_id, operator_company_id,
                                       offshore)
                select %(org)s, '42' || lpad(((n %% 250) * 2 + 1)::text, 3, '0') || lpad(n::text, 5, '0') || '0000',
                       'Well ' || n, l.id, l.field_id,
                       (select id from app.companies where organization_id = %(org)s and name = 'Company ' || (1 + n %% 2000)),
                       false
                  from generate_series(1, %(wells)s) n
                  join app.leases l on l.organization_id = %(org)s and l.lease_number = 'L-' || (1 + n %% 2000)
            """, {"org": tenant.id, "wells": WELLS_PER_ORGANIZATION})
        conn.execute("analyze")
        sample = conn.execute("select lease_id, field_id, well_number from app.wells where organization_id = %s"
                              " order by well_number offset 777 limit 1", [tenants[0].id]).fetchone()
    return tenants[0], sample


def scan_nodes(plan: dict) -> list[dict]:
    nodes = [plan] if plan.get("Schema") == "app" or "Index Name" in plan else []
    for child in plan.get("Plans", []):
        nodes += scan_nodes(child)
    return nodes


def plan_problems(plan: dict, expected_indexes: set[str]) -> list[str]:
    """What is wrong with a plan: sequential scans of app tables, or a hot-path index left unused."""
    nodes = scan_nodes(plan)
    problems = [f"sequential scan of app.{n['Relation Name']}" for n in nodes if n["Node Type"] == "Seq Scan"]
    used = {n["Index Name"] for n in nodes if "Index Name" in n}
    problems += [f"index {name} not used" for name in sorted(expected_indexes - used)]
    return problems


# query -> the indexes its plan must use
QUERIES = {
    "wells by number": ("select * from api.wells order by well_number limit 50", {"wells_well_number_key"}),
    "wells by name": ("select * from api.wells order by name limit 50", {"wells_name_idx"}),
    "well by number": ("select * from api.wells where well_number = %(well_number)s", {"wells_well_number_key"}),
    "wells of a lease": ("select * from api.wells where lease_id = %(lease_id)s", {"wells_lease_id_idx"}),
    "wells of a field": ("select * from api.wells where field_id = %(field_id)s", {"wells_field_id_idx"}),
    "wells with their lease": ("select w.*, l.name as lease_name from api.wells w join api.leases l on l.id = w.lease_id"
                               " order by w.well_number limit 50", {"wells_well_number_key", "leases_pkey"}),
    "leases by number": ("select * from api.leases order by lease_number limit 50", {"leases_lease_number_key"}),
    "leases by name": ("select * from api.leases order by name limit 50", {"leases_name_idx"}),
    "companies by name": ("select * from api.companies order by name limit 50", {"companies_name_key"}),
    "fields by name": ("select * from api.fields order by name limit 50", {"fields_name_key"}),
}


def explain(db, tenant, sql: str, params: dict) -> tuple[dict, list]:
    with db.transaction():
        act_as(db, tenant, "viewer")
        plan = db.execute("explain (format json, verbose) " + sql, params).fetchone()[0]
        rows = db.execute(sql, params).fetchall()
        db.execute("select tests.clear_authentication()")
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Plan"], rows


def params_of(sample) -> dict:
    lease_id, field_id, well_number = sample
    return {"lease_id": lease_id, "field_id": field_id, "well_number": well_number}


@pytest.mark.parametrize("query", QUERIES, ids=list(QUERIES))
def test_hot_queries_use_their_indexes_at_ten_thousand_wells(db, loaded, query):
    tenant, sample = loaded
    sql, indexes = QUERIES[query]
    plan, rows = explain(db, tenant, sql, params_of(sample))
    assert rows, "the query returns rows, so the plan is a real one"
    assert plan_problems(plan, indexes) == [], json.dumps(plan, indent=1)


def test_the_plan_check_notices_a_missing_index(db, loaded):
    tenant, sample = loaded
    sql, indexes = QUERIES["wells of a lease"]
    db.execute("begin")
    try:
        db.execute("drop index app.wells_lease_id_idx")
        plan, _ = explain(db, tenant, sql, params_of(sample))
        assert plan_problems(plan, indexes) == ["index wells_lease_id_idx not used"]
        db.execute("set local enable_indexscan = off")
        db.execute("set local enable_bitmapscan = off")
        plan, _ = explain(db, tenant, QUERIES["fields by name"][0], {})
        assert "sequential scan of app.fields" in plan_problems(plan, set()), json.dumps(plan)
    finally:
        db.execute("rollback")
