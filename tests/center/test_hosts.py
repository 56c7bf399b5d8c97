"""Host apps, SDK keys (secret shown once, rotation with overlap) and listings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from center_helpers import Api, Center, make_package

from miniport.center.db import utcnow
from miniport.center.models import HostAppKey
from miniport.center.services import hosts


def _approved_app(center: Center, dev: Api, name: str = "Pay") -> str:
    appid = dev.post("/apps", json={"name": name}).json()["appid"]
    dev.upload(appid, "1.0.0", make_package(appid, "1.0.0"))
    dev.post(f"/apps/{appid}/versions/1.0.0/submit", json={})
    assert center.admin.post(f"/apps/{appid}/versions/1.0.0/approve", json={}).status_code == 200
    return str(appid)


def test_secret_is_shown_once_and_rotation_keeps_old_key_for_the_overlap(center: Center) -> None:
    admin = center.admin
    r = admin.post(
        "/hosts",
        json={"name": "Bank App", "platforms": ["ios", "android"], "bundle_ids": ["com.acme.bank"]},
    )
    assert r.status_code == 201
    host = r.json()
    first = host["new_key"]
    assert first["secret"].startswith("hs_") and first["valid"]

    again = admin.get(f"/hosts/{host['id']}").json()
    assert "secret" not in str(again) and "new_key" not in again
    with center.ctx.db.session() as s:
        row = s.get(HostAppKey, first["id"])
        assert row is not None
        assert first["secret"] not in str(vars(row))
        assert hosts.sdk_secret(center.ctx.secret_key, row) == first["secret"]

    r = admin.post(f"/hosts/{host['id']}/keys/rotate", json={"overlap_seconds": 3600})
    assert r.status_code == 201
    second = r.json()
    assert second["secret"] != first["secret"]
    keys = {k["sdk_key"]: k for k in admin.get(f"/hosts/{host['id']}").json()["keys"]}
    assert keys[first["sdk_key"]]["valid"] and keys[second["sdk_key"]]["valid"]
    with center.ctx.db.session() as s:
        valid_now = {k.sdk_key for _, k in hosts.active_keys(s)}
        later = {k.sdk_key for _, k in hosts.active_keys(s, utcnow() + timedelta(hours=2))}
    assert valid_now == {first["sdk_key"], second["sdk_key"]}
    assert later == {second["sdk_key"]}

    third = admin.post(f"/hosts/{host['id']}/keys/rotate", json={"overlap_seconds": 0}).json()
    with center.ctx.db.session() as s:
        assert {k.sdk_key for _, k in hosts.active_keys(s)} == {third["sdk_key"]}

    r = admin.delete(f"/hosts/{host['id']}/keys/{third['id']}")
    assert r.json()["valid"] is False
    actions = [e["action"] for e in admin.get("/audit", params={"subject_type": "host_app"}).json()]
    assert actions == ["host.create", "host.key_rotate", "host.key_rotate", "host.key_revoke"]


def test_disabled_host_has_no_active_keys(center: Center) -> None:
    host = center.admin.post("/hosts", json={"name": "Web"}).json()
    center.admin.patch(f"/hosts/{host['id']}", json={"enabled": False})
    with center.ctx.db.session() as s:
        assert hosts.active_keys(s) == []


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": "H", "platforms": ["ios", "symbian"]}, "platforms[1]", "invalid_platform"),
        (
            {"name": "H", "bundle_ids": ["com.acme.app", "not a bundle"]},
            "bundle_ids[1]",
            "invalid_bundle_id",
        ),
        (
            {"name": "H", "web_origins": ["https://a.example/path"]},
            "web_origins[0]",
            "invalid_origin",
        ),
        ({"name": ""}, "name", "required"),
    ],
)
def test_host_validation_names_the_field(center: Center, body: dict, field: str, code: str) -> None:  # type: ignore[type-arg]
    r = center.admin.post("/hosts", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == code
    assert r.json()["error"]["details"]["field"] == field


def test_listing_in_several_hosts_and_delisting_takes_effect_at_once(center: Center) -> None:
    admin = center.admin
    dev = center.partner("acme")
    appid = dev.post("/apps", json={"name": "Unreviewed"}).json()["appid"]
    bank = admin.post("/hosts", json={"name": "Bank"}).json()["id"]
    shop = admin.post("/hosts", json={"name": "Shop"}).json()["id"]

    r = admin.put(f"/hosts/{bank}/listings/{appid}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_approved_version"

    appid = _approved_app(center, dev)
    assert admin.put(f"/hosts/{bank}/listings/{appid}").json()["state"] == "listed"
    assert admin.put(f"/hosts/{shop}/listings/{appid}").json()["state"] == "listed"
    with center.ctx.db.session() as s:
        assert hosts.listed_pairs(s) == {(bank, appid), (shop, appid)}
    assert {li["host_app"] for li in dev.get(f"/apps/{appid}/listings").json()} == {"Bank", "Shop"}

    assert admin.delete(f"/hosts/{shop}/listings/{appid}").json()["state"] == "delisted"
    with center.ctx.db.session() as s:
        assert hosts.listed_pairs(s) == {(bank, appid)}

    # suspending the mini-program removes it from every host at once
    admin.post(f"/apps/{appid}/suspend", json={"reason": "incident"})
    with center.ctx.db.session() as s:
        assert hosts.listed_pairs(s) == set()
    r = admin.put(f"/hosts/{shop}/listings/{appid}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "mini_program_suspended"
    events = admin.get("/audit", params={"subject_type": "listing"}).json()
    assert [(e["action"], e["after"]["host_app"]) for e in events] == [
        ("listing.list", "Bank"),
        ("listing.list", "Shop"),
        ("listing.delist", "Shop"),
    ]
