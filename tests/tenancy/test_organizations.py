"""Organizations (sql/tenancy/organizations.sql): only an owner renames one, nobody changes its slug."""


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
