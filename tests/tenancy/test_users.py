"""Users (sql/tenancy/users.sql): each user may rename only themselves."""

from conftest import act_as


def test_users_may_rename_only_themselves(db, tenants):
    alpha, _ = tenants
    with db.transaction():
        act_as(db, alpha, "viewer")
        own = db.execute("update api.users set full_name = 'Vera Viewer' where id = %s",
                         [alpha.users["viewer"]]).rowcount
        other = db.execute("update api.users set full_name = 'Hijacked' where id = %s",
                           [alpha.users["owner"]]).rowcount
    assert (own, other) == (1, 0)
