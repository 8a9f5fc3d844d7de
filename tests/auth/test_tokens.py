"""Tokens as every request checks them (auth.check_request in sql/auth/credentials.sql, signing in
sql/auth/jwt_secrets.sql): tampered, expired, unsigned, non-HS256, revoked and stale-role tokens get 401."""

import uuid

import httpx
import psycopg

from conftest import JWT_SECRET, PASSWORD
from support.http_errors import error_of
from support.jwt_tokens import decode_claims, expired_claims, make_token


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
