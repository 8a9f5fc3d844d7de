"""The README's curl walk-through works as written, against a real stack with the demo data."""

import json
import re
import subprocess

import pytest

from conftest import ROOT, start_worker, stop_process


def walkthrough(name: str) -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- walkthrough:{name} -->\s*```sh\n(.*?)```", readme, re.S)
    assert match, f"README has no walkthrough:{name} block"
    return match.group(1)


@pytest.fixture(scope="module")
def demo(stack):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(ROOT / "scripts/demo_data.sql"),
                    stack.db_url], check=True, capture_output=True)
    return stack


def run(name: str, stack, workdir) -> subprocess.CompletedProcess:
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", walkthrough(name)],
                            env={"API": stack.base_url, "PATH": "/usr/bin:/bin"}, cwd=workdir,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_asset_walkthrough_creates_assets_and_shows_clear_errors(demo, tmp_path):
    result = run("assets", demo, tmp_path)
    lines = result.stdout.splitlines()
    assert json.loads(lines[0]) == {"well_number": "30025512340000", "well_number_formatted": "30-025-51234-00-00",
                                    "offshore": False}
    embedded = json.loads(lines[1])
    assert embedded["lease"]["lease_number"] == "NM-HM-1" and embedded["field"]["name"] == "Hat Mesa"
    errors = [line for line in lines if line.endswith("HTTP 400")]
    assert len(errors) == 5, result.stdout
    codes = [json.loads(line.rsplit(" HTTP", 1)[0])["code"] for line in errors]
    assert codes == ["WF_WELL_NUMBER_STATE", "WF_WELL_NUMBER_COUNTY", "WF_WELL_NUMBER_COUNTY", "23514", "23514"]
    assert "leases_net_revenue_interest_check" in errors[3] and "wells_true_vertical_depth_check" in errors[4]
    audit = [json.loads(line) for line in lines if line.startswith('{"table_name"')]
    assert [(row["table_name"], row["action"]) for row in audit] == [
        ("fields", "insert"), ("companies", "insert"), ("leases", "insert"), ("wells", "insert")]
    assert all(row["user_id"] == "01900000-0000-7000-8000-000000000103" and row["request_id"] == "readme-assets-1"
               for row in audit)


def test_the_production_walkthrough_imports_a_month_and_reports_a_bad_row(demo, tmp_path):
    lines = run("production", demo, tmp_path).stdout.splitlines()
    before, imported, after = json.loads(lines[0]), json.loads(lines[1]), json.loads(lines[2])
    assert imported["received"] == 6000 and imported["rejected"] == 0
    assert imported["inserted"] + imported["updated"] + imported["unchanged"] == 6000
    assert after["oil_bbl"] == 4 * 30 * 120 and after["reported_days"] == 120 and after != before
    assert after["gas_oil_ratio"] == round(310 * 1000 / 120, 1)
    assert lines[3] == "HTTP 422"
    strict = json.loads(lines[4])
    assert (strict["inserted"], strict["updated"]) == (0, 0)
    assert strict["rejected"] == [{"line": 5, "code": "WF_IMPORT_NEGATIVE_VOLUME", "field": "oil_bbl"}]
    lenient = json.loads(lines[5])
    assert lenient == {"updated": 0, "unchanged": 5999, "rejected": strict["rejected"]}


def test_the_finance_walkthrough_approves_flags_an_overrun_and_distributes_to_the_cent(demo, tmp_path):
    lines = run("finance", demo, tmp_path).stdout.splitlines()
    assert len(lines) == 10, lines
    assert json.loads(lines[0]) == {"status": "submitted", "estimated_total": 100000}
    assert json.loads(lines[1]) == {"status": "submitted", "approved_total": None}
    assert json.loads(lines[2]) == {"status": "approved", "approved_total": 100000}
    assert lines[3] == " HTTP 204"
    assert json.loads(lines[4]) == {"actual_total": 115000, "flagged": True}
    assert json.loads(lines[5]) == {"status": "approved", "approved_total": 20000}
    assert json.loads(lines[6]) == {"actual_total": 115000, "flagged": False}
    assert json.loads(lines[7]) == {"inserted": 1, "rejected": []}
    month = json.loads(lines[8])
    assert month["distributed"] == 0 and [f["code"] for f in month["failed"]] == ["WF_DECK_NOT_ONE"]
    assert "sums to 0.99999999, 0.00000001 short of 1.00000000" in month["failed"][0]["message"]
    distribution = json.loads(lines[9])
    assert distribution == {
        "gross_value": 88111.05, "severance_tax": 4053.11, "net_value": 82807.94,
        "owners": [{"decimal_interest": 0.875, "gross_value": 77097.17, "severance_tax": 3546.47,
                    "other_deductions": 1093.75, "net_value": 72456.95},
                   {"decimal_interest": 0.125, "gross_value": 11013.88, "severance_tax": 506.64,
                    "other_deductions": 156.25, "net_value": 10350.99}]}


def test_the_jib_walkthrough_bills_a_month_to_the_cent_and_tracks_a_partner_payment(demo, tmp_path):
    lines = run("jib", demo, tmp_path).stdout.splitlines()
    assert len(lines) == 7, lines
    message, status = lines[0].rsplit(" HTTP ", 1)
    assert status == "422" and message.endswith("sums to 0.50000000 on 2025-01-01, 0.50000000 short of 1.00000000")
    assert lines[1] == " HTTP 201"
    assert json.loads(lines[2]) == {"inserted": 3, "rejected": []}
    assert json.loads(lines[3]) == [{"partner": "Caprock", "total_amount": 950.01},
                                    {"partner": "Mesquite", "total_amount": 633.34}]
    assert sorted(json.loads(lines[4]), key=lambda line: line["amount"]) == [
        {"amount": -166.66, "residue_amount": 0.01}, {"amount": 500.01, "residue_amount": -0.01}]
    assert json.loads(lines[5]) == {"status": "approved", "total_gross": 3166.7, "total_invoiced": 1583.35}
    assert json.loads(lines[6]) == {"billed": 950.01, "paid": 900, "open_amount": 50.01}


def test_the_compliance_walkthrough_flags_a_spike_renders_a_c115_and_rolls_its_due_date(demo, tmp_path, smtp_sink):
    _, port = smtp_sink
    worker = start_worker(demo, tmp_path / "worker.log", SMTP_PORT=str(port))
    try:
        lines = run("compliance", demo, tmp_path).stdout.splitlines()
    finally:
        stop_process(worker)
    assert json.loads(lines[0])["rejected"] == 0
    assert json.loads(lines[1]) == {"issue_date": "2023-11-15", "field": "oil_bbl", "observed": 2400, "expected": 120}
    assert json.loads(lines[2]) == {"status": "generated", "due_date": "2024-01-16"}
    assert lines[3].startswith("OGRID,Operator,Production Month,API Well Number")
    assert lines[4].startswith("371204,Permian Ridge Operating LLC,11/2023,30-0")
    assert lines[5] == "%PDF-" and lines[6] == "PDF checksum matches"
    assert json.loads(lines[7]) == {"period": "2023-11-01", "deadline": "2024-01-15", "due_date": "2024-01-16",
                                    "rolled_over": "Martin Luther King Jr. Day 2024-01-15", "status": "overdue"}
    assert json.loads(lines[8]) == {"status": "submitted", "confirmation_number": "OCD-2023-11-0042"}
    assert json.loads(lines[9]) == {"period": "2023-12-01", "due_date": "2024-02-15"}
    assert json.loads(lines[10]) == {"queue_name": "reports", "succeeded": 1, "failed": 0}
    pdf = (tmp_path / "c115.pdf").read_bytes()
    assert b"Operator's Monthly Report" in pdf and b"5880" in pdf and b"3600" in pdf


def test_the_elections_walkthrough_carries_a_non_consenting_partner_until_payout(demo, tmp_path):
    """10,000.00 of completion: Caprock billed 10,000.00 x 0.3 / 0.8 = 3,750.00; Mesquite's account charged
    10,000.00 x 0.2 x 300 % = 6,000.00. Revenue 400 bbl at 60 / 55 / 50, Texas 4.6 %, Mesquite 0.175, Caprock 0.2625:
    January withholds Mesquite's 4,200.00 - 193.20 = 4,006.80 (Caprock 6,300.00 - 289.80 + 1,502.55 = 7,512.75);
    February withholds the last 1,993.20 of its 3,672.90 (paid 1,679.70; Caprock 5,775.00 - 265.65 + 747.45 =
    6,256.80); March pays it 3,500.00 - 161.00 = 3,339.00 and Caprock 5,250.00 - 241.50 = 5,008.50."""
    lines = run("elections", demo, tmp_path).stdout.splitlines()
    assert len(lines) == 11, lines
    assert json.loads(lines[0]) == {"status": "submitted", "consent_rule": "elections", "election_days": 30}
    assert [json.loads(line) for line in lines[1:4]] == [{"status": "submitted"}, {"status": "submitted"},
                                                          {"status": "approved"}]
    assert json.loads(lines[4]) == {"inserted": 1, "rejected": []}
    assert json.loads(lines[5]) == {"total_amount": 3750}
    assert json.loads(lines[6]) == {"status": "recouping", "charged_amount": 6000, "recovered_amount": 0,
                                    "balance": 6000, "paid_out_month": None}
    assert json.loads(lines[7]) == [{"owner": "Caprock", "net_value": 7512.75, "recoupment_amount": 1502.55},
                                    {"owner": "Mesquite", "net_value": 0, "recoupment_amount": -4006.8}]
    assert json.loads(lines[8]) == [{"owner": "Caprock", "net_value": 6256.8, "recoupment_amount": 747.45},
                                    {"owner": "Mesquite", "net_value": 1679.7, "recoupment_amount": -1993.2}]
    assert json.loads(lines[9]) == {"status": "paid_out", "charged_amount": 6000, "recovered_amount": 6000,
                                    "balance": 0, "paid_out_month": "2026-02-01"}
    assert json.loads(lines[10]) == [{"owner": "Caprock", "net_value": 5008.5, "recoupment_amount": 0},
                                     {"owner": "Mesquite", "net_value": 3339, "recoupment_amount": 0}]


def test_the_forecasts_walkthrough_fits_a_demo_well_and_keeps_pinned_parameters(demo, tmp_path):
    worker = start_worker(demo, tmp_path / "worker.log")
    try:
        lines = run("forecasts", demo, tmp_path).stdout.splitlines()
    finally:
        stop_process(worker)
    fitted = json.loads(lines[0])
    assert fitted["status"] == "fitted" and fitted["r_squared"] > 0.9 and fitted["months_fitted"] >= 6
    assert fitted["eur"] == pytest.approx(fitted["cumulative"] + fitted["remaining"]) and fitted["remaining"] > 0
    years = json.loads(lines[1])
    assert len(years) == 3 and years[0]["wells"] >= 1 and [y["year"] for y in years] == sorted(y["year"] for y in years)
    assert lines[2] == "month,rate,volume" and [len(line.split(",")) for line in lines[3:6]] == [3, 3, 3]
    assert lines[6] == "HTTP 201"
    assert json.loads(lines[7]) == {"status": "pinned", "initial_rate": 900, "initial_decline": 0.65, "b_factor": 1.1}
