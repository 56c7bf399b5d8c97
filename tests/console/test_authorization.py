"""A partner cannot reach operator pages, nor another partner's data, by typing URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.console.seed import PASSWORD, Partner, partner_with_app

ADMIN = "admin@operator.example"
ADMIN_PASSWORD = "operator-pass-123"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    from tests.console.conftest import prepare

    from miniport.center.app import build_context, create_app
    from miniport.center.services import accounts, hosts
    from miniport.config import load_settings

    data = Path(tmp_path_factory.mktemp("authz"))
    settings = load_settings(
        data_dir=data, admin_email=ADMIN, admin_password=ADMIN_PASSWORD, seed_demo=False
    )
    ctx = build_context(settings)
    prepare(ctx)
    alpha = partner_with_app(ctx, "Alpha Pay", "owner@alpha.example", "Alpha Wallet", ADMIN)
    beta = partner_with_app(ctx, "Beta Travel", "owner@beta.example", "Beta Trips", ADMIN)
    with ctx.db.session() as db:
        from sqlalchemy import select

        from miniport.center.models import User

        admin = accounts.load_principal(db, db.scalar(select(User).where(User.email == ADMIN)))
        host, _key, _secret = hosts.create_host(
            db, admin, hosts.HostFields(name="Bank App", platforms=["web"]), ctx.secret_key
        )
        host_id = host.id
    app = create_app(settings, ctx)
    with TestClient(app) as client:
        yield {"client": client, "alpha": alpha, "beta": beta, "host_id": host_id}
    ctx.db.dispose()


def _sign_in(client: TestClient, email: str, password: str) -> None:
    client.cookies.clear()
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/console/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def _token(client: TestClient, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


OPERATOR_PAGES = [
    "/console/signups",
    "/console/reviews",
    "/console/hosts",
    "/console/hosts/{host}",
    "/console/apps/{alpha}/plans",
    "/console/apps/{alpha}/plans/{host}",
    "/console/reviews/{alpha}/1.0.0",
]


@pytest.mark.parametrize("template", OPERATOR_PAGES)
def test_partner_is_refused_operator_pages(world: dict[str, object], template: str) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    _sign_in(client, alpha.email, PASSWORD)
    path = template.format(alpha=alpha.appid, host=world["host_id"])
    answer = client.get(path, headers={"Accept-Language": "en"})
    assert answer.status_code == 403, path
    assert "You do not have permission to open this page" in answer.text
    assert "Bank App" not in answer.text


def test_partner_cannot_post_operator_actions(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    _sign_in(client, alpha.email, PASSWORD)
    token = _token(client, "/console/apps")
    host = world["host_id"]
    attempts = {
        f"/console/hosts/{host}/listings/{alpha.appid}": {"listed": "yes"},
        f"/console/hosts/{host}/rotate": {"confirmed": "yes"},
        f"/console/apps/{alpha.appid}/plans/{host}": {"default_version": "1.0.0"},
        f"/console/reviews/{alpha.appid}/1.0.0": {"action": "approve"},
        "/console/signups/beta-travel": {"action": "reject", "reason": "x", "confirmed": "yes"},
    }
    for path, data in attempts.items():
        answer = client.post(path, data={**data, "csrf_token": token})
        assert answer.status_code == 403, path


@pytest.mark.parametrize(
    "template",
    [
        "/console/apps/{beta}",
        "/console/apps/{beta}/versions/1.0.0",
        "/console/apps/{beta}/versions/1.0.0/preview",
        "/console/apps/{beta}/dashboard",
    ],
)
def test_partner_cannot_see_another_partners_app(world: dict[str, object], template: str) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    beta: Partner = world["beta"]  # type: ignore[assignment]
    _sign_in(client, alpha.email, PASSWORD)
    answer = client.get(template.format(beta=beta.appid))
    assert answer.status_code == 404
    assert "Beta Trips" not in answer.text


def test_partner_cannot_change_another_partners_app(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    beta: Partner = world["beta"]  # type: ignore[assignment]
    _sign_in(client, alpha.email, PASSWORD)
    token = _token(client, "/console/apps")
    renamed = client.post(
        f"/console/apps/{beta.appid}", data={"name": "Hijacked", "csrf_token": token}
    )
    assert renamed.status_code == 404
    submitted = client.post(
        f"/console/apps/{beta.appid}/versions/1.0.0/withdraw",
        data={"confirmed": "yes", "csrf_token": token},
    )
    assert submitted.status_code == 404

    _sign_in(client, beta.email, PASSWORD)
    page = client.get(f"/console/apps/{beta.appid}")
    assert "Beta Trips" in page.text and "Hijacked" not in page.text
    assert "approved" in page.text, "beta's version was not withdrawn"


def test_lists_show_only_own_data(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    _sign_in(client, alpha.email, PASSWORD)
    apps = client.get("/console/apps").text
    assert "Alpha Wallet" in apps and "Beta Trips" not in apps
    log = client.get("/console/audit")
    assert log.status_code == 200
    assert alpha.appid in log.text
    assert "beta" not in log.text.lower()
    csv = client.get("/console/audit.csv").text
    assert alpha.appid in csv and "beta" not in csv.lower()
    nav = client.get("/console/apps").text
    for hidden in ("/console/signups", "/console/hosts", "/console/reviews"):
        assert f'href="{hidden}"' not in nav, "operator links are not shown to partners"


def test_operator_sees_every_partner(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    _sign_in(client, ADMIN, ADMIN_PASSWORD)
    apps = client.get("/console/apps").text
    assert "Alpha Wallet" in apps and "Beta Trips" in apps
    assert client.get(f"/console/hosts/{world['host_id']}").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    client.cookies.clear()
    for path in (
        "/console/apps",
        f"/console/apps/{alpha.appid}",
        "/console/hosts",
        "/console/audit.csv",
    ):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/console/login?next=")
