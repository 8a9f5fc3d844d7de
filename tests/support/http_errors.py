"""The JSON error body every 4xx response carries."""

import httpx


def error_of(response: httpx.Response) -> dict:
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert {"code", "message"} <= body.keys(), body
    return body
