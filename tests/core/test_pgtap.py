"""Runs every pgTAP file (tests/<domain>/pgtap/*.sql) through pg_prove against the module's
database, and shows that the schema-wide check can fail."""

import subprocess
from pathlib import Path

import pytest

PGTAP_FILES = sorted(Path(__file__).resolve().parent.parent.glob("*/pgtap/*.sql"))


@pytest.mark.parametrize("path", PGTAP_FILES, ids=lambda p: p.stem)
def test_pgtap_file(db_url, path):
    result = subprocess.run(["pg_prove", "--verbose", "--dbname", db_url, str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All tests successful" in result.stdout


def test_removing_forced_rls_from_any_table_fails_the_schema_check(db, db_url):
    """The schema-wide pgTAP check is not a test that cannot fail."""
    import subprocess
    from pathlib import Path

    tables = [r[0] for r in db.execute(
        "select c.oid::regclass::text from pg_class c where c.relnamespace in "
        "('app'::regnamespace, 'auth'::regnamespace) and c.relkind in ('r', 'p')")]
    assert len(tables) >= 5
    check = Path(__file__).parent / "pgtap" / "schema_rules.sql"
    for table in tables:
        db.execute(f"alter table {table} no force row level security")
        try:
            result = subprocess.run(["pg_prove", "--dbname", db_url, str(check)], capture_output=True, text=True)
        finally:
            db.execute(f"alter table {table} force row level security")
        assert result.returncode != 0, f"removing force on {table} went unnoticed"
