"""Rules every finance table follows: tenant isolation for every finance view, verb and RPC, and
no floating-point column."""

import psycopg
import pytest

from support.assets import insert
from support.finance import afe_in, afe_status, as_role, call, division_order, refused, wf_error


def test_no_finance_column_is_floating_point(db):
    floats = db.execute("""
        select format('%s.%s', c.table_schema || '.' || c.table_name, c.column_name)
          from information_schema.columns c
         where c.table_schema in ('app', 'api', 'ref')
           and (c.table_name ~ '^(afe|division_order|revenue_distribution|finance_settings|owner_s|severance_tax|cost_|jib_|overhead_)')
           and c.data_type in ('real', 'double precision')""").fetchall()
    money_columns = db.execute("""
        select count(*) from information_schema.columns c
         where c.table_schema = 'app' and c.table_name ~ '^(afe|division_order|revenue_distribution)'
           and c.data_type = 'numeric'""").fetchone()[0]
    assert floats == [] and money_columns >= 20


# --- tenant isolation for every finance table and verb ---------------------------------------

TENANT_VIEWS = {"afes": "afe", "afe_line_items": "line_item", "afe_approvals": "approval",
                "division_orders": "division_order", "revenue_distributions": "distribution",
                "revenue_distribution_lines": "distribution_line"}
READ_ONLY_VIEWS = ("revenue_distributions", "revenue_distribution_lines", "owner_statements",
                   "owner_suspense_balances", "finance_settings")


@pytest.mark.parametrize("view", list(TENANT_VIEWS) + ["owner_statements", "owner_suspense_balances", "finance_settings"])
def test_each_finance_view_shows_only_the_tenants_rows(db, tenants, ledgers, view):
    alpha, _ = tenants
    seen = as_role(db, alpha, "viewer", lambda d: {
        row[0] for row in d.execute(f"select organization_id from api.{view}")})
    assert seen == {alpha.id}


@pytest.mark.parametrize("view", list(TENANT_VIEWS))
def test_update_and_delete_cannot_reach_another_tenants_finance_rows(db, tenants, ledgers, view):
    alpha, bravo = tenants
    target = ledgers[bravo.name][TENANT_VIEWS[view]]
    table = view
    before = db.execute(f"select to_jsonb(t) from app.{table} t where id = %s", [target]).fetchone()[0]
    if view in READ_ONLY_VIEWS:
        for statement in (f"update api.{view} set organization_id = organization_id where id = %s",
                          f"delete from api.{view} where id = %s"):
            # Read-only views are not updatable at all (PostgreSQL refuses before any privilege check).
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)):
                as_role(db, alpha, "owner", lambda d: d.execute(statement, [target]))
    else:
        counts = as_role(db, alpha, "owner", lambda d: (
            d.execute(f"update api.{view} set organization_id = organization_id where id = %s", [target]).rowcount,
            d.execute(f"delete from api.{view} where organization_id = %s", [bravo.id]).rowcount))
        assert counts == (0, 0)
    assert db.execute(f"select to_jsonb(t) from app.{table} t where id = %s", [target]).fetchone()[0] == before


@pytest.mark.parametrize("view,row", [
    ("afes", lambda own, other: {"afe_number": "X-1", "afe_type": "workover", "well_id": own["well"], "description": "x"}),
    ("afe_line_items", lambda own, other: {"afe_id": own["afe"], "category": "facilities", "cost_code": "F",
                                           "description": "x", "estimated_amount": 1}),
    ("afe_approvals", lambda own, other: {"afe_id": own["afe"], "company_id": own["partner_b"], "working_interest": 0.1}),
    ("division_orders", lambda own, other: {"well_id": own["well"], "owner_company_id": own["partner_b"],
                                            "interest_type": "orri", "decimal_interest": 0.01,
                                            "effective_from": "2020-01-01"}),
])
def test_inserting_into_another_organization_is_refused(db, tenants, ledgers, view, row):
    alpha, bravo = tenants
    payload_row = row(ledgers[alpha.name], ledgers[bravo.name]) | {"organization_id": str(bravo.id)}
    with pytest.raises(psycopg.Error) as caught:
        as_role(db, alpha, "owner", insert, view, payload_row)
    assert isinstance(caught.value, (psycopg.errors.InsufficientPrivilege, psycopg.errors.ForeignKeyViolation)) \
        or wf_error(caught.value)["code"] == "WF_AFE_FROZEN"


@pytest.mark.parametrize("view,row,constraint", [
    ("afes", lambda other: {"afe_number": "X-2", "afe_type": "workover", "well_id": other["well"], "description": "x"},
     "afes_well_id_fkey"),
    ("afes", lambda other: {"afe_number": "X-3", "afe_type": "workover", "lease_id": other["lease"], "description": "x"},
     "afes_lease_id_fkey"),
    ("afe_line_items", lambda other: {"afe_id": other["afe"], "category": "facilities", "cost_code": "F",
                                      "description": "x", "estimated_amount": 1}, "afe_line_items_afe_id_fkey"),
    ("division_orders", lambda other: {"well_id": other["well"], "owner_company_id": other["operator"],
                                       "interest_type": "orri", "decimal_interest": 0.01,
                                       "effective_from": "2020-01-01"}, "division_orders_well_id_fkey"),
])
def test_a_reference_to_another_organizations_finance_row_is_refused(db, tenants, ledgers, view, row, constraint):
    alpha, bravo = tenants
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match=constraint):
        as_role(db, alpha, "owner", insert, view, row(ledgers[bravo.name]))


def test_a_participant_or_owner_from_another_organization_is_refused(db, tenants, ledgers):
    alpha, bravo = tenants
    own, other = ledgers[alpha.name], ledgers[bravo.name]
    draft = afe_in(db, alpha, own, "draft")
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="afe_approvals_company_id_fkey"):
        as_role(db, alpha, "owner", insert, "afe_approvals",
                {"afe_id": draft["id"], "company_id": other["partner_a"], "working_interest": 0.1})
    with pytest.raises(psycopg.errors.ForeignKeyViolation, match="division_orders_owner_company_id_fkey"):
        as_role(db, alpha, "owner", division_order, own["well"], other["partner_a"], "0.01", "orri")


@pytest.mark.parametrize("rpc", ["submit_afe", "reopen_afe", "close_afe", "decide_afe", "create_supplement",
                                 "approve_revenue_distribution", "calculate_revenue_distribution"])
def test_rpcs_cannot_act_on_another_organizations_rows(db, tenants, ledgers, rpc):
    alpha, bravo = tenants
    other = ledgers[bravo.name]
    args = {"decide_afe": (other["afe"], other["partner_a"], "approve", None),
            "create_supplement": (other["afe"], "S-X", "Sneaky"),
            "approve_revenue_distribution": (other["distribution"],),
            "calculate_revenue_distribution": None}.get(rpc, (other["afe"],))
    if args is None:
        action = lambda d: d.execute("select api.calculate_revenue_distribution(%s, '2025-09-01', 'oil', 'entered', 70, 100)",
                                     [other["well"]])
    else:
        action = lambda d: call(d, rpc, *args)
    error = refused(db, alpha, "owner", action)
    assert error["code"] in ("WF_AFE_NOT_FOUND", "WF_DISTRIBUTION_NOT_FOUND", "WF_WELL_NOT_FOUND")
    assert afe_status(db, other["afe"]) == "approved"
