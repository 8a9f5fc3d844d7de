"""A bounded property-based run of schemathesis against the live OpenAPI document, as users of two
organizations: whatever the generated request, the API answers without a server error."""

import re
import subprocess
import sys
from pathlib import Path

ST = Path(sys.executable).parent / "st"
EXAMPLES = 10  # per operation in the fuzzing phase: bounded, so each run takes about 20 seconds


def fuzz(stack, token: str, report: Path) -> str:
    result = subprocess.run(
        [str(ST), "run", f"{stack.base_url}/openapi.json", "--url", stack.base_url,
         "--checks", "not_a_server_error", "--max-examples", str(EXAMPLES), "--seed", "20261202",
         "--phases", "examples,fuzzing", "--request-timeout", "30",
         "--header", f"Authorization: Bearer {token}", "--report", "junit", "--report-junit-path", str(report),
         "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return result.stdout


def test_schemathesis_finds_no_server_error_as_two_organizations_users(stack, http_tenants, tmp_path):
    alpha, bravo = http_tenants
    summaries = []
    for tenant, role in ((alpha, "owner"), (bravo, "engineer")):
        output = fuzz(stack, stack.login(tenant.emails[role]), tmp_path / f"{role}.xml")
        cases = re.search(r"(\d+) generated, (\d+) passed", output)
        assert cases and cases.group(1) == cases.group(2) and int(cases.group(1)) >= 500, output[-3000:]
        summaries.append(f"{role} of {tenant.name}: {cases.group(0)}")
    print("schemathesis: " + "; ".join(summaries))
