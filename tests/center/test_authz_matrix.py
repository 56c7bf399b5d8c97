"""Every endpoint × every kind of caller: who is allowed, who is refused (403), and who
must not even learn the subject exists (404). Anonymous callers always get 401.

Callers: the operator's owner, reviewer, viewer and developer; partner A's owner,
admin, developer and viewer; partner B's owner; the owner of a still-pending partner.
Mutating cases build a fresh subject for each caller, so an allowed call by one
caller never changes what the next caller meets.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from center_helpers import Api, Center, make_package

OP = ["op_owner", "op_reviewer", "op_viewer", "op_developer"]
A = ["a_owner", "a_admin", "a_developer", "a_viewer"]
OTHERS = ["b_owner", "pending_owner"]
CALLERS = OP + A + OTHERS

PLATFORM_READERS = {"op_owner", "op_reviewer", "op_viewer"}
A_READERS = set(A) | PLATFORM_READERS
A_WRITERS = {"a_owner", "a_admin", "a_developer"}
A_ADMINS = {"a_owner", "a_admin"}
REVIEWERS = {"op_owner", "op_reviewer"}
EVERYONE = set(CALLERS)

_counter = itertools.count(1)


@dataclass
class World:
    c: Center
    apis: dict[str, Api]
    app_a: str
    app_b: str
    host_id: int

    def fresh_version(self, state: str, appid: str | None = None) -> tuple[str, str]:
        """A new version of partner A's app (or `appid`) brought to `state`."""
        appid = appid or self.app_a
        version = f"2.0.{next(_counter)}"
        owner, reviewer = self.apis["a_owner"], self.apis["op_reviewer"]
        assert owner.upload(appid, version, make_package(appid, version)).status_code == 201
        steps = {
            "uploaded": [],
            "in_review": [(owner, "submit")],
            "approved": [(owner, "submit"), (reviewer, "approve")],
            "released": [(owner, "submit"), (reviewer, "approve"), (owner, "release")],
        }[state]
        for who, action in steps:
            r = who.post(f"/apps/{appid}/versions/{version}/{action}", json={"reason": "ok"})
            assert r.status_code == 200, r.text
        return appid, version

    def fresh_app(self) -> str:
        r = self.apis["a_owner"].post("/apps", json={"name": f"App {next(_counter)}"})
        assert r.status_code == 201
        return str(r.json()["appid"])

    def fresh_pending_org(self) -> str:
        slug = f"pending-{next(_counter)}"
        r = self.c.anon.post(
            "/signup",
            json={
                "org_name": slug,
                "slug": slug,
                "email": f"o@{slug}.example",
                "password": "password-123",
            },
        )
        assert r.status_code == 201
        return slug


@pytest.fixture
def world(center: Center) -> World:
    apis: dict[str, Api] = {"op_owner": center.admin}
    for role in ("reviewer", "viewer", "developer"):
        apis[f"op_{role}"] = center.member(
            center.admin, "operator", f"{role}@operator.example", role
        )
    apis["a_owner"] = center.partner("partner-a")
    for role in ("admin", "developer", "viewer"):
        apis[f"a_{role}"] = center.member(
            apis["a_owner"], "partner-a", f"{role}@partner-a.example", role
        )
    apis["b_owner"] = center.partner("partner-b")
    apis["pending_owner"] = center.partner("partner-p", approve=False)
    app_a = apis["a_owner"].post("/apps", json={"name": "A app"}).json()["appid"]
    app_b = apis["b_owner"].post("/apps", json={"name": "B app"}).json()["appid"]
    host = center.admin.post("/hosts", json={"name": "Host", "platforms": ["web"]}).json()
    w = World(center, apis, app_a, app_b, host["id"])
    w.fresh_version("released")  # so listing and review views have something to show
    return w


Request = tuple[str, str, dict[str, Any]]


@dataclass
class Case:
    name: str
    allowed: set[str]
    visible: set[str]
    """Callers who may see the subject: those outside get 404 instead of 403."""
    make: Callable[[World], Request]
    ok: int = 200


def _get(path: str) -> Callable[[World], Request]:
    return lambda w: ("GET", path.format(a=w.app_a, b=w.app_b, h=w.host_id), {})


def _version_action(state: str, action: str) -> Callable[[World], Request]:
    def make(w: World) -> Request:
        appid, version = w.fresh_version(state)
        return "POST", f"/apps/{appid}/versions/{version}/{action}", {"json": {"reason": "because"}}

    return make


CASES = [
    Case("list orgs", EVERYONE, EVERYONE, _get("/orgs")),
    Case("read org A", A_READERS, A_READERS, _get("/orgs/partner-a")),
    Case("read org A members", A_READERS, A_READERS, _get("/orgs/partner-a/members")),
    Case(
        "invite into org A",
        A_ADMINS,
        A_READERS,
        lambda w: (
            "POST",
            "/orgs/partner-a/invitations",
            {"json": {"identifier": f"new{next(_counter)}@x.example", "role": "developer"}},
        ),
        201,
    ),
    Case(
        "approve a pending partner",
        {"op_owner"},
        PLATFORM_READERS,
        lambda w: ("POST", f"/orgs/{w.fresh_pending_org()}/approve", {"json": {}}),
    ),
    Case("list apps", EVERYONE, EVERYONE, _get("/apps")),
    Case(
        "create app in org A",
        A_WRITERS,
        A_READERS,
        lambda w: ("POST", "/apps", {"json": {"name": "New", "org": "partner-a"}}),
        201,
    ),
    Case("read app A", A_READERS, A_READERS, _get("/apps/{a}")),
    Case(
        "update app A",
        A_WRITERS,
        A_READERS,
        lambda w: ("PATCH", f"/apps/{w.app_a}", {"json": {"description": "changed"}}),
    ),
    Case(
        "suspend an app",
        {"op_owner"},
        A_READERS,
        lambda w: ("POST", f"/apps/{w.fresh_app()}/suspend", {"json": {"reason": "policy"}}),
    ),
    Case("list versions of A", A_READERS, A_READERS, _get("/apps/{a}/versions")),
    Case(
        "upload to A",
        A_WRITERS,
        A_READERS,
        lambda w: (
            "POST",
            f"/apps/{w.app_a}/versions",
            (
                lambda v: {
                    "files": {"file": ("p.mpk", make_package(w.app_a, v))},
                    "data": {"version": v},
                }
            )(f"3.0.{next(_counter)}"),
        ),
        201,
    ),
    Case(
        "review view of A",
        A_READERS,
        A_READERS,
        lambda w: ("GET", "/apps/{}/versions/{}/review".format(*w.fresh_version("in_review")), {}),
    ),
    Case(
        "download package of A",
        A_READERS,
        A_READERS,
        lambda w: ("GET", "/apps/{}/versions/{}/package".format(*w.fresh_version("uploaded")), {}),
    ),
    Case("submit", A_WRITERS, A_READERS, _version_action("uploaded", "submit")),
    Case("approve", REVIEWERS, A_READERS, _version_action("in_review", "approve")),
    Case("reject", REVIEWERS, A_READERS, _version_action("in_review", "reject")),
    Case("release", A_ADMINS, A_READERS, _version_action("approved", "release")),
    Case("withdraw", A_ADMINS | {"op_owner"}, A_READERS, _version_action("released", "withdraw")),
    Case(
        "set testers of A",
        A_WRITERS,
        A_READERS,
        lambda w: ("PUT", f"/apps/{w.app_a}/testers", {"json": {"testers": ["u1", "u2"]}}),
    ),
    Case("review queue", REVIEWERS, EVERYONE, _get("/review/queue")),
    Case("list host apps", PLATFORM_READERS, EVERYONE, _get("/hosts")),
    Case(
        "create host app",
        {"op_owner"},
        EVERYONE,
        lambda w: ("POST", "/hosts", {"json": {"name": f"H{next(_counter)}"}}),
        201,
    ),
    Case(
        "rotate host key",
        {"op_owner"},
        EVERYONE,
        lambda w: ("POST", f"/hosts/{w.host_id}/keys/rotate", {"json": {}}),
        201,
    ),
    Case(
        "list app A in host",
        {"op_owner"},
        EVERYONE,
        lambda w: ("PUT", f"/hosts/{w.host_id}/listings/{w.app_a}", {}),
    ),
    Case("read audit log", {"op_owner", "a_owner", "a_admin", "b_owner"}, EVERYONE, _get("/audit")),
    Case(
        "read app B",
        {"b_owner"} | PLATFORM_READERS,
        {"b_owner"} | PLATFORM_READERS,
        _get("/apps/{b}"),
    ),
    Case(
        "versions of app B",
        {"b_owner"} | PLATFORM_READERS,
        {"b_owner"} | PLATFORM_READERS,
        _get("/apps/{b}/versions"),
    ),
    Case(
        "members of org B",
        {"b_owner"} | PLATFORM_READERS,
        {"b_owner"} | PLATFORM_READERS,
        _get("/orgs/partner-b/members"),
    ),
]


def test_authorization_matrix(world: World) -> None:
    failures = []
    for case in CASES:
        for caller in [*CALLERS, "anonymous"]:
            method, path, kw = case.make(world)
            api = world.c.anon if caller == "anonymous" else world.apis[caller]
            r = api.request(method, path, **kw)
            if caller == "anonymous":
                expected = 401
            elif caller in case.allowed:
                expected = case.ok
            elif caller in case.visible:
                expected = 403
            else:
                expected = 404
            if r.status_code != expected:
                failures.append(
                    f"{case.name} as {caller}: {r.status_code} != {expected}: {r.text[:160]}"
                )
            elif expected >= 400:
                assert set(r.json()["error"]) >= {"code", "message"}
    assert not failures, "\n".join(failures)


def test_partner_never_sees_another_partner(world: World) -> None:
    b = world.apis["b_owner"]
    assert [a["appid"] for a in b.get("/apps").json()] == [world.app_b]
    assert {o["slug"] for o in b.get("/orgs").json()} == {"partner-b"}
    assert b.get(f"/apps/{world.app_a}/versions").status_code == 404
    assert b.get("/orgs/partner-a/members").status_code == 404
    assert b.get(f"/apps/{world.app_a}/listings").status_code == 404
    events = b.get("/audit", params={"limit": 1000}).json()
    assert events and all(world.app_a not in e["subject_id"] for e in events)
    assert all("partner-a" not in e["subject_id"] for e in events)
    # the operator sees both
    seen = {a["appid"] for a in world.apis["op_viewer"].get("/apps").json()}
    assert {world.app_a, world.app_b} <= seen


def test_token_scopes_limit_what_a_role_allows(world: World) -> None:
    c = world.c
    read_only = c.token_for("owner@partner-a.example", scopes=["read"])
    assert read_only.get(f"/apps/{world.app_a}").status_code == 200
    r = read_only.patch(f"/apps/{world.app_a}", json={"description": "x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "token_scope_missing"
    # a token cannot mint a token with more scopes than it has
    r = read_only.post("/me/tokens", json={"name": "more", "scopes": ["read", "write"]})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "scopes"
