"""docker-compose.yml (for users with Docker; no Docker engine runs here): each service holds only
its own settings, and the long-running ones restart and report their health."""

import yaml

from conftest import ROOT

LONG_RUNNING = ("db", "postgrest", "nginx", "worker", "mailsink")
ONE_SHOT = ("migrate", "swagger-ui")


def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_only_the_migration_holds_the_superuser_url_and_only_it_and_postgrest_the_jwt_secret():
    found = services()
    for name, service in found.items():
        environment = service.get("environment") or {}
        text = " ".join(str(value) for value in environment.values())
        if name != "migrate":
            assert "DATABASE_URL" not in environment and "postgres:${POSTGRES_PASSWORD" not in text, name
        if name not in ("migrate", "postgrest"):
            assert "WELLFLOW_JWT_SECRET" not in text, name
    assert "wellflow_worker:" in found["worker"]["environment"]["WELLFLOW_WORKER_URL"]
    assert "wellflow_authenticator:" in found["postgrest"]["environment"]["PGRST_DB_URI"]


def test_long_running_services_restart_and_have_health_checks():
    found = services()
    assert set(found) == set(LONG_RUNNING) | set(ONE_SHOT)
    for name in LONG_RUNNING:
        assert found[name]["restart"] == "unless-stopped", name
        # PostgREST's image has no shell: nginx's check asks its admin server for /ready.
        if name != "postgrest":
            assert found[name]["healthcheck"]["test"], name
    assert "postgrest/3001" in " ".join(found["nginx"]["healthcheck"]["test"])
    assert found["postgrest"]["environment"]["PGRST_ADMIN_SERVER_PORT"] == "3001"
    for name in ONE_SHOT:
        assert found[name]["restart"] == "no", name
