"""nginx in front of PostgREST: request ids, rate limits, JSON access log, Swagger UI, gzip."""

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


def test_a_burst_beyond_the_limit_gets_429_with_a_json_body(stack, tmp_path):
    """A second nginx with a tight limit in front of the same PostgREST, so other tests keep their budget."""
    port = free_port()
    upstream = stack.postgrest_upstream
    nginx = start_process([str(ROOT / "scripts/nginx.sh"), "run"],
                          {"WELLFLOW_HTTP_PORT": str(port), "POSTGREST_UPSTREAM": upstream,
                           "WELLFLOW_NGINX_PREFIX": str(tmp_path / "nginx"), "WELLFLOW_RATE": "2",
                           "WELLFLOW_BURST": "3"}, tmp_path / "nginx.log")
    try:
        wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200, "rate-limited nginx")
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            statuses = []
            for _ in range(20):
                response = client.get("/organizations", headers={"Authorization": "Bearer burst-token"})
                statuses.append(response.status_code)
                if response.status_code == 429:
                    limited = response
    finally:
        stop_process(nginx)
    assert 429 in statuses, statuses
    assert statuses.count(429) >= 10
    assert limited.headers["content-type"].startswith("application/json")
    assert limited.json()["code"] == "WF_RATE_LIMITED"
    assert limited.headers["retry-after"] == "1" and limited.headers["x-request-id"]


def test_nginx_config_renders_and_validates():
    result = subprocess.run([str(ROOT / "scripts/nginx.sh"), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
