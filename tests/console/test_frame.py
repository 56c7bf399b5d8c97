"""The console frame without a browser: language choice, CSRF, sign-in and session expiry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from miniport.console import i18n

PASSWORD = "partner-pass-123"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    from miniport.center import migrate
    from miniport.center.app import build_context, create_app
    from miniport.config import load_settings

    settings = load_settings(data_dir=tmp_path / "data", seed_demo=False)
    ctx = build_context(settings)
    migrate.upgrade(ctx.db)
    with TestClient(create_app(settings, ctx), base_url="http://testserver") as c:
        c.app_ctx = ctx  # type: ignore[attr-defined]
        yield c
    ctx.db.dispose()


def _user(client: TestClient, email: str = "dev@partner.example") -> None:
    from miniport.center.services import accounts

    with client.app_ctx.db.session() as s:  # type: ignore[attr-defined]
        accounts.create_user(s, email, PASSWORD)
        s.commit()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def test_every_message_has_both_languages() -> None:
    for key, (en, zh) in i18n.MESSAGES.items():
        assert en.strip() and zh.strip(), key
        assert sorted(re.findall(r"{(\w+)}", en)) == sorted(re.findall(r"{(\w+)}", zh)), key


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("fr-FR,zh-TW;q=0.5", "zh-CN"),
        ("fr-FR", None),
        ("en;q=0.2,zh;q=0.9", "zh-CN"),
        ("", None),
    ],
)
def test_accept_language_negotiation(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_sign_in_page_follows_browser_language_and_switch(client: TestClient) -> None:
    page = client.get("/console/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert page.status_code == 200
    assert "<h1>登录</h1>" in page.text and 'lang="zh-CN"' in page.text

    switched = client.get("/console/lang?to=en&next=/console/login", follow_redirects=True)
    assert "<h1>Sign in</h1>" in switched.text
    again = client.get("/console/login", headers={"Accept-Language": "zh-CN"})
    assert "<h1>Sign in</h1>" in again.text, "the chosen language beats the browser's"


def test_language_switch_refuses_offsite_redirect(client: TestClient) -> None:
    answer = client.get("/console/lang?to=zh-CN&next=//evil.example/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/"


def test_form_without_csrf_token_is_refused(client: TestClient) -> None:
    _user(client)
    client.get("/console/login")
    answer = client.post(
        "/console/login",
        data={"email": "dev@partner.example", "password": PASSWORD},
        headers={"Accept-Language": "zh-CN"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "表单已过期或来自其他站点" in answer.text
    assert "miniport_session" not in answer.cookies


def test_csrf_token_from_another_browser_is_refused(client: TestClient, tmp_path: Path) -> None:
    _user(client)
    token = _token(client.get("/console/login").text)
    client.cookies.clear()
    client.get("/console/login")  # a fresh browser gets its own nonce
    answer = client.post(
        "/console/login",
        data={"email": "dev@partner.example", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 403


def test_wrong_password_is_shown_on_the_form(client: TestClient) -> None:
    _user(client)
    token = _token(client.get("/console/login").text)
    answer = client.post(
        "/console/login",
        data={"email": "dev@partner.example", "password": "nope-nope-nope", "csrf_token": token},
    )
    assert answer.status_code == 422
    assert "Email or password is wrong" in answer.text
    assert 'value="dev@partner.example"' in answer.text, "the email stays filled in"


def test_empty_fields_are_flagged_next_to_the_field(client: TestClient) -> None:
    token = _token(client.get("/console/login", headers={"Accept-Language": "zh"}).text)
    answer = client.post(
        "/console/login",
        data={"email": "", "password": "", "csrf_token": token},
        headers={"Accept-Language": "zh"},
    )
    assert answer.status_code == 422
    assert 'id="e-email"' in answer.text and "请填写邮箱" in answer.text
    assert 'aria-describedby="e-email"' in answer.text


def test_sign_in_then_out(client: TestClient) -> None:
    _user(client)
    token = _token(client.get("/console/login").text)
    answer = client.post(
        "/console/login",
        data={"email": "dev@partner.example", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    session = client.cookies.get("miniport_session")
    assert session and session.startswith("mps_")

    home = client.get("/console/login", follow_redirects=False)
    assert home.status_code == 303, "a signed-in user skips the sign-in page"

    page = client.get("/console/org")
    assert "Signed in as dev@partner.example" in page.text
    stale = token
    fresh = _token(page.text)
    assert fresh != stale, "the CSRF token is bound to the login session"
    out = client.post("/console/logout", data={"csrf_token": fresh}, follow_redirects=True)
    assert out.url.path == "/console/login"
    assert "You have signed out." in out.text
    assert client.get("/console/org", follow_redirects=False).status_code == 303


def test_expired_session_sends_user_to_sign_in_with_a_notice(client: TestClient) -> None:
    from sqlalchemy import update

    from miniport.center.db import utcnow
    from miniport.center.models import LoginSession

    _user(client)
    token = _token(client.get("/console/login").text)
    client.post(
        "/console/login",
        data={"email": "dev@partner.example", "password": PASSWORD, "csrf_token": token},
    )
    with client.app_ctx.db.session() as s:  # type: ignore[attr-defined]
        s.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(minutes=1)))
        s.commit()
    answer = client.get("/console/org", follow_redirects=True)
    assert answer.url.path == "/console/login"
    assert "Your session has expired" in answer.text
