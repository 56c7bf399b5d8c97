"""The whole path through the API: a partner joins, uploads, gets reviewed and listed,
and the audit log tells the story."""

from __future__ import annotations

import csv
import io

from center_helpers import PASSWORD, Center, make_package


def test_partner_to_listing_full_path(center: Center) -> None:
    anon, admin = center.anon, center.admin

    r = anon.post(
        "/signup",
        json={"org_name": "Acme Pay", "email": "dev@acme.example", "password": PASSWORD},
    )
    assert r.status_code == 201, r.text
    slug = r.json()["org"]["slug"]
    assert r.json()["org"]["status"] == "pending"
    partner = center.token_for("dev@acme.example")

    # a pending partner cannot create mini-programs yet
    r = partner.post("/apps", json={"name": "Pay"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"

    assert [o["slug"] for o in admin.get("/orgs", params={"status": "pending"}).json()] == [slug]
    r = admin.post(f"/orgs/{slug}/approve", json={})
    assert r.status_code == 200 and r.json()["status"] == "active"

    r = partner.post(
        "/apps",
        json={
            "name": "Pay",
            "category": "finance",
            "allowed_domains": ["https://api.acme.example"],
        },
    )
    assert r.status_code == 201, r.text
    appid = r.json()["appid"]
    assert appid.startswith("mp") and len(appid) == 18
    assert r.json()["org"] == slug

    r = partner.upload(appid, "1.0.0", make_package(appid, "1.0.0"), notes="first")
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "uploaded"
    assert r.json()["allowed_actions"] == ["submit"]

    assert (
        partner.post(f"/apps/{appid}/versions/1.0.0/submit", json={}).json()["state"] == "in_review"
    )

    reviewer = center.member(admin, "operator", "reviewer@operator.example", "reviewer")
    queue = reviewer.get("/review/queue").json()
    assert [(v["appid"], v["version"]) for v in queue] == [(appid, "1.0.0")]
    r = reviewer.post(f"/apps/{appid}/versions/1.0.0/approve", json={"reason": "looks good"})
    assert r.status_code == 200 and r.json()["state"] == "approved"

    r = admin.post(
        "/hosts",
        json={
            "name": "Acme Bank App",
            "platforms": ["ios", "web"],
            "bundle_ids": ["com.acme.bank"],
            "web_origins": ["https://bank.acme.example"],
        },
    )
    assert r.status_code == 201, r.text
    host_id = r.json()["id"]
    assert r.json()["new_key"]["secret"].startswith("hs_")

    r = admin.put(f"/hosts/{host_id}/listings/{appid}")
    assert r.status_code == 200 and r.json()["state"] == "listed"
    assert (
        partner.post(f"/apps/{appid}/versions/1.0.0/release", json={}).json()["state"] == "released"
    )

    events = admin.get("/audit", params={"limit": 1000}).json()
    actions = [(e["action"], e["actor"]) for e in events]
    for expected in [
        ("org.signup", "dev@acme.example"),
        ("org.approve", "admin@operator.example"),
        ("app.create", "dev@acme.example"),
        ("version.upload", "dev@acme.example"),
        ("version.submit", "dev@acme.example"),
        ("version.approve", "reviewer@operator.example"),
        ("host.create", "admin@operator.example"),
        ("listing.list", "admin@operator.example"),
        ("version.release", "dev@acme.example"),
    ]:
        assert expected in actions, expected
    approve = next(e for e in events if e["action"] == "version.approve")
    assert approve["before"] == {"state": "in_review"}
    assert approve["after"]["state"] == "approved"
    assert approve["subject_id"] == f"{appid}@1.0.0"

    # the partner sees its own history but not the operator's host-app events
    mine = {e["action"] for e in partner.get("/audit").json()}
    assert "version.approve" in mine and "host.create" not in mine

    exported = admin.get("/audit/export", params={"format": "csv"})
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert any(r["action"] == "listing.list" for r in rows)
    as_json = admin.get("/audit/export", params={"format": "json"}).json()
    assert len(as_json) == len(rows)
