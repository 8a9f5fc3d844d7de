"""Error responses (sql/core/helpers.sql): bad input of every kind gets a 4xx JSON error with a
code, never a 500."""

import json
import uuid

from support.http_errors import error_of


def test_bad_input_gets_a_4xx_json_error_never_a_500(stack, http_tenants):
    alpha, _ = http_tenants
    with stack.client(stack.login(alpha.emails["owner"])) as client:
        cases = [
            client.get("/memberships?organization_id=eq.not-a-uuid"),
            client.post("/memberships", json={"user_id": str(alpha.users["viewer"]), "org_role": "emperor"}),
            client.post("/memberships", json={"user_id": "nope"}),
            client.post("/wells", json={"name": "No Lease 1H", "well_number": "42-501-20992",
                                        "lease_id": str(uuid.uuid4())}),
            client.post("/rpc/invite_member", json={"email": alpha.emails["viewer"], "full_name": "V",
                                                    "org_role": "viewer"}),
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
