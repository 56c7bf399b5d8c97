"""The review state machine, the reviewer's view, trial versions and testers."""

from __future__ import annotations

import pytest
from center_helpers import Api, Center, make_package, source_zip

from miniport.center.services.versions import TRANSITIONS


@pytest.fixture
def setup(center: Center) -> tuple[Center, Api, Api, str]:
    dev = center.partner("acme")
    reviewer = center.member(center.admin, "operator", "rev@operator.example", "reviewer")
    appid = dev.post(
        "/apps", json={"name": "Pay", "allowed_domains": ["https://api.acme.example"]}
    ).json()["appid"]
    return center, dev, reviewer, appid


def test_invalid_transitions_answer_409_with_allowed_ones(setup) -> None:  # type: ignore[no-untyped-def]
    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    r = reviewer.post(f"/apps/{appid}/versions/1.0.0/approve", json={})
    assert r.status_code == 409
    err = r.json()["error"]
    assert err["code"] == "invalid_transition"
    assert err["details"] == {
        "current": "uploaded",
        "requested": "approved",
        "allowed": ["in_review"],
    }
    assert "uploaded" in err["message"] and "in_review" in err["message"]

    dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    r = dev.post(f"/apps/{appid}/versions/1.0.0/release", json={})
    assert r.status_code == 409
    assert sorted(r.json()["error"]["details"]["allowed"]) == ["approved", "rejected", "uploaded"]

    reviewer.post(f"/apps/{appid}/versions/1.0.0/reject", json={"reason": "crashes on launch"})
    r = dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == []
    v = dev.get(f"/apps/{appid}/versions/1.0.0").json()
    assert v["state"] == "rejected" and v["review_reason"] == "crashes on launch"
    assert v["allowed_actions"] == []


def test_full_lifecycle_and_cancel(setup) -> None:  # type: ignore[no-untyped-def]
    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    path = f"/apps/{appid}/versions/1.0.0"
    assert dev.post(f"{path}/submit", json={}).json()["state"] == "in_review"
    assert dev.post(f"{path}/cancel", json={}).json()["state"] == "uploaded"
    assert dev.post(f"{path}/submit", json={}).json()["state"] == "in_review"
    assert reviewer.post(f"{path}/approve", json={}).json()["state"] == "approved"
    assert dev.post(f"{path}/release", json={}).json()["state"] == "released"
    r = center.admin.post(f"{path}/withdraw", json={"reason": "legal takedown"})
    assert r.json()["state"] == "withdrawn" and r.json()["withdraw_reason"] == "legal takedown"
    history = [
        e["action"]
        for e in center.admin.get("/audit", params={"subject_id": f"{appid}@1.0.0"}).json()
    ]
    assert history == [
        "version.upload",
        "version.submit",
        "version.cancel",
        "version.submit",
        "version.approve",
        "version.release",
        "version.withdraw",
    ]


def test_reject_needs_reason_and_unknown_ids_are_404(setup) -> None:  # type: ignore[no-untyped-def]
    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    r = reviewer.post(f"/apps/{appid}/versions/1.0.0/reject", json={})
    assert r.status_code == 422 and r.json()["error"]["details"]["field"] == "reason"
    r = reviewer.post(f"/apps/{appid}/versions/7.7.7/approve", json={})
    assert r.status_code == 404 and r.json()["error"]["code"] == "version_not_found"
    r = reviewer.get("/apps/mp0000000000000000")
    assert r.status_code == 404 and r.json()["error"]["code"] == "mini_program_not_found"


def test_nobody_approves_their_own_upload(center: Center) -> None:
    admin = center.admin
    appid = admin.post("/apps", json={"name": "Operator's own", "org": "operator"}).json()["appid"]
    admin.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    admin.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    r = admin.post(f"/apps/{appid}/versions/1.0.0/approve", json={})
    assert r.status_code == 403 and r.json()["error"]["code"] == "self_review"


def test_review_view_shows_diff_against_released_domains_apis_and_findings(setup) -> None:  # type: ignore[no-untyped-def]
    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", source_zip())
    for who, action in [(dev, "submit"), (reviewer, "approve"), (dev, "release")]:
        who.post(f"/apps/{appid}/versions/1.0.0/{action}", json={})
    changed_js = (
        "Page({\n  data: { msg: 'hello again' },\n  onLoad() {\n"
        "    wx.request({ url: 'https://tracker.example/collect' });\n"
        "    wx.scanCode({});\n  },\n});\n"
    )
    app_json = (
        '{"pages": ["pages/index/index"], "requiredPrivateInfos": ["getLocation"],'
        ' "permission": {"scope.userLocation": {"desc": "find branches near you"}}}'
    )
    new = source_zip(
        {
            "pages/index/index.js": changed_js,
            "utils/format.js": "module.exports = {};\n",
            "app.json": app_json,
        }
    )
    assert dev.upload(appid, "1.1.0", new).status_code == 201
    view = reviewer.get(f"/apps/{appid}/versions/1.1.0/review").json()

    assert view["diff"]["against"] == "1.0.0"
    assert view["diff"]["added"] == ["utils/format.js"]
    changed = {c["path"]: c["diff"] for c in view["diff"]["changed"]}
    assert list(changed) == ["app.json", "pages/index/index.js"]
    assert "-  data: { msg: 'hello' }," in changed["pages/index/index.js"]
    assert "+  data: { msg: 'hello again' }," in changed["pages/index/index.js"]

    assert view["declared_permissions"] == {
        "requiredPrivateInfos": ["getLocation"],
        "permission": {"scope.userLocation": {"desc": "find branches near you"}},
    }
    assert "https://tracker.example" in view["requested_domains"]
    assert "scanCode" in view["requested_apis"] and "request" in view["requested_apis"]
    kinds = {
        (f["kind"], f["details"].get("domain") or f["details"].get("api")) for f in view["findings"]
    }
    assert ("domain_not_allowed", "https://tracker.example") in kinds
    assert ("sensitive_api", "scanCode") in kinds
    assert view["manifest"]["appid"] == appid
    top = {n["name"] for n in view["source_tree"]["children"]}
    assert {"pages", "utils", "app.json"} <= top


def test_trial_version_and_testers(setup) -> None:  # type: ignore[no-untyped-def]
    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    r = dev.put(f"/apps/{appid}/trial", json={"version": "1.0.0"})
    assert r.status_code == 200 and r.json()["trial_version"] == "1.0.0"
    assert dev.get(f"/apps/{appid}/versions/1.0.0").json()["is_trial"] is True
    r = dev.put(f"/apps/{appid}/testers", json={"testers": ["user-42", "user-7", "user-42"]})
    assert r.json()["testers"] == ["user-42", "user-7"]
    r = dev.put(f"/apps/{appid}/testers", json={"testers": ["user-7", "user-9"]})
    assert r.json()["testers"] == ["user-7", "user-9"]
    assert dev.get(f"/apps/{appid}/testers").json() == {"testers": ["user-7", "user-9"]}
    # a rejected version cannot be the trial version
    dev.upload(appid, "1.0.1", make_package(appid, "1.0.1"))
    dev.post(f"/apps/{appid}/versions/1.0.1/submit", json={})
    reviewer.post(f"/apps/{appid}/versions/1.0.1/reject", json={"reason": "no"})
    r = dev.put(f"/apps/{appid}/trial", json={"version": "1.0.1"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_trial_version"


def test_every_action_is_routed() -> None:
    assert set(TRANSITIONS) == {"submit", "cancel", "approve", "reject", "release", "withdraw"}


def test_concurrent_transitions_cannot_both_succeed(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another request approves between our read and our write: our compare-and-set
    finds the state changed and answers 409 instead of overwriting that decision."""
    from sqlalchemy import update

    from miniport.center.models import Version
    from miniport.center.services import versions

    center, dev, reviewer, appid = setup
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    load = versions.get_version

    def load_then_lose_the_race(session, principal, *args, **kw):  # type: ignore[no-untyped-def]
        v = load(session, principal, *args, **kw)
        with center.ctx.db.session() as other:  # the concurrent request, committed first
            other.execute(update(Version).where(Version.id == v.id).values(state="approved"))
            other.commit()
        return v

    monkeypatch.setattr(versions, "get_version", load_then_lose_the_race)
    r = reviewer.post(f"/apps/{appid}/versions/1.0.0/reject", json={"reason": "too late"})
    monkeypatch.undo()
    assert r.status_code == 409, r.text
    assert r.json()["error"]["details"]["current"] == "approved"
    v = dev.get(f"/apps/{appid}/versions/1.0.0").json()
    assert v["state"] == "approved" and v["review_reason"] == ""
    events = center.admin.get("/audit", params={"subject_id": f"{appid}@1.0.0"}).json()
    assert "version.reject" not in [e["action"] for e in events]


def test_openapi_describes_the_api(center: Center) -> None:
    spec = center.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in [
        "/api/v1/apps/{appid}/versions",
        "/api/v1/apps/{appid}/versions/{version}/approve",
        "/api/v1/hosts/{host_id}/keys/rotate",
        "/api/v1/audit/export",
        "/readyz",
    ]:
        assert path in paths, path
