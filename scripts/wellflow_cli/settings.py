"""Every default (database URLs, ports, the state folder) is declared once, in scripts/env.sh.

Python reads the same values: whatever the environment already sets wins, and anything missing
is taken from sourcing env.sh, exactly as scripts/wellflow does before it runs a command."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_SCRIPT = ROOT / "scripts" / "env.sh"


def _load_env_sh() -> None:
    if os.environ.get("WELLFLOW_ROOT") and os.environ.get("WELLFLOW_TEST_PG17_URL"):
        return  # scripts/wellflow has sourced env.sh already
    output = subprocess.run(["bash", "-c", 'source "$1" && env -0', "env.sh", str(ENV_SCRIPT)],
                            capture_output=True, check=True).stdout
    for entry in output.split(b"\0"):
        name, _, value = entry.decode().partition("=")
        if name.startswith(("WELLFLOW_", "PGRST_", "POSTGREST_", "SWAGGER_", "SQUAWK_", "SMTP_", "DATABASE_URL")):
            os.environ.setdefault(name, value)


_load_env_sh()

STATE = Path(os.environ["WELLFLOW_STATE"])
DATABASE_URL = os.environ["DATABASE_URL"]
POSTGREST_BIN = Path(os.environ["POSTGREST_BIN"])
# Admin URLs of the two database targets every test and benchmark runs on.
TARGETS = {
    "pg15": os.environ["WELLFLOW_TEST_PG15_URL"],
    "pg17": os.environ["WELLFLOW_TEST_PG17_URL"],
}
SELECTED_TARGETS = [t for t in os.environ.get("WELLFLOW_TEST_TARGETS", "pg15,pg17").split(",") if t]
