"""Runs every pgTAP file in tests/pgtap through pg_prove against the module's database."""

import subprocess
from pathlib import Path

import pytest

PGTAP_FILES = sorted((Path(__file__).parent / "pgtap").glob("*.sql"))


@pytest.mark.parametrize("path", PGTAP_FILES, ids=lambda p: p.stem)
def test_pgtap_file(db_url, path):
    result = subprocess.run(["pg_prove", "--verbose", "--dbname", db_url, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All tests successful" in result.stdout
