"""Time limits of the roles that serve requests: set in the database, applied by PostgREST to each
request's transaction, and ending a runaway request with a JSON error instead of a hung connection."""

import contextlib
import time

import psycopg

SERVING_ROLES = ("wellflow_user", "wellflow_anon", "wellflow_analyst", "wellflow_authenticator")


def test_every_serving_role_has_a_statement_and_a_lock_timeout(db):
    settings = dict(db.execute("""
        select r.rolname, s.setconfig from pg_roles r
          join pg_db_role_setting s on s.setrole = r.oid and s.setdatabase = 0
         where r.rolname = any(%s)""", [list(SERVING_ROLES)]).fetchall())
    for role in SERVING_ROLES:
        names = {entry.split("=", 1)[0] for entry in settings.get(role, [])}
        assert {"statement_timeout", "lock_timeout"} <= names, (role, settings.get(role))
    assert "statement_timeout=30s" in settings["wellflow_user"]


@contextlib.contextmanager
def web_user_statement_timeout(stack, value: str):
    """wellflow_user's limit set to value, as an operator changes it, then put back. PostgREST reads
    the role-wide settings (pg_roles.rolconfig) when it loads its configuration."""
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        previous = conn.execute("select setting from pg_roles, unnest(rolconfig) setting"
                                " where rolname = 'wellflow_user' and setting like 'statement\\_timeout=%'"
                                ).fetchone()[0].split("=", 1)[1]
        conn.execute(f"alter role wellflow_user set statement_timeout = '{value}'")
        conn.execute("notify pgrst, 'reload config'")
    time.sleep(1.5)
    try:
        yield
    finally:
        with psycopg.connect(stack.db_url, autocommit=True) as conn:
            conn.execute(f"alter role wellflow_user set statement_timeout = '{previous}'")
            conn.execute("notify pgrst, 'reload config'")
        time.sleep(1.5)


def test_a_request_stuck_behind_a_lock_ends_at_the_timeout_with_a_json_503(stack, http_tenants):
    """Another session holds the well's row lock; the engineer's PATCH waits for it. With this
    role's statement timeout at 1 s the request ends after about a second with a 503 JSON
    body and Retry-After, the lock holder is unaffected and nothing of the PATCH is written."""
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["engineer"])) as client:
        well = client.post("/wells", json={"well_number": "42-501-20991", "name": "Locked 1H"},
                           headers={"Prefer": "return=representation"}).json()[0]
        with web_user_statement_timeout(stack, "1s"), psycopg.connect(stack.db_url) as holder:
            holder.execute("select 1 from app.wells where id = %s for update", [well["id"]])
            started = time.perf_counter()
            response = client.patch(f"/wells?id=eq.{well['id']}", json={"name": "Renamed 1H"})
            elapsed = time.perf_counter() - started
            holder.rollback()
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["code"] == "WF_UNAVAILABLE" and response.headers["retry-after"] == "5"
        assert 0.9 < elapsed < 4, elapsed
        assert client.get(f"/wells?id=eq.{well['id']}&select=name").json() == [{"name": "Locked 1H"}]
