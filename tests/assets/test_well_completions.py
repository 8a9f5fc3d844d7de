"""Well completions (sql/assets/well_completions.sql): a well's producing intervals with their OCD pool and the share
of the well's volumes each is reported with; the shares of a well sum to exactly 1 at commit."""

from decimal import Decimal

import psycopg
import pytest

from conftest import act_as
from support.assets import insert, payload, post_row
from support.finance import wf_error


def add(db, tenant, rows, role="engineer"):
    """Completions inserted in one transaction (the share check runs at its commit)."""
    with db.transaction():
        act_as(db, tenant, role)
        return [insert(db, "well_completions", row) for row in rows]


def completions(db, tenant, well):
    with db.transaction():
        act_as(db, tenant, "viewer")
        return db.execute("select completion_code, ocd_pool_code, production_share from api.well_completions"
                          " where well_id = %s order by completion_code", [well]).fetchall()


def test_a_well_completed_in_two_pools_shares_its_production_exactly(db, tenants, nm_well):
    """Lea State 1H: completion 1 in pool 96210 alone (share 1), then recompleted so that 1 keeps 0.6 and 2 in pool
    97565 takes 0.4, in one transaction. A share sum short of 1 (0.6 + 0.3 = 0.9) or over it is refused at commit,
    naming the well and the sum; so is removing one of two completions without giving its share to the other."""
    alpha, _ = tenants
    well = nm_well["nm_well"]
    first = add(db, alpha, [{"well_id": well, "completion_code": "1", "ocd_pool_code": 96210}])[0]
    assert completions(db, alpha, well) == [("1", 96210, Decimal(1))]
    with db.transaction():
        act_as(db, alpha, "engineer")
        db.execute("update api.well_completions set production_share = 0.6 where id = %s", [first["id"]])
        insert(db, "well_completions", {"well_id": well, "completion_code": "2", "ocd_pool_code": 97565,
                                        "production_share": 0.4, "formation": "Wolfcamp B", "top_perforation_ft": 10250,
                                        "bottom_perforation_ft": 10890.5})
    assert [share for *_, share in completions(db, alpha, well)] == [Decimal("0.6"), Decimal("0.4")]
    for statement, total in (("update api.well_completions set production_share = 0.3 where completion_code = '2'", "0.9000"),
                             ("update api.well_completions set production_share = 0.7 where completion_code = '2'", "1.3000"),
                             ("delete from api.well_completions where completion_code = '2'", "0.6000")):
        with pytest.raises(psycopg.Error) as caught:
            with db.transaction():
                act_as(db, alpha, "engineer")
                db.execute(statement)
        error = wf_error(caught.value)
        assert (error["code"], error["details"]) == ("WF_COMPLETION_SHARES", "production_share"), statement
        assert error["message"] == f"The completions of well {well} share {total} of its production, not 1"
    assert [share for *_, share in completions(db, alpha, well)] == [Decimal("0.6"), Decimal("0.4")]


def test_a_pool_code_is_for_a_new_mexico_well_and_bad_values_are_refused(db, tenants, nm_well):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        texas_well = insert(db, "wells", payload("wells", nm_well))["id"]
    with pytest.raises(psycopg.Error) as caught:
        add(db, alpha, [{"well_id": texas_well, "completion_code": "1", "ocd_pool_code": 96210}])
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_COMPLETION_POOL_STATE",
                                                                                   "ocd_pool_code")
    assert add(db, alpha, [{"well_id": texas_well, "completion_code": "1", "formation": "Spraberry"}])[0]["ocd_pool_code"] is None
    well = nm_well["nm_well"]
    for change, constraint in (({"completion_code": "1a"}, "well_completions_completion_code_check"),
                               ({"ocd_pool_code": 0}, "well_completions_ocd_pool_code_check"),
                               ({"production_share": 0}, "well_completions_production_share_check"),
                               ({"production_share": 0.12345}, "well_completions_production_share_check"),
                               ({"top_perforation_ft": 9000, "bottom_perforation_ft": 8000},
                                "well_completions_perforations_check"),
                               ({"formation": " padded"}, "well_completions_formation_check")):
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            add(db, alpha, [{"well_id": well, "completion_code": "1"} | change])
        assert caught.value.diag.constraint_name == constraint
    add(db, alpha, [{"well_id": well, "completion_code": "1", "ocd_pool_code": 96210}])
    with pytest.raises(psycopg.Error) as caught:                 # the pool code keeps the well in New Mexico
        with db.transaction():
            act_as(db, alpha, "engineer")
            db.execute("update api.wells set well_number = '42-329-51300' where id = %s", [well])
    assert (wf_error(caught.value)["code"], wf_error(caught.value)["details"]) == ("WF_COMPLETION_POOL_STATE",
                                                                                   "well_number")
    with pytest.raises(psycopg.errors.UniqueViolation) as caught:
        add(db, alpha, [{"well_id": well, "completion_code": "1", "production_share": 0.5}])
    assert caught.value.diag.constraint_name == "well_completions_completion_code_key"


def test_only_asset_writers_write_completions_and_deleting_the_well_deletes_them(db, tenants, nm_well):
    alpha, _ = tenants
    well = nm_well["nm_well"]
    for role in ("viewer", "accountant"):
        with pytest.raises(psycopg.Error) as caught:
            add(db, alpha, [{"well_id": well, "completion_code": "1"}], role=role)
        assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"
    for role in ("owner", "admin", "manager", "engineer"):
        with db.transaction():
            act_as(db, alpha, role)
            insert(db, "well_completions", {"well_id": well, "completion_code": "1"})
            db.execute("delete from api.well_completions where well_id = %s", [well])
    add(db, alpha, [{"well_id": well, "completion_code": "1"}])
    with db.transaction():
        act_as(db, alpha, "owner")
        db.execute("delete from api.wells where id = %s", [well])
    with db.transaction():
        act_as(db, alpha, "owner")
        assert db.execute("select count(*) from api.well_completions").fetchone()[0] == 0


def test_another_tenant_reaches_no_completion_by_any_verb(db, tenants, nm_well):
    alpha, bravo = tenants
    well = nm_well["nm_well"]
    add(db, alpha, [{"well_id": well, "completion_code": "1", "ocd_pool_code": 96210}])
    with db.transaction():
        act_as(db, bravo, "owner")
        assert db.execute("select count(*) from api.well_completions").fetchone()[0] == 0
        assert db.execute("update api.well_completions set ocd_pool_code = 1").rowcount == 0
        assert db.execute("delete from api.well_completions").rowcount == 0
    with pytest.raises(psycopg.Error) as caught:
        add(db, bravo, [{"well_id": well, "completion_code": "2"}], role="owner")
    assert caught.value.sqlstate == "23503"
    with pytest.raises(psycopg.Error) as caught:
        add(db, bravo, [{"organization_id": str(alpha.id), "well_id": well, "completion_code": "2"}], role="owner")
    assert caught.value.sqlstate == "42501"                      # the row-level security policy's WITH CHECK
    assert completions(db, alpha, well) == [("1", 96210, 1)]


def test_completions_over_http_one_request_for_a_dual_completion(engineer_client):
    """Two completions posted as one JSON array are one transaction: 0.55 and 0.45 pass the sum; a lone 0.55 is a 422
    naming production_share, and nothing is stored."""
    well = post_row(engineer_client, "wells", {"well_number": "30-015-52001", "name": "Eddy Dual 1", "lease_id": None,
                                              "status": "producing"})["id"]
    alone = engineer_client.post("/well_completions", json={"well_id": well, "completion_code": "1",
                                                            "production_share": 0.55})
    assert alone.status_code == 422, alone.text
    assert (alone.json()["code"], alone.json()["details"]) == ("WF_COMPLETION_SHARES", "production_share")
    assert engineer_client.get("/well_completions", params={"well_id": f"eq.{well}"}).json() == []
    both = engineer_client.post("/well_completions", json=[
        {"well_id": well, "completion_code": "1", "ocd_pool_code": 96210, "production_share": 0.55},
        {"well_id": well, "completion_code": "2", "ocd_pool_code": 97565, "production_share": 0.45}])
    assert both.status_code == 201, both.text
    stored = engineer_client.get("/well_completions", params={"well_id": f"eq.{well}", "order": "completion_code",
                                                              "select": "completion_code,ocd_pool_code,production_share"})
    assert stored.json() == [{"completion_code": "1", "ocd_pool_code": 96210, "production_share": 0.55},
                             {"completion_code": "2", "ocd_pool_code": 97565, "production_share": 0.45}]
