"""Accounts and organizations: credentials at rest, sessions, tokens, sign-up and
approval, invitations and roles, mini-program field validation."""

from __future__ import annotations

from center_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, Api, Center
from sqlalchemy import text


def _db_dump(center: Center, table: str) -> str:
    with center.ctx.db.engine.connect() as conn:
        return str(conn.execute(text(f"SELECT * FROM {table}")).all())


def test_passwords_and_tokens_are_stored_hashed(center: Center) -> None:
    users = _db_dump(center, "users")
    assert "$argon2id$" in users and ADMIN_PASSWORD not in users
    token = center.admin.token
    assert token and token.startswith("mpt_") and token not in _db_dump(center, "api_tokens")


def test_token_listing_hides_values_and_revoked_tokens_stop_working(center: Center) -> None:
    admin = center.admin
    r = admin.post("/me/tokens", json={"name": "CI", "scopes": ["read"]})
    assert r.status_code == 201
    created = r.json()
    ci = Api(center.client, created["token"])
    assert ci.get("/me").json()["scopes"] == ["read"]
    listed = admin.get("/me/tokens").json()
    assert all("token" not in t for t in listed)
    assert created["prefix"] in {t["prefix"] for t in listed}
    admin.delete(f"/me/tokens/{created['id']}")
    r = ci.get("/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_token"


def test_console_session_cookie_login_and_logout(center: Center) -> None:
    client = center.client
    r = client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": "wrong-password"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    r = client.post(
        "/api/v1/auth/login", json={"email": ADMIN_EMAIL.upper(), "password": ADMIN_PASSWORD}
    )
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert (
        "miniport_session=mps_" in cookie
        and "HttpOnly" in cookie
        and "samesite=lax" in cookie.lower()
    )
    me = client.get("/api/v1/me").json()
    assert me["auth"] == "session" and me["operator_role"] == "owner"
    client.post("/api/v1/auth/logout")
    client.cookies.clear()
    assert client.get("/api/v1/me").status_code == 401


def test_password_change_ends_other_sessions(center: Center) -> None:
    client = center.client
    client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    old_session = client.cookies.get("miniport_session")
    client.cookies.clear()
    r = center.admin.post(
        "/me/password", json={"current_password": ADMIN_PASSWORD, "new_password": "short"}
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "new_password"
    r = center.admin.post(
        "/me/password",
        json={"current_password": ADMIN_PASSWORD, "new_password": "a-new-long-password"},
    )
    assert r.status_code == 200
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {old_session}"}).status_code
        == 401
    )
    assert center.token_for(ADMIN_EMAIL, "a-new-long-password").get("/me").status_code == 200


def test_signup_validation_and_duplicates(center: Center) -> None:
    anon = center.anon
    r = anon.post("/signup", json={"org_name": "X", "email": "not-an-email", "password": PASSWORD})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "email"
    r = anon.post("/signup", json={"org_name": "X", "email": "a@x.example", "password": "short"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "weak_password"
    r = anon.post("/signup", json={"password": PASSWORD})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "org_name"
    ok = anon.post("/signup", json={"org_name": "X", "email": "a@x.example", "password": PASSWORD})
    assert ok.status_code == 201
    r = anon.post("/signup", json={"org_name": "Y", "email": "A@x.example", "password": PASSWORD})
    assert r.status_code == 409 and r.json()["error"]["code"] == "email_taken"
    # the refused sign-ups left no organization behind
    assert [o["name"] for o in center.admin.get("/orgs").json() if o["kind"] == "partner"] == ["X"]


def test_org_decisions(center: Center) -> None:
    center.partner("acme", approve=False)
    admin = center.admin
    r = admin.post("/orgs/acme/reject", json={})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "reason"
    assert admin.post("/orgs/acme/approve", json={}).json()["status"] == "active"
    r = admin.post("/orgs/acme/approve", json={})
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == ["suspended"]
    assert (
        admin.post("/orgs/acme/suspend", json={"reason": "unpaid"}).json()["status"] == "suspended"
    )
    owner = center.token_for("owner@acme.example")
    assert owner.post("/apps", json={"name": "While suspended"}).status_code == 403
    r = admin.post("/orgs/operator/suspend", json={})
    assert r.status_code == 403 and r.json()["error"]["code"] == "operator_org_fixed"


def test_invitations_and_roles(center: Center) -> None:
    owner = center.partner("acme")
    r = owner.post(
        "/orgs/acme/invitations", json={"identifier": "rev@acme.example", "role": "reviewer"}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_role"
    admin = center.member(owner, "acme", "admin@acme.example", "admin")
    r = admin.post(
        "/orgs/acme/invitations", json={"identifier": "boss@acme.example", "role": "owner"}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "owner_required"

    r = admin.post(
        "/orgs/acme/invitations", json={"identifier": "Dev@Acme.example", "role": "developer"}
    )
    token = r.json()["token"]
    r = center.anon.post("/invitations/accept", json={"token": token})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "password"
    assert (
        center.anon.post(
            "/invitations/accept", json={"token": token, "password": PASSWORD}
        ).status_code
        == 200
    )
    r = center.anon.post("/invitations/accept", json={"token": token, "password": PASSWORD})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_invitation"
    members = {m["email"]: m["role"] for m in owner.get("/orgs/acme/members").json()}
    assert members == {
        "owner@acme.example": "owner",
        "admin@acme.example": "admin",
        "dev@acme.example": "developer",
    }

    # an existing account accepts while logged in as itself
    other = center.partner("other")
    tok = owner.post(
        "/orgs/acme/invitations", json={"identifier": "owner@other.example", "role": "viewer"}
    ).json()["token"]
    assert center.anon.post("/invitations/accept", json={"token": tok}).status_code == 401
    assert other.post("/invitations/accept", json={"token": tok}).json()["role"] == "viewer"

    r = owner.delete("/orgs/acme/members/owner@acme.example")
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_owner"
    assert (
        owner.patch("/orgs/acme/members/dev@acme.example", json={"role": "viewer"}).json()["role"]
        == "viewer"
    )
    assert owner.delete("/orgs/acme/members/dev@acme.example").status_code == 200
    actions = [
        e["action"] for e in owner.get("/audit", params={"subject_type": "membership"}).json()
    ]
    assert actions == ["member.join", "member.join", "member.join", "member.role", "member.remove"]


def test_app_fields_are_validated_per_field(center: Center) -> None:
    dev = center.partner("acme")
    r = dev.post(
        "/apps",
        json={"name": "Pay", "allowed_domains": ["https://ok.example", "http://plain.example"]},
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "allowed_domains[1]"
    for bad in [
        "https://10.0.0.1",
        "https://localhost",
        "https://a.example/path",
        "https://user:pw@a.example",
    ]:
        assert (
            dev.post("/apps", json={"name": "Pay", "allowed_domains": [bad]}).status_code == 422
        ), bad
    r = dev.post(
        "/apps",
        json={
            "name": "Pay",
            "allowed_domains": ["HTTPS://API.Acme.Example/", "wss://ws.acme.example:8443"],
        },
    )
    assert r.json()["allowed_domains"] == ["https://api.acme.example", "wss://ws.acme.example:8443"]
    appid = r.json()["appid"]
    dev.patch(f"/apps/{appid}", json={"tags": ["pay", "bank"], "description": "Pay bills"})
    event = dev.get("/audit", params={"action": "app.update"}).json()[0]
    assert event["before"] == {"description": "", "tags": []}
    assert event["after"] == {"description": "Pay bills", "tags": ["pay", "bank"]}
    r = dev.patch(f"/apps/{appid}", json={"name": "x" * 61})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "name"
