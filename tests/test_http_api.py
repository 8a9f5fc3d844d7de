"""The API as a client sees it: through nginx and PostgREST, with real tokens."""

import json
import uuid

import httpx
import psycopg

from conftest import JWT_SECRET, PASSWORD
from jwt_tokens import decode_claims, expired_claims, make_token


def error_of(response: httpx.Response) -> dict:
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert {"code", "message"} <= body.keys(), body
    return body


def test_login_returns_a_token_for_the_users_organization(stack, http_tenants):
    alpha, _ = http_tenants
    response = httpx.post(f"{stack.base_url}/rpc/login", json={"email": alpha.emails["engineer"], "password": PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    claims = decode_claims(body["token"])
    assert claims["org_id"] == str(alpha.id) and claims["org_role"] == "engineer"
    assert claims["role"] == "wellflow_user" and claims["sub"] == str(alpha.users["engineer"])
    assert 0 < claims["exp"] - claims["iat"] <= 3600 and claims["jti"]
    with stack.client(body["token"]) as client:
        me = client.post("/rpc/me").json()
    assert me["user"]["email"] == alpha.emails["engineer"]
    assert me["organization"]["id"] == str(alpha.id) and me["org_role"] == "engineer"


def test_wrong_password_is_401_and_repeated_failures_lock_the_account(stack, http_tenants):
    alpha, _ = http_tenants
    email = alpha.emails["viewer"]
    for _ in range(4):
        response = httpx.post(f"{stack.base_url}/rpc/login", json={"email": email, "password": "wrong-password"})
        assert response.status_code == 401
        assert error_of(response)["code"] == "WF_INVALID_CREDENTIALS"
    fifth = httpx.post(f"{stack.base_url}/rpc/login", json={"email": email, "password": "wrong-password"})
    assert fifth.status_code == 423 and error_of(fifth)["code"] == "WF_ACCOUNT_LOCKED"
    correct = httpx.post(f"{stack.base_url}/rpc/login", json={"email": email, "password": PASSWORD})
    assert correct.status_code == 423, "a locked account refuses even the right password"
    assert "Try again" in error_of(correct)["hint"]
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        conn.execute("update auth.credentials set locked_until = now() - interval '1 second'"
                     " where user_id = %s", [alpha.users["viewer"]])
    assert httpx.post(f"{stack.base_url}/rpc/login", json={"email": email, "password": PASSWORD}).status_code == 200


def test_unknown_email_looks_like_a_wrong_password(stack):
    response = httpx.post(f"{stack.base_url}/rpc/login",
                          json={"email": "nobody@nowhere.example", "password": "whatever-it-is"})
    assert response.status_code == 401 and error_of(response)["code"] == "WF_INVALID_CREDENTIALS"


def test_a_token_lists_only_its_own_organizations_rows(stack, http_tenants):
    alpha, bravo = http_tenants
    with stack.client(stack.login(alpha.emails["viewer"])) as client:
        memberships = client.get("/memberships").json()
        organizations = client.get("/organizations").json()
        users = client.get("/users").json()
        peeking = client.get(f"/memberships?organization_id=eq.{bravo.id}").json()
    assert {m["organization_id"] for m in memberships} == {str(alpha.id)}
    assert [o["id"] for o in organizations] == [str(alpha.id)]
    assert {u["id"] for u in users} == {str(u) for u in alpha.users.values()}
    assert peeking == []


def test_a_write_carrying_another_organizations_id_is_403(stack, http_tenants):
    alpha, bravo = http_tenants
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        stranger = conn.execute("select tests.create_user()").fetchone()[0]
    with stack.client(stack.login(alpha.emails["owner"])) as client:
        response = client.post("/memberships", json={"organization_id": str(bravo.id), "user_id": str(stranger),
                                                     "org_role": "viewer"})
        assert response.status_code == 403
        assert error_of(response)["code"] == "42501"
        assert str(bravo.id) not in response.text
        ok = client.post("/memberships", json={"user_id": str(stranger), "org_role": "viewer"},
                         headers={"Prefer": "return=representation"})
    assert ok.status_code == 201, ok.text
    assert ok.json()[0]["organization_id"] == str(alpha.id)


def test_viewer_writes_are_refused(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["viewer"])) as client:
        response = client.patch(f"/memberships?user_id=eq.{alpha.users['engineer']}", json={"org_role": "admin"},
                                headers={"Prefer": "return=representation"})
    assert response.status_code == 403, response.text
    assert error_of(response)["code"] == "WF_ROLE_FORBIDDEN"
    assert "viewer" in error_of(response)["message"]


def test_tampered_expired_and_wrong_algorithm_tokens_get_401(stack, http_tenants):
    alpha, _ = http_tenants
    token = stack.login(alpha.emails["owner"])
    claims = decode_claims(token)
    header, payload, signature = token.split(".")
    forged_claims = dict(claims, org_role="owner", org_id=str(uuid.uuid4()))
    tampered = make_token(forged_claims, "not-the-secret-" * 4)
    swapped_payload = ".".join([header, make_token(forged_claims, JWT_SECRET).split(".")[1], signature])
    cases = {
        "tampered signature": tampered,
        "swapped payload": swapped_payload,
        "expired": make_token(expired_claims(claims), JWT_SECRET),
        "alg none": make_token(claims, JWT_SECRET, alg="none"),
        "HS512 with the right secret": make_token(claims, JWT_SECRET, alg="HS512"),
        "garbage": "not.a.token",
    }
    for name, bad in cases.items():
        with stack.client(bad) as client:
            response = client.get("/memberships")
        assert response.status_code == 401, (name, response.text)
        code = error_of(response)["code"]
        assert code.startswith("PGRST3") or code == "WF_TOKEN_ALGORITHM", (name, code)


def test_no_token_gets_401_on_data(stack):
    with stack.client() as client:
        for path in ("/memberships", "/users", "/organizations"):
            response = client.get(path)
            assert response.status_code == 401, (path, response.text)
            assert error_of(response)["code"] == "42501"


def test_revoked_membership_and_disabled_user_tokens_stop_working(stack, http_tenants):
    alpha, _ = http_tenants
    manager_token = stack.login(alpha.emails["manager"])
    accountant_token = stack.login(alpha.emails["accountant"])
    with psycopg.connect(stack.db_url, autocommit=True) as conn:
        conn.execute("update app.memberships set status = 'revoked' where user_id = %s", [alpha.users["manager"]])
        conn.execute("update app.users set status = 'disabled' where id = %s", [alpha.users["accountant"]])
    for token in (manager_token, accountant_token):
        with stack.client(token) as client:
            response = client.get("/memberships")
        assert response.status_code == 401 and error_of(response)["code"] == "WF_TOKEN_REVOKED"
    response = httpx.post(f"{stack.base_url}/rpc/login", json={"email": alpha.emails["accountant"], "password": PASSWORD})
    assert response.status_code == 403 and error_of(response)["code"] == "WF_USER_DISABLED"


def test_a_role_change_invalidates_tokens_carrying_the_old_role(stack, http_tenants):
    alpha, _ = http_tenants
    token = stack.login(alpha.emails["admin"])
    with stack.client(stack.login(alpha.emails["owner"])) as owner:
        demoted = owner.patch(f"/memberships?user_id=eq.{alpha.users['admin']}", json={"org_role": "viewer"})
        assert demoted.status_code == 204, demoted.text
    with stack.client(token) as client:
        assert client.get("/memberships").status_code == 401


def test_bad_input_gets_a_4xx_json_error_never_a_500(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as client:
        cases = [
            client.get("/memberships?organization_id=eq.not-a-uuid"),
            client.post("/memberships", json={"user_id": str(alpha.users["viewer"]), "org_role": "emperor"}),
            client.post("/memberships", json={"user_id": "nope"}),
            client.post("/memberships", json={"user_id": str(uuid.uuid4()), "org_role": "viewer"}),
            client.post("/memberships", json={"user_id": str(alpha.users["viewer"]), "org_role": "viewer"}),
            client.patch(f"/organizations?id=eq.{alpha.id}", json={"name": ""}),
            client.post("/memberships", content="{not json", headers={"Content-Type": "application/json"}),
            client.get("/no_such_resource"),
            client.post("/rpc/login", json={"email": "x@y.example"}),
            client.post("/rpc/accept_invitation", json={"token": "forged", "password": "long-enough-pass"}),
            client.post("/rpc/invite_member", json={"email": "a@b.example", "full_name": "A", "org_role": "boss"}),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.status_code, response.text)
        body = error_of(response)
        assert "Traceback" not in response.text and "CONTEXT" not in json.dumps(body)
    statuses = [r.status_code for r in cases]
    assert statuses[3] == 409 and statuses[4] == 409, "foreign key and unique violations are conflicts"
    assert error_of(cases[9])["code"] == "WF_INVITATION_INVALID" and error_of(cases[9])["details"] == "token"


def test_owner_can_rename_the_organization_and_others_cannot(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["admin"])) as admin:
        refused = admin.patch(f"/organizations?id=eq.{alpha.id}", json={"name": "Admin Was Here"},
                              headers={"Prefer": "return=representation"})
    assert refused.status_code == 200 and refused.json() == []
    with stack.client(stack.login(alpha.emails["owner"])) as owner:
        renamed = owner.patch(f"/organizations?id=eq.{alpha.id}", json={"name": "Alpha Operating LLC"},
                              headers={"Prefer": "return=representation"})
        slug = owner.patch(f"/organizations?id=eq.{alpha.id}", json={"slug": "hijack"})
    assert renamed.json()[0]["name"] == "Alpha Operating LLC"
    assert slug.status_code in (400, 401, 403), slug.text


def test_an_hmac_variant_other_than_hs256_is_refused_even_with_the_right_secret(stack, http_tenants):
    alpha, _ = http_tenants
    claims = decode_claims(stack.login(alpha.emails["viewer"]))
    for alg in ("HS384", "HS512"):
        with stack.client(make_token(claims, JWT_SECRET, alg=alg)) as client:
            response = client.get("/memberships")
        assert response.status_code == 401, (alg, response.text)
        assert error_of(response) == {"code": "WF_TOKEN_ALGORITHM", "details": "authorization",
                                      "hint": "Sign in again with api.login",
                                      "message": "Only HS256 tokens issued by api.login are accepted"}
    with stack.client(make_token(claims, JWT_SECRET)) as client:
        assert client.get("/memberships").status_code == 200, "the same claims signed HS256 are fine"
