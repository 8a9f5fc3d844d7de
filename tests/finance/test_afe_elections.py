"""Partner elections and non-consent recoupment (sql/finance/afe_elections.sql, recoupment_accounts.sql, the
JIB run and the revenue engine): each partner elects for itself, silence is non-consent, the participants carry
the non-consenting share, and its penalty is recovered from its revenue until payout, after which its
after-payout interest is paid and billed again."""

from decimal import Decimal

import psycopg
import pytest

from support.assets import create_graph, insert
from support.finance import (as_role, call, company, create_afe, decide, division_order, post_draft_afe, refused,
                             set_tax_id, vote_on_afes, wf_error)
from support.jib import import_costs
from support.sessions import act_as, act_as_worker


# A read-only view refuses a write: not updatable, or not granted.
REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectNotInPrerequisiteState)


@pytest.fixture
def books(db, tenants):
    """Alpha's Texas well operated by Caprock with Mesquite and Llano: working interests 0.50 / 0.30 / 0.20
    after payout, 0.625 / 0.375 before (Llano carried); a 1/8 royalty; revenue decimals 0.4375 / 0.2625 / 0.175;
    a vendor; and a 12,000.00 AFE with the three as participants."""
    alpha, _ = tenants
    refs = {}
    with db.transaction():
        act_as(db, alpha, "engineer")
        graph = create_graph(db)
        refs["well"], refs["caprock"] = graph["well"], graph["company"]
        refs["mesquite"], refs["llano"] = company(db), company(db)
        refs["royalty"] = company(db, "royalty_owner")
        refs["vendor"] = company(db, "vendor")
        set_tax_id(db, refs["caprock"], "75-1234567")
        db.execute("update api.wells set operator_company_id = %s where id = %s", [refs["caprock"], refs["well"]])
        refs["afe"] = create_afe(db, refs, [(refs["caprock"], "0.50"), (refs["mesquite"], "0.30"),
                                            (refs["llano"], "0.20")], ("12000.00",))["id"]
    with db.transaction():
        act_as(db, alpha, "accountant")
        for owner, decimal, phase in (("caprock", "0.625", "before_payout"), ("mesquite", "0.375", "before_payout"),
                                      ("caprock", "0.50", "after_payout"), ("mesquite", "0.30", "after_payout"),
                                      ("llano", "0.20", "after_payout")):
            insert(db, "cost_decks", {"well_id": refs["well"], "owner_company_id": refs[owner], "decimal_interest": decimal,
                                      "effective_from": "2025-01-01", "payout_phase": phase})
        for owner, decimal, kind in (("royalty", "0.125", "ri"), ("caprock", "0.4375", "wi"),
                                     ("mesquite", "0.2625", "wi"), ("llano", "0.175", "wi")):
            division_order(db, refs["well"], refs[owner], decimal, interest_type=kind)
    return refs


def elect(db, tenant, afe_id, company_id, election, comment=None, role="accountant"):
    return as_role(db, tenant, role, call, "elect_afe", afe_id, company_id, election, comment)


def account_of(db, tenant, afe_id, company_id):
    return as_role(db, tenant, "viewer", lambda d: d.execute(
        "select to_json(a) from api.recoupment_accounts a where afe_id = %s and company_id = %s",
        [afe_id, company_id]).fetchone()[0])


def owner_totals(db, tenant, run_id, refs):
    rows = as_role(db, tenant, "viewer", lambda d: d.execute(
        "select owner_company_id::text, sum(amount) from api.jib_lines where jib_run_id = %s group by 1",
        [run_id]).fetchall())
    names = {refs[n]: n for n in ("caprock", "mesquite", "llano")}
    return {names[owner]: total for owner, total in rows}


def jib_run(db, tenant, month):
    run = as_role(db, tenant, "accountant", lambda d: d.execute(
        "select to_json(r) from api.create_jib_run(%s) r", [month]).fetchone()[0])
    as_role(db, tenant, "accountant", lambda d: d.execute("select api.approve_jib_run(%s)", [run["id"]]))
    return run


def revenue(db, tenant, refs, month, price):
    """400 bbl of oil at the price, no deductions; approved. Answers each owner's (gross, tax, net, recoupment)."""
    distribution = as_role(db, tenant, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, %s, 'oil', 'entered', %s, 400, 0)",
        [refs["well"], month, price]).fetchone()[0])
    as_role(db, tenant, "accountant", call, "approve_revenue_distribution", distribution["id"])
    names = {refs[n]: n for n in ("caprock", "mesquite", "llano", "royalty")}
    return {names[line["owner_company_id"]]: tuple(Decimal(str(line[k])) for k in
                                                   ("gross_value", "severance_tax", "net_value", "recoupment_amount"))
            for line in distribution["lines"]}


def test_a_non_consenting_partner_is_carried_and_recoups_300_percent_from_its_revenue_until_payout(db, tenants, books):
    """Caprock (0.50) and Mesquite (0.30) participate, Llano (0.20) goes non-consent.

    January 2026 JIB: the AFE's 10,000.00 rig (8110, drilling: 300 %) and 2,000.00 casing (8200, equipment in
    the well: 100 %) are borne by the participants in proportion, 0.50/0.80 = 0.625 and 0.30/0.80 = 0.375:
    Caprock 6,250.00 + 1,250.00, Mesquite 3,750.00 + 750.00. The well's 1,000.00 power bill (not the AFE's)
    follows the before-payout deck: Caprock 625.00, Mesquite 375.00. Caprock 8,125.00, Mesquite 4,875.00, Llano
    nothing. Llano's account: 10,000.00 x 0.20 x 300 % = 6,000.00, 2,000.00 x 0.20 x 100 % = 400.00, and the power
    the deck has the others carry for it, 1,000.00 x (0.20 after payout - 0 before) x 100 % = 200.00: 6,600.00.

    Revenue, 400 bbl at 60.00 / 55.00 / 50.00, Texas oil tax 4.6 %, Llano's decimal 0.175:
      January: gross 4,200.00, tax 193.20, net 4,006.80, all withheld; balance 6,600.00 - 4,006.80 = 2,593.20.
        Caprock gets 4,006.80 x 0.625 = 2,504.25: 10,500.00 - 483.00 + 2,504.25 = 12,521.25;
        Mesquite 4,006.80 x 0.375 = 1,502.55: 6,300.00 - 289.80 + 1,502.55 = 7,512.75.
      February: gross 3,850.00, tax 177.10, net 3,672.90; 2,593.20 withheld, Llano is paid 1,079.70. Payout.
        Caprock gets 2,593.20 x 0.625 = 1,620.75: 9,625.00 - 442.75 + 1,620.75 = 10,803.00; Mesquite 972.45:
        5,775.00 - 265.65 + 972.45 = 6,481.80.
      March: gross 3,500.00, tax 161.00: Llano's after-payout interest pays it 3,339.00, nothing withheld.

    March JIB: a 800.00 bill of 15 February is still before payout (Caprock 500.00, Mesquite 300.00; the account,
    paid out, is charged no more); a 1,000.00
    bill of 10 March is after it: Caprock 500.00, Mesquite 300.00, Llano 200.00 on an invoice of its own."""
    alpha, _ = tenants
    refs = books
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    assert elect(db, alpha, refs["afe"], refs["caprock"], "participate")["status"] == "submitted"
    assert elect(db, alpha, refs["afe"], refs["mesquite"], "participate")["status"] == "submitted"
    assert elect(db, alpha, refs["afe"], refs["llano"], "non_consent", "Not at these prices")["status"] == "approved"
    shares = dict(as_role(db, alpha, "viewer", lambda d: d.execute(
        "select company_id::text, cost_share from api.afe_elections where afe_id = %s", [refs["afe"]]).fetchall()))
    assert shares == {refs["caprock"]: Decimal("0.625"), refs["mesquite"]: Decimal("0.375"), refs["llano"]: 0}
    account = account_of(db, alpha, refs["afe"], refs["llano"])
    assert (account["drilling_percent"], account["equipment_in_well_percent"], account["status"],
            account["charged_amount"]) == (300, 100, "recouping", 0)
    with db.transaction():
        db.execute("select set_config('wellflow.afe_workflow', 'on', true)")
        db.execute("update app.recoupment_accounts set opened_on = '2026-01-01' where id = %s", [account["id"]])

    def cost(invoice, account_code, day, amount, afe=None):
        return {"well_id": refs["well"], "afe_id": afe, "account_code": account_code,
                "vendor_company_id": refs["vendor"], "invoice_number": invoice, "service_date": day,
                "accounting_date": day[:8] + ("31" if day[5:7] in ("01", "03") else "28"), "amount": amount}

    report = import_costs(db, alpha, rows=[cost("RIG-1", "8110", "2026-01-10", "10000.00", refs["afe"]),
                                           cost("CSG-1", "8200", "2026-01-12", "2000.00", refs["afe"]),
                                           cost("PWR-1", "8510", "2026-01-20", "1000.00")])
    assert (report["inserted"], report["rejected"]) == (3, []), report
    january = jib_run(db, alpha, "2026-01-01")
    assert owner_totals(db, alpha, january["id"], refs) == {"caprock": Decimal("8125.00"), "mesquite": Decimal("4875.00")}
    charges = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select penalty_class, base_amount, penalty_percent, amount, status from api.recoupment_entries"
        " where recoupment_account_id = %s order by amount desc", [account["id"]]).fetchall())
    assert charges == [("drilling_and_completion", Decimal("2000.00"), 300, Decimal("6000.00"), "approved"),
                       ("equipment_in_well", Decimal("400.00"), 100, Decimal("400.00"), "approved"),
                       ("operating", Decimal("200.00"), 100, Decimal("200.00"), "approved")]

    assert revenue(db, alpha, refs, "2026-01-01", "60.00") == {
        "royalty": (Decimal("3000.00"), Decimal("138.00"), Decimal("2862.00"), 0),
        "caprock": (Decimal("10500.00"), Decimal("483.00"), Decimal("12521.25"), Decimal("2504.25")),
        "mesquite": (Decimal("6300.00"), Decimal("289.80"), Decimal("7512.75"), Decimal("1502.55")),
        "llano": (Decimal("4200.00"), Decimal("193.20"), Decimal("0.00"), Decimal("-4006.80"))}
    account = account_of(db, alpha, refs["afe"], refs["llano"])
    assert (account["charged_amount"], account["recovered_amount"], account["balance"], account["status"]) == (
        6600.00, 4006.80, 2593.20, "recouping")

    february = revenue(db, alpha, refs, "2026-02-01", "55.00")
    assert february["llano"] == (Decimal("3850.00"), Decimal("177.10"), Decimal("1079.70"), Decimal("-2593.20"))
    assert february["caprock"][2:] == (Decimal("10803.00"), Decimal("1620.75"))
    assert february["mesquite"][2:] == (Decimal("6481.80"), Decimal("972.45"))
    account = account_of(db, alpha, refs["afe"], refs["llano"])
    assert (account["recovered_amount"], account["balance"], account["status"], account["paid_out_month"]) == (
        6600.00, 0.00, "paid_out", "2026-02-01")

    march = revenue(db, alpha, refs, "2026-03-01", "50.00")
    assert march["llano"] == (Decimal("3500.00"), Decimal("161.00"), Decimal("3339.00"), 0)

    import_costs(db, alpha, rows=[cost("PWR-2", "8510", "2026-02-15", "800.00"),
                                  cost("PWR-3", "8510", "2026-03-10", "1000.00")])
    run = jib_run(db, alpha, "2026-03-01")
    assert owner_totals(db, alpha, run["id"], refs) == {
        "caprock": Decimal("1000.00"), "mesquite": Decimal("600.00"), "llano": Decimal("200.00")}
    invoices = dict(as_role(db, alpha, "viewer", lambda d: d.execute(
        "select partner_company_id::text, total_amount from api.jib_invoices where jib_run_id = %s",
        [run["id"]]).fetchall()))
    assert invoices == {refs["mesquite"]: Decimal("600.00"), refs["llano"]: Decimal("200.00")}


def test_silence_is_non_consent_once_the_period_ends_and_nobody_participating_rejects(db, tenants, books):
    """A 2-day election: before it ends it cannot be closed; after it, a late election is refused, and closing
    counts the silent as non-consenting, and the next JIB run closes every ended election by itself. With no
    participant the AFE is rejected and has no recoupment account."""
    alpha, _ = tenants
    refs = books
    with db.transaction():
        db.execute("update app.afes set election_days = 2 where id = %s", [refs["afe"]])
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    elect(db, alpha, refs["afe"], refs["caprock"], "participate")
    error = refused(db, alpha, "accountant", call, "close_afe_election", refs["afe"])
    assert error["code"] == "WF_AFE_ELECTION_OPEN" and "2 participants have not elected" in error["message"]
    with db.transaction():
        db.execute("select set_config('wellflow.afe_workflow', 'on', true)")
        db.execute("update app.afes set submitted_at = submitted_at - interval '3 days' where id = %s", [refs["afe"]])
    error = refused(db, alpha, "accountant", call, "elect_afe", refs["afe"], refs["mesquite"], "participate")
    assert error["code"] == "WF_AFE_ELECTION_CLOSED" and error["details"] == "afe_id"
    assert as_role(db, alpha, "accountant", call, "close_afe_election", refs["afe"])["status"] == "approved"
    silent = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select count(*) from api.afe_elections where afe_id = %s and election = 'non_consent' and by_silence",
        [refs["afe"]]).fetchone()[0])
    accounts = as_role(db, alpha, "viewer", lambda d: d.execute(
        "select count(*) from api.recoupment_accounts where afe_id = %s", [refs["afe"]]).fetchone()[0])
    assert silent == 2 and accounts == 2

    nobody = as_role(db, alpha, "engineer", create_afe, refs, [(refs["caprock"], "0.5"), (refs["llano"], "0.5")])
    as_role(db, alpha, "engineer", call, "submit_afe", nobody["id"])
    elect(db, alpha, nobody["id"], refs["caprock"], "non_consent")
    assert elect(db, alpha, nobody["id"], refs["llano"], "non_consent")["status"] == "rejected"
    reopened = as_role(db, alpha, "engineer", call, "reopen_afe", nobody["id"])
    assert reopened["status"] == "draft" and reopened["consent_rule"] is None
    assert as_role(db, alpha, "viewer", lambda d: d.execute(
        "select count(*) from api.afe_elections where afe_id = %s", [nobody["id"]]).fetchone()[0]) == 0

    late = as_role(db, alpha, "engineer", create_afe, refs, [(refs["caprock"], "1")])
    as_role(db, alpha, "engineer", call, "submit_afe", late["id"])
    with db.transaction():
        db.execute("select set_config('wellflow.afe_workflow', 'on', true)")
        db.execute("update app.afes set submitted_at = submitted_at - interval '31 days' where id = %s", [late["id"]])
    as_role(db, alpha, "accountant", lambda d: d.execute("select api.create_jib_run('2026-01-01')"))
    assert db.execute("select status::text from app.afes where id = %s", [late["id"]]).fetchone()[0] == "rejected"
    error = refused(db, alpha, "accountant", call, "close_afe_election", late["id"])
    assert error["code"] == "WF_AFE_ILLEGAL_TRANSITION"


def test_the_rule_is_the_organizations_and_an_afe_keeps_the_one_it_was_submitted_under(db, tenants, books):
    alpha, _ = tenants
    refs = books
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    error = refused(db, alpha, "accountant", decide, refs["afe"], refs["mesquite"], "approve")
    assert error["code"] == "WF_AFE_CONSENT_RULE" and "/rpc/elect_afe" in error["hint"]
    as_role(db, alpha, "accountant", vote_on_afes)
    voted = as_role(db, alpha, "engineer", create_afe, refs, [(refs["caprock"], "0.6"), (refs["mesquite"], "0.4")])
    assert as_role(db, alpha, "engineer", call, "submit_afe", voted["id"])["consent_rule"] == "threshold_vote"
    error = refused(db, alpha, "accountant", call, "elect_afe", voted["id"], refs["caprock"], "participate")
    assert error["code"] == "WF_AFE_CONSENT_RULE"
    assert as_role(db, alpha, "accountant", decide, voted["id"], refs["caprock"], "approve")["status"] == "approved"
    assert elect(db, alpha, refs["afe"], refs["caprock"], "participate")["consent_rule"] == "elections"


def test_bad_elections_and_settings_answer_4xx_naming_the_field(db, tenants, books):
    alpha, _ = tenants
    refs = books
    with pytest.raises(psycopg.errors.CheckViolation) as caught:
        as_role(db, alpha, "engineer", lambda d: d.execute(
            "update api.afes set election_days = 0 where id = %s", [refs["afe"]]))
    assert "afes_election_days_check" in str(caught.value)
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    for election, comment, field in (("pending", None, "election"), (None, None, "election"),
                                     ("participate", "x" * 2001, "comment")):
        error = refused(db, alpha, "accountant", call, "elect_afe", refs["afe"], refs["caprock"], election, comment)
        assert error["code"] == "WF_AFE_ELECTION" and error["details"] == field
    error = refused(db, alpha, "accountant", call, "elect_afe", refs["afe"], refs["vendor"], "participate")
    assert error["code"] == "WF_AFE_NOT_A_PARTICIPANT" and error["details"] == "company_id"
    elect(db, alpha, refs["afe"], refs["caprock"], "participate")
    error = refused(db, alpha, "accountant", call, "elect_afe", refs["afe"], refs["caprock"], "non_consent")
    assert error["code"] == "WF_AFE_ALREADY_DECIDED"
    for column, value in (("non_consent_drilling_percent", "1000.01"), ("non_consent_operating_percent", "-1"),
                          ("non_consent_surface_equipment_percent", "100.005")):
        with pytest.raises(psycopg.errors.CheckViolation) as caught:
            as_role(db, alpha, "accountant", lambda d: d.execute(
                f"update api.finance_settings set {column} = %s", [value]))
        assert f"finance_settings_{column}_check" in str(caught.value)
    with pytest.raises(psycopg.Error) as caught:
        with db.transaction():
            act_as(db, alpha, "accountant")
            insert(db, "cost_decks", {"well_id": refs["well"], "owner_company_id": refs["llano"],
                                      "decimal_interest": "0.1", "effective_from": "2027-01-01",
                                      "payout_phase": "before_payout"})
    error = wf_error(caught.value)
    assert error["code"] == "WF_COST_DECK_SUM" and "before-payout cost deck" in error["message"]


@pytest.mark.parametrize("role", ["engineer", "viewer"])
def test_only_finance_roles_record_and_close_elections(db, tenants, books, role):
    alpha, _ = tenants
    refs = books
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    assert refused(db, alpha, role, call, "elect_afe", refs["afe"], refs["caprock"], "participate")["code"] == "WF_ROLE_FORBIDDEN"
    assert refused(db, alpha, role, call, "close_afe_election", refs["afe"])["code"] == "WF_ROLE_FORBIDDEN"
    for view in ("afe_elections", "recoupment_accounts", "recoupment_entries"):
        with pytest.raises(REFUSED):
            as_role(db, alpha, "owner", lambda d: d.execute(f"delete from api.{view}"))


def test_another_tenant_sees_and_touches_none_of_it(db, tenants, books):
    alpha, bravo = tenants
    refs = books
    as_role(db, alpha, "engineer", call, "submit_afe", refs["afe"])
    elect(db, alpha, refs["afe"], refs["caprock"], "participate")
    elect(db, alpha, refs["afe"], refs["mesquite"], "participate")
    elect(db, alpha, refs["afe"], refs["llano"], "non_consent")
    for view in ("afe_elections", "recoupment_accounts", "recoupment_entries"):
        assert as_role(db, bravo, "owner", lambda d: d.execute(f"select count(*) from api.{view}").fetchone()[0]) == 0
        for statement in (f"update api.{view} set id = id", f"delete from api.{view}",
                          f"insert into api.{view} (id) values (gen_random_uuid())"):
            with pytest.raises(REFUSED):
                as_role(db, bravo, "owner", lambda d: d.execute(statement))
    for table in ("afe_elections", "recoupment_accounts"):
        with db.transaction():
            act_as_worker(db, bravo)
            assert db.execute(f"select count(*) from app.{table}").fetchone()[0] == 0
    assert refused(db, bravo, "owner", call, "elect_afe", refs["afe"], refs["caprock"], "participate")["code"] == "WF_AFE_NOT_FOUND"
    assert refused(db, bravo, "owner", call, "close_afe_election", refs["afe"])["code"] == "WF_AFE_NOT_FOUND"


def test_elections_over_http_answer_what_a_client_needs(clients, graph):
    engineer, accountant, viewer = clients["engineer"], clients["accountant"], clients["viewer"]
    afe = post_draft_afe(engineer, graph)
    submitted = engineer.post("/rpc/submit_afe", json={"afe_id": afe["id"]})
    assert submitted.status_code == 200 and submitted.json()["consent_rule"] == "elections"

    def elect(client, company, election):
        return client.post("/rpc/elect_afe", json={"afe_id": afe["id"], "company_id": company, "election": election})

    unknown = elect(accountant, graph["partner"], "maybe")
    assert unknown.status_code == 400 and unknown.json()["code"] == "22P02" and "afe_election" in unknown.json()["message"]
    pending = elect(accountant, graph["partner"], "pending")
    assert pending.status_code == 400 and (pending.json()["code"], pending.json()["details"]) == ("WF_AFE_ELECTION", "election")
    assert elect(viewer, graph["partner"], "participate").status_code == 403
    assert elect(accountant, graph["partner"], "participate").json()["status"] == "submitted"
    assert elect(accountant, graph["company"], "non_consent").json()["status"] == "approved"
    elections = viewer.get(f"/afe_elections?afe_id=eq.{afe['id']}&select=election,cost_share&order=cost_share").json()
    assert elections == [{"election": "non_consent", "cost_share": 0}, {"election": "participate", "cost_share": 1}]
    accounts = viewer.get(f"/recoupment_accounts?afe_id=eq.{afe['id']}&select=company_id,status,balance").json()
    assert accounts == [{"company_id": graph["company"], "status": "recouping", "balance": 0}]
    assert accountant.post("/afe_elections", json={"afe_id": afe["id"]}).status_code == 405
    assert accountant.delete(f"/recoupment_accounts?afe_id=eq.{afe['id']}").status_code == 405
    closing = accountant.post("/rpc/close_afe_election", json={"afe_id": afe["id"]})
    assert closing.status_code == 409 and closing.json()["code"] == "WF_AFE_ILLEGAL_TRANSITION"


def llano_goes_non_consent(db, tenant, refs):
    """Caprock and Mesquite participate, Llano does not; January's 10,000.00 rig on the AFE is billed and approved:
    Llano's account is charged 10,000.00 x 0.20 x 300 % = 6,000.00."""
    as_role(db, tenant, "engineer", call, "submit_afe", refs["afe"])
    for company, election in (("caprock", "participate"), ("mesquite", "participate"), ("llano", "non_consent")):
        elect(db, tenant, refs["afe"], refs[company], election)
    import_costs(db, tenant, rows=[{"well_id": refs["well"], "afe_id": refs["afe"], "account_code": "8110",
                                    "vendor_company_id": refs["vendor"], "invoice_number": "RIG-9",
                                    "service_date": "2026-01-10", "accounting_date": "2026-01-31", "amount": "10000.00"}])
    jib_run(db, tenant, "2026-01-01")
    return account_of(db, tenant, refs["afe"], refs["llano"])


def draft_revenue(db, tenant, refs, month, price):
    return as_role(db, tenant, "accountant", lambda d: d.execute(
        "select api.calculate_revenue_distribution(%s, %s, 'oil', 'entered', %s, 400, 0)",
        [refs["well"], month, price]).fetchone()[0])


def test_two_draft_months_never_recover_the_same_balance_and_a_month_before_the_operation_is_not_withheld(
        db, tenants, books):
    """Charged 6,000.00. December 2025, before the operation's first cost (2026-01-10), is Llano's own: its 4,006.80
    net at $60.00 is paid whole. January at $60.00, a draft, withholds 4,006.80; February at $55.00, a draft made
    beside it, withholds only the 1,993.20 left (6,000.00 - 4,006.80), not Llano's whole 3,672.90: Llano keeps
    1,679.70. Approving both recovers exactly 6,000.00 and pays out in February."""
    alpha, _ = tenants
    refs = books
    account = llano_goes_non_consent(db, alpha, refs)
    assert account["charged_amount"] == 6000

    def llano(distribution):
        line = next(l for l in distribution["lines"] if l["owner_company_id"] == refs["llano"])
        return Decimal(str(line["net_value"])), Decimal(str(line["recoupment_amount"]))

    assert llano(draft_revenue(db, alpha, refs, "2025-12-01", "60.00")) == (Decimal("4006.80"), 0)
    january = draft_revenue(db, alpha, refs, "2026-01-01", "60.00")
    february = draft_revenue(db, alpha, refs, "2026-02-01", "55.00")
    assert llano(january) == (0, Decimal("-4006.80"))
    assert llano(february) == (Decimal("1679.70"), Decimal("-1993.20"))
    january = draft_revenue(db, alpha, refs, "2026-01-01", "60.00")            # a draft made again keeps its share
    assert llano(january) == (0, Decimal("-4006.80"))
    for distribution in (january, february):
        as_role(db, alpha, "accountant", call, "approve_revenue_distribution", distribution["id"])
    account = account_of(db, alpha, refs["afe"], refs["llano"])
    assert (account["recovered_amount"], account["balance"], account["paid_out_month"]) == (6000, 0, "2026-02-01")
