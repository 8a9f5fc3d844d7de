"""The README's curl walk-through works as written, against a real stack with the demo data."""

import json
import re
import subprocess

from conftest import ROOT


def walkthrough(name: str) -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- walkthrough:{name} -->\s*```sh\n(.*?)```", readme, re.S)
    assert match, f"README has no walkthrough:{name} block"
    return match.group(1)


def test_the_asset_walkthrough_creates_assets_and_shows_clear_errors(stack):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(ROOT / "scripts/demo_data.sql"),
                    stack.db_url], check=True, capture_output=True)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", walkthrough("assets")],
                            env={"API": stack.base_url, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
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
