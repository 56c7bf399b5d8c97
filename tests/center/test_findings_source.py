"""Review findings of a source upload point at the partner's own files."""

from __future__ import annotations

from center_helpers import Center, source_zip


def test_findings_name_the_source_file_that_uses_the_domain_and_api(center: Center) -> None:
    dev = center.partner("acme")
    appid = dev.post("/apps", json={"name": "Pay", "allowed_domains": []}).json()["appid"]
    r = dev.upload(appid, "1.0.0", source_zip())
    assert r.status_code == 201, r.text
    by_kind = {f["kind"]: f for f in r.json()["findings"]}
    assert by_kind["domain_not_allowed"]["details"] == {
        "domain": "https://api.acme.example",
        "files": ["pages/index/index.js"],
    }
    assert by_kind["sensitive_api"]["details"]["files"] == ["pages/index/index.js"]
