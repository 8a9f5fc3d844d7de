"""nginx in front of PostgREST: request ids, rate limits, JSON access log, Swagger UI, gzip."""

import contextlib
import json
import subprocess

import httpx

from conftest import ROOT, free_port, start_process, stop_process, wait_for


def test_every_response_carries_a_request_id_and_sql_sees_it(stack):
    with stack.client() as client:
        generated = client.get("/healthz")
        echoed = client.post("/rpc/login", json={"email": "a@b.example", "password": "x"},
                             headers={"X-Request-Id": "client-req-42"})
    assert len(generated.headers["x-request-id"]) >= 16
    assert echoed.headers["x-request-id"] == "client-req-42"
    assert echoed.status_code == 401, echoed.text

    def logged() -> bool:  # nginx writes the access log line just after the response
        lines = [json.loads(line) for line in stack.nginx_log.read_text().splitlines()]
        return any(line["request_id"] == "client-req-42" and line["status"] in (401, "401") for line in lines)
    wait_for(logged, "the request's access log line", timeout=5)


def test_docs_serve_swagger_ui_reading_the_live_openapi(stack):
    page = httpx.get(f"{stack.base_url}/docs/", follow_redirects=True)
    assert page.status_code == 200 and "swagger-ui" in page.text.lower()
    initializer = httpx.get(f"{stack.base_url}/docs/swagger-initializer.js").text
    assert "openapi.json" in initializer


def test_responses_are_gzipped(stack):
    response = httpx.get(f"{stack.base_url}/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"


@contextlib.contextmanager
def tight_nginx(stack, tmp_path, **limits):
    """A second nginx with tight limits in front of the same PostgREST, so other tests keep their budget."""
    port = free_port()
    settings = {"WELLFLOW_RATE": "2", "WELLFLOW_BURST": "3", "WELLFLOW_ANON_RATE": "2", "WELLFLOW_ADDRESS_RATE": "400",
                "WELLFLOW_IMPORT_RATE": "6000", "WELLFLOW_LOGIN_RATE": "6000"} | limits
    nginx = start_process([str(ROOT / "scripts/nginx.sh"), "run"],
                          {"WELLFLOW_HTTP_PORT": str(port), "POSTGREST_UPSTREAM": stack.postgrest_upstream,
                           "WELLFLOW_NGINX_PREFIX": str(tmp_path / "nginx")} | settings, tmp_path / "nginx.log")
    try:
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200, "rate-limited nginx")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        stop_process(nginx)


def test_a_burst_beyond_the_limit_gets_429_with_a_json_body(stack, tmp_path):
    with tight_nginx(stack, tmp_path) as client:
        statuses = []
        for _ in range(20):
            response = client.get("/organizations", headers={"Authorization": "Bearer burst-token"})
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
    assert 429 in statuses, statuses
    assert statuses.count(429) >= 10
    assert limited.headers["content-type"].startswith("application/json")
    assert limited.json()["code"] == "WF_RATE_LIMITED"
    assert limited.headers["retry-after"] == "1" and limited.headers["x-request-id"]


def test_an_office_behind_one_address_is_limited_per_person_not_as_one(stack, tmp_path, http_tenants):
    """Twelve signed-in users share one address; each sends what one user's limit allows (the rate,
    2/s, plus the burst of 3: 4 at once). 48 requests from the address, none refused. The same 48
    requests without a token, from the same address, are refused beyond 4."""
    alpha, bravo = http_tenants
    tokens = [stack.login(tenant.emails[role]) for tenant in (alpha, bravo)
              for role in ("owner", "admin", "manager", "engineer", "accountant", "viewer")]
    with tight_nginx(stack, tmp_path) as client:
        signed_in = [client.get("/wells?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code
                     for token in tokens for _ in range(4)]
        anonymous = [client.get("/well_number_states?limit=1").status_code for _ in range(48)]
    assert signed_in == [200] * 48
    assert anonymous.count(429) >= 40, anonymous


def test_logins_and_imports_have_tighter_zones_of_their_own(stack, tmp_path, http_tenants):
    """Logins: 1 a minute per address, burst 3, so 4 of 10 attempts are answered and 6 refused;
    imports: 1 a minute per token with a burst of 5, so 6 of 10 calls run. Meanwhile the same
    token still reads (its general budget is untouched)."""
    alpha, _ = http_tenants
    token = stack.login(alpha.emails["engineer"])
    headers = {"Authorization": f"Bearer {token}"}
    with tight_nginx(stack, tmp_path, WELLFLOW_LOGIN_RATE="1", WELLFLOW_IMPORT_RATE="1") as client:
        logins = [client.post("/rpc/login", json={"email": alpha.emails["viewer"], "password": "wrong-password"}
                              ).status_code for _ in range(10)]
        imports = [client.post("/rpc/import_production", json={"rows": []}, headers=headers).status_code
                   for _ in range(10)]
        read = client.get("/wells?limit=1", headers=headers)
    assert logins.count(429) == 6 and set(logins) == {401, 429}, logins
    assert imports.count(429) == 4 and set(imports) == {200, 429}, imports
    assert read.status_code == 200


def test_nginx_config_renders_and_validates():
    result = subprocess.run([str(ROOT / "scripts/nginx.sh"), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_malformed_range_header_is_a_416_json_error_not_a_server_error(stack, engineer_client):
    refused = engineer_client.get("/wells", headers={"Range": "rows=abc"})
    assert refused.status_code == 416 and refused.json()["code"] == "WF_BAD_RANGE"
    ranged = engineer_client.get("/wells", headers={"Range": "0-0"})
    assert ranged.status_code in (200, 206), ranged.text
