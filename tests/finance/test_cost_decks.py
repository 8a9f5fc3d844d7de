"""Cost decks (sql/finance/cost_decks.sql): working interests that sum to exactly 1 on every day a well's deck
covers, checked at commit with the first day that does not; tenant isolation and role rules."""

import psycopg
import pytest

from support.assets import create_graph, insert, payload
from support.finance import as_role, wf_error
from support.jib import set_deck
from support.revenue import make_company
from support.sessions import act_as


@pytest.fixture
def owners(db, tenants):
    made = {}
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            graph = create_graph(db)
            made[tenant.name] = {"well": insert(db, "wells", payload("wells", graph))["id"],
                                 "a": make_company(db, "Operator", ["operator"], "business"),
                                 "b": make_company(db, "Partner B", ["non_operating_partner"], "business"),
                                 "c": make_company(db, "Partner C", ["non_operating_partner"], "business")}
    return made


def deck_error(db, tenant, well, lines) -> dict:
    with pytest.raises(psycopg.Error) as caught:
        set_deck(db, tenant, well, lines)
    return wf_error(caught.value)


def test_a_deck_summing_to_one_on_every_day_is_kept_and_a_change_is_written_in_one_transaction(db, tenants, owners):
    alpha, _ = tenants
    o = owners[alpha.name]
    set_deck(db, alpha, o["well"], [(o["a"], "0.5", "2025-01-01", "2025-06-30"), (o["b"], "0.5", "2025-01-01", "2025-06-30"),
                                    (o["a"], "0.625", "2025-07-01", None), (o["b"], "0.25", "2025-07-01", None),
                                    (o["c"], "0.125", "2025-07-01", None)])
    count = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select count(*) from api.cost_decks where well_id = %s", [o["well"]]).fetchone()[0])
    assert count == 5


@pytest.mark.parametrize("lines,message", [
    # 0.5 + 0.375 on the first day: short.
    (lambda o: [(o["a"], "0.5", "2025-01-01", None), (o["b"], "0.375", "2025-01-01", None)],
     "sums to 0.87500000 on 2025-01-01, 0.12500000 short of 1.00000000"),
    # A third owner joins on 2025-03-01 without anyone giving up interest: over.
    (lambda o: [(o["a"], "0.5", "2025-01-01", None), (o["b"], "0.5", "2025-01-01", None),
                (o["c"], "0.1", "2025-03-01", None)],
     "sums to 1.10000000 on 2025-03-01, 0.10000000 over 1.00000000"),
    # A gap: the first deck ends 2025-06-30 and the next starts 2025-08-01.
    (lambda o: [(o["a"], "0.5", "2025-01-01", "2025-06-30"), (o["b"], "0.5", "2025-01-01", "2025-06-30"),
                (o["a"], "1", "2025-08-01", None)],
     "sums to 0.00000000 on 2025-07-01, 1.00000000 short of 1.00000000"),
    # One owner's line ends while the other goes on.
    (lambda o: [(o["a"], "0.5", "2025-01-01", "2025-03-31"), (o["b"], "0.5", "2025-01-01", None)],
     "sums to 0.50000000 on 2025-04-01, 0.50000000 short of 1.00000000"),
])
def test_a_deck_that_is_not_exactly_one_on_some_day_is_refused_naming_the_day(db, tenants, owners, lines, message):
    alpha, _ = tenants
    o = owners[alpha.name]
    error = deck_error(db, alpha, o["well"], lines(o))
    assert (error["code"], error["details"]) == ("WF_COST_DECK_SUM", "decimal_interest")
    assert message in error["message"]


def test_one_owners_lines_of_a_well_never_overlap_and_decimals_have_at_most_8_places(db, tenants, owners):
    alpha, _ = tenants
    o = owners[alpha.name]
    with pytest.raises(psycopg.errors.ExclusionViolation, match="cost_decks_effective_excl"):
        set_deck(db, alpha, o["well"], [(o["a"], "0.5", "2025-01-01", None), (o["a"], "0.5", "2025-06-01", None)])
    with pytest.raises(psycopg.errors.CheckViolation, match="cost_decks_decimal_interest_check"):
        set_deck(db, alpha, o["well"], [(o["a"], "0.333333333", "2025-01-01", None)])
    with pytest.raises(psycopg.errors.CheckViolation, match="cost_decks_effective_to_check"):
        set_deck(db, alpha, o["well"], [(o["a"], "1", "2025-01-01", "2024-12-31")])


def test_moving_a_line_to_another_well_checks_the_deck_it_leaves(db, tenants, owners):
    alpha, _ = tenants
    o = owners[alpha.name]
    with db.transaction():
        act_as(db, alpha, "engineer")
        other_well = insert(db, "wells", payload("wells", create_graph(db)))["id"]
    lines = set_deck(db, alpha, o["well"], [(o["a"], "0.5", "2025-01-01", None), (o["b"], "0.5", "2025-01-01", None)])
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "accountant", lambda d: d.execute(
            "update api.cost_decks set well_id = %s, decimal_interest = 1 where id = %s", [other_well, lines[1]["id"]]))
    error = wf_error(caught.value)
    assert error["code"] == "WF_COST_DECK_SUM" and o["well"] in error["message"] and "0.50000000 short" in error["message"]


@pytest.mark.parametrize("role", ["engineer", "manager", "viewer"])
def test_only_finance_roles_write_cost_decks(db, tenants, owners, role):
    alpha, _ = tenants
    o = owners[alpha.name]
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, role, insert, "cost_decks", {"well_id": o["well"], "owner_company_id": o["a"],
                                                         "decimal_interest": "1", "effective_from": "2025-01-01"})
    assert wf_error(caught.value)["code"] == "WF_ROLE_FORBIDDEN"


def test_no_verb_reaches_another_organizations_deck(db, tenants, owners):
    alpha, bravo = tenants
    own, other = owners[alpha.name], owners[bravo.name]
    set_deck(db, bravo, other["well"], [(other["a"], "1", "2025-01-01", None)])
    target = db.execute("select id from app.cost_decks where organization_id = %s", [bravo.id]).fetchone()[0]
    counts = as_role(db, alpha, "owner", lambda d: (
        d.execute("select count(*) from api.cost_decks").fetchone()[0],
        d.execute("update api.cost_decks set effective_to = '2025-02-01' where id = %s", [target]).rowcount,
        d.execute("delete from api.cost_decks where id = %s", [target]).rowcount))
    assert counts == (0, 0, 0)
    assert db.execute("select effective_to from app.cost_decks where id = %s", [target]).fetchone()[0] is None
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="cost_decks_well_id_fkey"):
        set_deck(db, alpha, other["well"], [(own["a"], "1", "2025-01-01", None)])
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="cost_decks_owner_company_id_fkey"):
        set_deck(db, alpha, own["well"], [(other["a"], "1", "2025-01-01", None)])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(db, alpha, "owner", insert, "cost_decks", {
            "organization_id": str(bravo.id), "well_id": other["well"], "owner_company_id": other["b"],
            "decimal_interest": "1", "effective_from": "2026-01-01"})
