"""Credentials and sign-in (sql/auth/credentials.sql): api.login issues a token for the user's
organization, wrong passwords lock the account, and password hashes are out of reach."""

import httpx
import psycopg
import pytest
from psycopg import errors

from conftest import PASSWORD, act_as
from support.http_errors import error_of
from support.jwt_tokens import decode_claims


def test_password_hashes_are_unreachable_for_web_roles(db, tenants):
    alpha, _ = tenants
    with pytest.raises(errors.InsufficientPrivilege):
        with db.transaction():
            act_as(db, alpha, "owner")
            db.execute("select password_hash from auth.credentials")


# --- over HTTP ---------------------------------------------------------------------------

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
