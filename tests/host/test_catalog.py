"""`GET /sdk/v1/catalog`: what a host may show, always in step with resolve."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from tests.delivery.platforms import make_platform

from miniport.center.services import accounts, hosts  # noqa: E402
from miniport.host import HostClient  # noqa: E402


def test_catalog_lists_only_listed_deliverable_apps_and_follows_delisting(tmp_path: Path) -> None:
    platform = make_platform(tmp_path)
    shown = platform.add_app({"1.0.0": "released"})
    hidden = platform.add_app({"1.0.0": "released"}, listed=False)
    unreleased = platform.add_app({"1.0.0": "approved"})
    with TestClient(platform.app()) as http:
        host = HostClient(
            "http://testserver", key=platform.sdk_key, secret=platform.sdk_secret,
            transport=http._transport,
        )
        items = host.request("GET", "/sdk/v1/catalog")["items"]
        assert [i["appid"] for i in items] == [shown]
        assert hidden not in str(items) and unreleased not in str(items)
        assert items[0]["organization"] == "Operator"

        with platform.ctx.db.session() as s:
            admin = accounts.load_principal(
                s, accounts.authenticate_password(s, "ops@example.com", "correct-horse-battery-staple-9")
            )
            hosts.set_listing(s, admin, platform.host_id, shown, False)
        deadline = time.time() + 5
        while host.request("GET", "/sdk/v1/catalog")["items"]:
            assert time.time() < deadline, "a delisted app stayed in the catalog"
            time.sleep(0.05)

        anonymous = http.get("/sdk/v1/catalog")
        assert anonymous.status_code == 401
