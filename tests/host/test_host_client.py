"""The Python host helper against a real center: tokens, resolve, refusals."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.delivery.platforms import make_platform

from miniport.host import HostClient, HostError  # noqa: E402


@pytest.fixture
def world(tmp_path: Path):  # type: ignore[no-untyped-def]
    platform = make_platform(tmp_path)
    appid = platform.add_app({"1.0.0": "released"})
    with TestClient(platform.app()) as http:
        transport = http._transport  # the in-process ASGI transport of the test client
        yield platform, appid, transport


def client_for(platform, transport, secret=None, algorithm="HMAC-SHA256"):  # type: ignore[no-untyped-def]
    return HostClient(
        "http://testserver",
        key=platform.sdk_key,
        secret=secret or platform.sdk_secret,
        algorithm=algorithm,
        transport=transport,
    )


def test_session_token_is_accepted_by_the_browser_side_resolve(world) -> None:  # type: ignore[no-untyped-def]
    platform, appid, transport = world
    host = client_for(platform, transport)
    token = host.session_token("u-42", {"city": "上海"}, {"os": "android"})
    assert token.token and token.user_id == "u-42"
    # The browser uses only the token (no secret) to resolve.
    with httpx.Client(base_url="http://testserver", transport=transport) as browser:
        answer = browser.post(
            "/sdk/v1/resolve",
            json={"appids": [appid]},
            headers={"Authorization": f"Bearer {token.token}"},
        )
    assert answer.status_code == 200, answer.text
    assert appid in answer.text and "1.0.0" in answer.text


def test_server_side_resolve_returns_the_released_version(world) -> None:  # type: ignore[no-untyped-def]
    platform, appid, transport = world
    answer = client_for(platform, transport).resolve([appid], "u-1", {"city": "北京"})
    assert "1.0.0" in str(answer)
    assert platform.apps[appid]["1.0.0"] in str(answer)


def test_wrong_secret_is_refused_with_a_reason_code_and_no_secret_in_repr(world) -> None:  # type: ignore[no-untyped-def]
    platform, _appid, transport = world
    host = client_for(platform, transport, secret="not-the-secret")
    with pytest.raises(HostError) as refused:
        host.session_token("u-1")
    assert refused.value.status == 401
    assert refused.value.code == "bad_signature"
    assert "not-the-secret" not in repr(host)


def test_sm3_signatures_work_end_to_end(world) -> None:  # type: ignore[no-untyped-def]
    platform, _appid, transport = world
    token = client_for(platform, transport, algorithm="HMAC-SM3").session_token("u-7")
    assert token.token
