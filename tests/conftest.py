"""Test harness: every test runs on each database target — the host's
PostgreSQL 15 (native partitioning path) and PostgreSQL 17 + TimescaleDB in the chroot.
A template database is deployed once per target through Sqitch and cloned per module."""

from __future__ import annotations

import secrets
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import email

import httpx
import psycopg
import pytest
from aiosmtpd.controller import Controller

from wellflow_cli import db as ops
from wellflow_cli.settings import POSTGREST_BIN, ROOT, SELECTED_TARGETS, TARGETS
pytest.register_assert_rewrite("support")  # the helpers there assert, too: keep pytest's explanations
from support import free_port, start_process, stop_process, wait_for  # noqa: F401 - tests import them from here
from support.assets import create_graph, insert, payload, post_graph, post_row
from support.finance import afe_in, as_role, call, company, deck, distribute, set_tax_id, vote_on_afes
from support.production import make_wells
from support.sessions import act_as, act_as_worker  # noqa: F401 - tests import them from here
from support.sql_coverage import PROFILED_TARGETS, Coverage, reset_profiles
JWT_SECRET = secrets.token_urlsafe(48)
AUTHENTICATOR_PASSWORD = secrets.token_urlsafe(16)
WORKER_PASSWORD = secrets.token_urlsafe(16)
PASSWORD = "correct-horse-battery"
SQL_COVERAGE = Coverage()


def pytest_addoption(parser):
    parser.addoption("--sql-cov-fail-under", type=float, default=None,
                     help="fail when PL/pgSQL statement coverage (measured on pg17) is below this percentage")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    minimum = session.config.getoption("--sql-cov-fail-under")
    if minimum is not None and SQL_COVERAGE.databases and SQL_COVERAGE.percent < minimum:
        session.config.sql_coverage_failed = True
        if session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.section("PL/pgSQL coverage")
    for line in SQL_COVERAGE.report():
        terminalreporter.write_line(line)
    if getattr(config, "sql_coverage_failed", False):
        terminalreporter.write_line(f"FAIL: PL/pgSQL statement coverage is below "
                                    f"{config.getoption('--sql-cov-fail-under'):g} %", red=True)


@dataclass
class Cluster:
    name: str
    admin_url: str

    def url(self, database: str, user: str = "postgres", password: str | None = None) -> str:
        return ops.role_url(ops.with_database(self.admin_url, database), user, password)


@pytest.fixture(scope="session", params=SELECTED_TARGETS)
def cluster(request) -> Cluster:
    name = request.param
    if name == "pg17":
        subprocess.run([str(ROOT / "scripts" / "pg17-chroot.sh"), "start"], check=True)
    if name in PROFILED_TARGETS:
        reset_profiles(TARGETS[name])
    drop_test_analyst_logins(TARGETS[name])
    return Cluster(name, TARGETS[name])


def drop_test_analyst_logins(admin_url: str) -> None:
    """Analyst logins of test organizations (slugs org-…) that an interrupted run left behind: roles
    outlive the test databases, and a leftover name would answer 409 in every later run."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for (role,) in conn.execute(r"select rolname from pg_roles where rolname like 'wellflow\_org-%'").fetchall():
            conn.execute(f'drop role "{role}"')


@pytest.fixture(scope="session")
def template_url(cluster: Cluster) -> str:
    """wellflow_test_template: migrations deployed, secrets provisioned, test helpers added."""
    url = cluster.url("wellflow_test_template")
    ops.recreate_database(url)
    ops.deploy(url)
    ops.provision(url, JWT_SECRET, AUTHENTICATOR_PASSWORD, WORKER_PASSWORD)
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(ROOT / "tests/sql/helpers.sql"), url],
                   check=True, capture_output=True)
    ops.seal_template(url)
    return url


def clone(cluster: Cluster, template_url: str, name: str) -> str:
    url = cluster.url(name)
    ops.recreate_database(url, template=ops.database_name(template_url))
    if cluster.name in PROFILED_TARGETS:
        SQL_COVERAGE.profile(url)
    return url


def retire(cluster: Cluster, url: str) -> None:
    """Drop a clone, after reading its PL/pgSQL profile where the target is profiled."""
    try:
        if cluster.name in PROFILED_TARGETS:
            SQL_COVERAGE.harvest(url)
    finally:
        ops.drop_database(url)


@pytest.fixture(scope="module")
def db_url(cluster: Cluster, template_url: str, request) -> str:
    """A private clone of the template for this test module."""
    url = clone(cluster, template_url, "wellflow_test_" + request.module.__name__.split(".")[-1][:40])
    yield url
    retire(cluster, url)


@pytest.fixture
def db(db_url: str):
    """A superuser connection (autocommit) to the module's database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn


class Tenant:
    """An organization with one user per organization role, created through SQL."""

    def __init__(self, conn: psycopg.Connection, name: str):
        self.name = name
        self.id = conn.execute("select tests.create_organization(%s)", [name]).fetchone()[0]
        self.users: dict[str, uuid.UUID] = {}
        self.emails: dict[str, str] = {}
        for role in ("owner", "admin", "manager", "engineer", "accountant", "viewer"):
            email = f"{role}-{uuid.uuid4().hex[:12]}@test.example"
            user_id = conn.execute("select tests.create_user(%s)", [email]).fetchone()[0]
            conn.execute("select tests.add_member(%s, %s, %s)", [user_id, self.id, role])
            self.users[role] = user_id
            self.emails[role] = email


@pytest.fixture
def tenants(db) -> tuple[Tenant, Tenant]:
    return Tenant(db, "Alpha Operating"), Tenant(db, "Bravo Resources")


# --- HTTP stack: PostgREST + nginx on a clone, per target --------------------------------

@dataclass
class Stack:
    base_url: str
    db_url: str
    cluster: Cluster
    nginx_log: Path
    postgrest_upstream: str

    def client(self, token: str | None = None, **headers) -> httpx.Client:
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)

    def login(self, email: str, password: str = PASSWORD, organization_id=None) -> str:
        body = {"email": email, "password": password}
        if organization_id:
            body["organization_id"] = str(organization_id)
        response = httpx.post(f"{self.base_url}/rpc/login", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["token"]


@pytest.fixture(scope="session")
def stack(cluster: Cluster, template_url: str, tmp_path_factory) -> Stack:
    db_url = clone(cluster, template_url, "wellflow_test_http")
    workdir = tmp_path_factory.mktemp(f"stack-{cluster.name}")
    postgrest_port, http_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{http_port}"
    postgrest = start_process(
        [str(POSTGREST_BIN), str(ROOT / "postgrest.conf")],
        {"PGRST_DB_URI": cluster.url("wellflow_test_http", "wellflow_authenticator", AUTHENTICATOR_PASSWORD),
         "PGRST_JWT_SECRET": JWT_SECRET, "PGRST_SERVER_HOST": "127.0.0.1",
         "PGRST_SERVER_PORT": str(postgrest_port)},
        workdir / "postgrest.log")
    nginx = start_process(
        [str(ROOT / "scripts/nginx.sh"), "run"],
        {"WELLFLOW_HTTP_PORT": str(http_port), "POSTGREST_UPSTREAM": f"127.0.0.1:{postgrest_port}",
         "WELLFLOW_NGINX_PREFIX": str(workdir / "nginx"), "WELLFLOW_RATE": "500", "WELLFLOW_BURST": "1000",
         "WELLFLOW_ANON_RATE": "500", "WELLFLOW_IMPORT_RATE": "6000", "WELLFLOW_LOGIN_RATE": "6000"},
        workdir / "nginx.log")
    try:
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{postgrest_port}/", timeout=2).status_code == 200,
                 f"PostgREST (log: {workdir / 'postgrest.log'})")
        wait_for(lambda: httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200,
                 f"nginx (log: {workdir / 'nginx.log'})")
        yield Stack(base_url, db_url, cluster, workdir / "nginx" / "access.log", f"127.0.0.1:{postgrest_port}")
    finally:
        stop_process(nginx)
        stop_process(postgrest)
        retire(cluster, db_url)


@pytest.fixture
def http_tenants(stack: Stack) -> tuple[Tenant, Tenant]:
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        return Tenant(conn, "Alpha Operating"), Tenant(conn, "Bravo Resources")


@pytest.fixture
def engineer_client(stack: Stack, http_tenants) -> httpx.Client:
    """An HTTP client signed in as the first tenant's engineer."""
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["engineer"])) as client:
        yield client


# --- jobs: a local SMTP sink and the worker's connection to the HTTP stack's database ----

class Sink:
    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def worker_env(stack):
    return {"WELLFLOW_WORKER_URL": stack.cluster.url(
        "wellflow_test_http", "wellflow_worker", WORKER_PASSWORD)}


def start_worker(stack: Stack, log: Path, **env) -> subprocess.Popen:
    """A real worker process (wellflow-worker) on the HTTP stack's database."""
    import sys
    return start_process([sys.executable, "-m", "procrastinate_tasks.worker", "--concurrency", "2"],
                         {"WELLFLOW_WORKER_URL": stack.cluster.url("wellflow_test_http", "wellflow_worker", WORKER_PASSWORD),
                          **env}, log)


# --- data the tests of several modules share ---------------------------------------------

@pytest.fixture
def graphs(db, tenants):
    """Each tenant owns one field, company, lease and well, created by its engineer."""
    result = {}
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            result[tenant.name] = create_graph(db)
    return result


@pytest.fixture
def alpha_wells(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        lease, wells = make_wells(db, 3)
    return alpha, lease, wells


@pytest.fixture
def books(db, tenants):
    """Per tenant: a well operated by its operator company, and two partner companies; AFEs are decided by
    the working-interest vote of a unit operating agreement (partners' own elections have tests of their own)."""
    result = {}
    for tenant in tenants:
        with db.transaction():
            act_as(db, tenant, "engineer")
            refs = create_graph(db)
            refs["operator"] = refs["company"]
            set_tax_id(db, refs["operator"], "75-1234567")
            refs["partner_a"], refs["partner_b"] = company(db), company(db)
        with db.transaction():
            act_as(db, tenant, "accountant")
            vote_on_afes(db)
        result[tenant.name] = refs
    return result


@pytest.fixture
def owners(db, tenants, books):
    """Alpha's well operator plus partner, royalty, ORRI and NPRI owners (the ORRI owner has no tax id)."""
    alpha, _ = tenants
    refs = books[alpha.name]
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs["royalty"] = company(db, "royalty_owner")
        refs["orri"] = company(db, "overriding_royalty_owner", tax_id=None)
        refs["npri"] = company(db, "royalty_owner")
    return refs


@pytest.fixture
def ledgers(db, tenants, books):
    """Each tenant: an approved AFE, a deck summing to 1 and an approved distribution."""
    result = {}
    for tenant in tenants:
        refs = dict(books[tenant.name])
        refs["afe"] = afe_in(db, tenant, refs, "approved")["id"]
        refs["line_item"] = db.execute("select id::text from app.afe_line_items where afe_id = %s limit 1",
                                       [refs["afe"]]).fetchone()[0]
        refs["approval"] = db.execute("select id::text from app.afe_approvals where afe_id = %s limit 1",
                                      [refs["afe"]]).fetchone()[0]
        lines = deck(db, tenant, [(refs["well"], refs["operator"], "0.875"),
                                  (refs["well"], refs["partner_a"], "0.125",
                                   {"interest_type": "ri", "pay_status": "suspense", "suspense_reason": "legal_hold"})])
        refs["division_order"] = lines[0]["id"]
        distribution = distribute(db, tenant, refs)
        as_role(db, tenant, "accountant", call, "approve_revenue_distribution", distribution["id"])
        refs["distribution"] = distribution["id"]
        refs["distribution_line"] = distribution["lines"][0]["id"]
        result[tenant.name] = refs
    return result


@pytest.fixture
def clients(stack, http_tenants):
    alpha, _ = http_tenants
    made = {role: stack.client(stack.login(alpha.emails[role])) for role in ("engineer", "accountant", "viewer")}
    yield made
    for client in made.values():
        client.close()


@pytest.fixture
def graph(clients):
    refs = post_graph(clients["engineer"])
    refs["well"] = post_row(clients["engineer"], "wells", payload("wells", refs))["id"]
    refs["partner"] = post_row(clients["engineer"], "companies", payload("companies"))["id"]
    return refs


@pytest.fixture
def nm_well(db, tenants):
    """Alpha's New Mexico well (Lea County) with a C-115 schedule from November 2023."""
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "engineer")
        refs = create_graph(db)
        refs["nm_well"] = insert(db, "wells", {"well_number": "30-025-51300", "name": "Lea State 1H",
                                               "lease_id": refs["lease"], "status": "producing",
                                               "spud_date": "2023-06-01", "first_production_date": "2023-10-01"})["id"]
        refs["schedule"] = insert(db, "compliance_schedules", {"agency": "NM-OCD", "form": "C-115",
                                                               "first_period": "2023-11-01"})["id"]
    return refs
