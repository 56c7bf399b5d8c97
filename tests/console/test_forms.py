"""Console forms without a browser: CSRF on every POST, confirmation before anything
destructive, API tokens shown once, members and invitations, error placement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient
from tests.console.seed import (
    ADMIN,
    ADMIN_PASSWORD,
    PASSWORD,
    Partner,
    console_world,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    with console_world(Path(tmp_path_factory.mktemp("forms"))) as world:
        yield world


def sign_in(client: TestClient, email: str, password: str) -> str:
    """Sign in through the form; returns a CSRF token valid for the new session."""
    client.cookies.clear()
    token = _token(client.get("/console/login").text)
    answer = client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return _token(client.get("/console/apps").text)


def _token(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def _console_posts() -> list[str]:
    from miniport.console.pages import ROUTERS

    return sorted(
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    )


def test_every_console_form_refuses_a_missing_or_forged_token(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    sign_in(client, ADMIN, ADMIN_PASSWORD)
    paths = _console_posts()
    assert len(paths) >= 25, paths
    values = {
        "appid": alpha.appid,
        "version": "1.0.0",
        "host_id": "1",
        "key_id": "1",
        "token_id": "1",
        "inv_id": "1",
        "slug": "alpha-pay",
        "action": "withdraw",
    }
    for template in paths:
        path = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], template)
        for forged in (None, "0" * 64):
            data = {"confirmed": "yes", "name": "x"}
            if forged:
                data["csrf_token"] = forged
            answer = client.post(path, data=data, follow_redirects=False)
            assert answer.status_code == 403, f"{path} accepted a request without a valid token"
            assert "This form has expired or was sent from another site" in answer.text
    # nothing changed: the version is still approved, not withdrawn
    page = client.get(f"/console/apps/{alpha.appid}/versions/1.0.0")
    assert "approved" in page.text


def test_destructive_actions_ask_first_without_javascript(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, alpha.email, PASSWORD)
    path = f"/console/apps/{alpha.appid}/versions/1.0.0/withdraw"
    ask = client.post(path, data={"csrf_token": token, "reason": "bug"})
    assert ask.status_code == 200
    assert "Withdraw version 1.0.0?" in ask.text
    assert 'name="confirmed" value="yes"' in ask.text
    assert 'name="reason" value="bug"' in ask.text, "the confirmation page resends the form"
    assert "approved" in client.get(f"/console/apps/{alpha.appid}/versions/1.0.0").text

    done = client.post(path, data={"csrf_token": token, "reason": "bug", "confirmed": "yes"})
    assert done.status_code == 200
    assert "The version was withdrawn." in done.text
    assert "withdrawn" in done.text


def test_api_token_is_shown_once_and_can_be_revoked(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, alpha.email, PASSWORD)
    empty = client.post("/console/tokens", data={"csrf_token": token, "name": "", "scopes": "read"})
    assert empty.status_code == 422 and 'id="e-name"' in empty.text

    created = client.post(
        "/console/tokens", data={"csrf_token": token, "name": "CI", "scopes": ["read", "write"]}
    )
    value = re.search(r'value="(mpt_[^"]+)"', created.text).group(1)  # type: ignore[union-attr]
    assert "shown only once" in created.text

    listing = client.get("/console/tokens").text
    assert value not in listing, "the token value is never shown again"
    assert value[:12] in listing

    api = client.get("/api/v1/apps", headers={"Authorization": f"Bearer {value}"})
    assert api.status_code == 200

    token_id = re.search(r"/console/tokens/(\d+)/revoke", listing).group(1)  # type: ignore[union-attr]
    revoked = client.post(
        f"/console/tokens/{token_id}/revoke", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert "The token was revoked." in revoked.text
    cookies = dict(client.cookies)
    client.cookies.clear()
    refused = client.get("/api/v1/apps", headers={"Authorization": f"Bearer {value}"})
    assert refused.status_code == 401
    client.cookies.update(cookies)


def test_members_invitation_and_roles(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, alpha.email, PASSWORD)
    bad = client.post(
        "/console/org/invite", data={"csrf_token": token, "identifier": "nope", "role": "developer"}
    )
    assert bad.status_code == 422 and 'id="e-identifier"' in bad.text
    reviewer = client.post(
        "/console/org/invite",
        data={"csrf_token": token, "identifier": "r@alpha.example", "role": "reviewer"},
    )
    assert reviewer.status_code == 422, "partners have no reviewer role"

    invited = client.post(
        "/console/org/invite",
        data={"csrf_token": token, "identifier": "dev2@alpha.example", "role": "developer"},
    )
    link = re.search(r'value="(http[^"]+/console/invite\?token=[^"]+)"', invited.text).group(1)  # type: ignore[union-attr]

    client.cookies.clear()
    invite_path = link.split("testserver", 1)[1]
    form = client.get(invite_path)
    accept_token = _token(form.text)
    invite_token = invite_path.split("token=")[1]
    accepted = client.post(
        "/console/invite",
        data={
            "csrf_token": accept_token,
            "token": invite_token,
            "password": "second-dev-pass-1",
            "display_name": "Second Dev",
        },
    )
    assert "Welcome! You are now a member." in accepted.text

    sign_in(client, "dev2@alpha.example", "second-dev-pass-1")
    org = client.get("/console/org").text
    assert "Second Dev" in org and "Alpha Pay" in org
    assert "/console/org/members/role" not in org, "a developer cannot manage members"

    token = sign_in(client, alpha.email, PASSWORD)
    last_owner = client.post(
        "/console/org/members/role",
        data={"csrf_token": token, "email": alpha.email, "role": "developer"},
    )
    assert last_owner.status_code == 409
    assert "needs an owner" in last_owner.text
    promoted = client.post(
        "/console/org/members/role",
        data={"csrf_token": token, "email": "dev2@alpha.example", "role": "admin"},
        follow_redirects=True,
    )
    assert "The role was changed." in promoted.text


def test_center_errors_are_translated_by_code(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, alpha.email, PASSWORD)
    zh = {"Accept-Language": "zh-CN"}
    answer = client.post(
        f"/console/apps/{alpha.appid}",
        data={"csrf_token": token, "name": "Alpha Wallet", "allowed_domains": "ftp://x"},
        headers=zh,
    )
    assert answer.status_code == 422
    message = re.search(r'id="e-allowed_domains" role="alert">([^<]+)<', answer.text).group(1)  # type: ignore[union-attr]
    assert re.search(r"[\u4e00-\u9fff]", message), message


def test_malformed_and_unknown_urls_get_a_page_not_json(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    sign_in(client, ADMIN, ADMIN_PASSWORD)
    for path in ("/console/hosts/not-a-number", "/console/apps/mp0000000000000000"):
        answer = client.get(path, headers={"Accept-Language": "zh-CN"})
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("text/html")
        assert "页面不存在" in answer.text or "不存在" in answer.text


def test_member_of_two_organizations_switches_between_them(world: dict[str, object]) -> None:
    from miniport.center.services import accounts, orgs

    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    ctx = world["app"].state.ctx  # type: ignore[attr-defined]
    with ctx.db.session() as db:
        from sqlalchemy import select

        from miniport.center.models import User

        owner = accounts.load_principal(
            db, db.scalar(select(User).where(User.email == alpha.email))
        )
        second, _user = orgs.signup_partner(db, owner, org_name="Alpha Labs")
    sign_in(client, alpha.email, PASSWORD)
    page = client.get("/console/org").text
    assert "<h1>Alpha Pay</h1>" in page
    assert f'<option value="{second.slug}"' in page
    switched = client.get(f"/console/org/switch?to={second.slug}", follow_redirects=True)
    assert switched.url.path == "/console/apps"
    assert "<h1>Alpha Labs</h1>" in client.get("/console/org").text
    assert client.get("/console/org/switch?to=beta-travel").status_code == 404
