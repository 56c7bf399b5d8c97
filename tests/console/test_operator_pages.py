"""Operator pages without a browser: review rejection, host app keys and disabling,
listing refusals, and the dashboard drawn from reported launches and errors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.console.seed import (
    ADMIN,
    ADMIN_PASSWORD,
    PASSWORD,
    Partner,
    console_world,
    zip_source,
)
from tests.console.test_forms import sign_in


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    with console_world(Path(tmp_path_factory.mktemp("operator"))) as world:
        yield world


def _upload_and_submit(world: dict[str, object], version: str) -> None:
    from miniport.center.services import accounts, versions

    ctx = world["ctx"]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    with ctx.db.session() as db:  # type: ignore[attr-defined]
        from sqlalchemy import select

        from miniport.center.models import User

        owner = accounts.load_principal(
            db, db.scalar(select(User).where(User.email == alpha.email))
        )
        versions.upload(db, ctx, owner, alpha.appid, version, zip_source())
        versions.transition(db, owner, alpha.appid, version, "submit")


def test_rejecting_needs_a_reason_and_the_partner_sees_it(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    _upload_and_submit(world, "1.0.1")
    token = sign_in(client, ADMIN, ADMIN_PASSWORD)
    queue = client.get("/console/reviews").text
    assert f"/console/reviews/{alpha.appid}/1.0.1" in queue
    path = f"/console/reviews/{alpha.appid}/1.0.1"
    no_reason = client.post(path, data={"csrf_token": token, "action": "reject"})
    assert no_reason.status_code == 422
    assert re.search(r'id="e-reason" role="alert">Reason is required', no_reason.text)
    rejected = client.post(
        path,
        data={
            "csrf_token": token,
            "action": "reject",
            "reason": "Crashes on launch",
            "confirmed": "yes",
        },
        follow_redirects=True,
    )
    assert "The version was rejected." in rejected.text
    assert f"/console/reviews/{alpha.appid}/1.0.1" not in client.get("/console/reviews").text

    sign_in(client, alpha.email, PASSWORD)
    page = client.get(f"/console/apps/{alpha.appid}").text
    assert "Crashes on launch" in page and "rejected" in page


def test_host_app_keys_rotate_revoke_and_disable(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    token = sign_in(client, ADMIN, ADMIN_PASSWORD)
    bad = client.post(
        "/console/hosts",
        data={
            "csrf_token": token,
            "name": "Web Host",
            "platforms": "web",
            "web_origins": "not a url",
        },
    )
    assert bad.status_code == 422 and 'id="e-web_origins"' in bad.text
    created = client.post(
        "/console/hosts",
        data={
            "csrf_token": token,
            "name": "Web Host",
            "platforms": "web",
            "web_origins": "https://web.example.com",
        },
    )
    secret = re.search(r'value="(hs_[^"]+)"', created.text).group(1)  # type: ignore[union-attr]
    assert "shown only once" in created.text
    page = client.get(re.search(r"/console/hosts/\d+", created.text).group(0)).text  # type: ignore[union-attr]
    assert secret not in page, "the secret is not shown a second time"
    host_id = re.search(r"/console/hosts/(\d+)/rotate", created.text).group(1)  # type: ignore[union-attr]

    ask = client.post(
        f"/console/hosts/{host_id}/rotate", data={"csrf_token": token, "overlap_hours": "1"}
    )
    assert "Issue a new SDK key and secret for Web Host?" in ask.text
    rotated = client.post(
        f"/console/hosts/{host_id}/rotate",
        data={"csrf_token": token, "overlap_hours": "1", "confirmed": "yes"},
    )
    new_secret = re.search(r'value="(hs_[^"]+)"', rotated.text).group(1)  # type: ignore[union-attr]
    assert new_secret != secret
    assert "expires" in rotated.text, "the old key shows when it stops working"

    disabled = client.post(
        f"/console/hosts/{host_id}/enabled",
        data={"csrf_token": token, "enabled": "no", "confirmed": "yes"},
        follow_redirects=True,
    )
    assert "The host app was disabled." in disabled.text
    assert "Enable" in disabled.text


def test_listing_without_an_approved_version_is_refused_in_place(world: dict[str, object]) -> None:
    from miniport.center.services import accounts, hosts, miniprograms

    client: TestClient = world["client"]  # type: ignore[assignment]
    ctx = world["ctx"]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    with ctx.db.session() as db:  # type: ignore[attr-defined]
        from sqlalchemy import select

        from miniport.center.models import User

        owner = accounts.load_principal(
            db, db.scalar(select(User).where(User.email == alpha.email))
        )
        fresh = miniprograms.create(db, owner, miniprograms.AppFields(name="Alpha Draft"))
        admin = accounts.load_principal(db, db.scalar(select(User).where(User.email == ADMIN)))
        host, _k, _s = hosts.create_host(
            db,
            admin,
            hosts.HostFields(name="List Host", platforms=["ios"]),
            ctx.secret_key,  # type: ignore[attr-defined]
        )
        appid, host_id = fresh.appid, host.id
    token = sign_in(client, ADMIN, ADMIN_PASSWORD)
    answer = client.post(
        f"/console/hosts/{host_id}/listings/{appid}", data={"csrf_token": token, "listed": "yes"}
    )
    assert answer.status_code == 409
    assert "has no approved or released version yet" in answer.text
    ok = client.post(
        f"/console/hosts/{host_id}/listings/{alpha.appid}",
        data={"csrf_token": token, "listed": "yes"},
        follow_redirects=True,
    )
    assert "The mini-program is listed." in ok.text
    ask = client.post(
        f"/console/hosts/{host_id}/listings/{alpha.appid}",
        data={"csrf_token": token, "listed": "no"},
    )
    assert "Delist Alpha Wallet from List Host?" in ask.text


def test_dashboard_shows_reported_launches_and_errors(world: dict[str, object]) -> None:
    from miniport.center.models import HostApp
    from miniport.delivery import guardrail

    client: TestClient = world["client"]  # type: ignore[assignment]
    ctx = world["ctx"]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    with ctx.db.session() as db:  # type: ignore[attr-defined]
        from sqlalchemy import select

        host_id = db.scalar(select(HostApp.id).order_by(HostApp.id))
        guardrail.record(
            db,
            host_id,
            Counter({(alpha.appid, "1.0.0", "launch"): 300, (alpha.appid, "1.0.0", "error"): 6}),
        )
    sign_in(client, alpha.email, PASSWORD)
    page = client.get(f"/console/apps/{alpha.appid}/dashboard").text
    row = re.search(r'<tr data-version="1.0.0">(.*?)</tr>', page, re.DOTALL).group(1)  # type: ignore[union-attr]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells == ["1.0.0", "300", "100.0%", "6", "2.00%"]
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_operator_suspends_and_resumes_a_mini_program(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, ADMIN, ADMIN_PASSWORD)
    path = f"/console/apps/{alpha.appid}/status"
    ask = client.post(
        path, data={"csrf_token": token, "action": "suspend", "reason": "fraud report"}
    )
    assert "Suspend Alpha Wallet?" in ask.text
    done = client.post(
        path,
        data={
            "csrf_token": token,
            "action": "suspend",
            "reason": "fraud report",
            "confirmed": "yes",
        },
        follow_redirects=True,
    )
    assert "The mini-program is suspended everywhere." in done.text
    assert 'class="badge suspended"' in done.text
    again = client.post(path, data={"csrf_token": token, "action": "resume"}, follow_redirects=True)
    assert "The mini-program is active again." in again.text

    partner_token = sign_in(client, alpha.email, PASSWORD)
    refused = client.post(
        path, data={"csrf_token": partner_token, "action": "suspend", "confirmed": "yes"}
    )
    assert refused.status_code == 403


def test_plan_editor_works_without_javascript(world: dict[str, object]) -> None:
    from miniport.center.services import accounts, hosts

    client: TestClient = world["client"]  # type: ignore[assignment]
    ctx = world["ctx"]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    with ctx.db.session() as db:  # type: ignore[attr-defined]
        from sqlalchemy import select

        from miniport.center.models import User

        admin = accounts.load_principal(db, db.scalar(select(User).where(User.email == ADMIN)))
        host, _k, _s = hosts.create_host(
            db,
            admin,
            hosts.HostFields(name="Plan Host", platforms=["android"]),
            ctx.secret_key,  # type: ignore[attr-defined]
        )
        host_id = host.id
    token = sign_in(client, ADMIN, ADMIN_PASSWORD)
    path = f"/console/apps/{alpha.appid}/plans/{host_id}"
    grown = client.post(
        path, data={"csrf_token": token, "default_version": "1.0.0", "action": "add_rule"}
    )
    assert 'name="rules-0-percentage"' in grown.text
    assert "rules-1-" not in grown.text

    bad = client.post(
        path,
        data={
            "csrf_token": token,
            "action": "save",
            "default_version": "1.0.0",
            "rules-0-mode": "version",
            "rules-0-version": "1.0.0",
            "rules-0-percentage": "250",
        },
    )
    assert bad.status_code == 422
    error = re.search(r'id="r0-percentage-e" role="alert">([^<]+)<', bad.text)
    assert error and "0..100" in error.group(1)
    assert 'value="250"' in bad.text, "what was typed stays in the form"

    saved = client.post(
        path,
        data={
            "csrf_token": token,
            "action": "save",
            "default_version": "1.0.0",
            "rules-0-mode": "version",
            "rules-0-version": "1.0.0",
            "rules-0-percentage": "10",
            "rules-0-city": "Shanghai",
        },
        follow_redirects=True,
    )
    assert "The plan was saved and takes effect at once." in saved.text
    assert re.search(r"data-revision>1<", saved.text)
    assert 'value="Shanghai"' in saved.text


def test_partner_names_trial_testers_and_the_trial_version(world: dict[str, object]) -> None:
    client: TestClient = world["client"]  # type: ignore[assignment]
    alpha: Partner = world["alpha"]  # type: ignore[assignment]
    token = sign_in(client, alpha.email, PASSWORD)
    base = f"/console/apps/{alpha.appid}"
    too_long = client.post(f"{base}/testers", data={"csrf_token": token, "testers": "x" * 300})
    assert too_long.status_code == 422
    assert re.search(r'id="e-testers" role="alert">[^<]*longer than 254', too_long.text)

    saved = client.post(
        f"{base}/testers",
        data={"csrf_token": token, "testers": "user-17\nqa@alpha.example"},
        follow_redirects=True,
    )
    assert "Trial testers saved." in saved.text
    assert "qa@alpha.example\nuser-17" in saved.text

    trial = client.post(
        f"{base}/trial", data={"csrf_token": token, "version": "1.0.0"}, follow_redirects=True
    )
    assert "Trial version set." in trial.text
    assert re.search(r"Trial version: <strong>1.0.0</strong>", trial.text)
    assert "This is the trial version." in client.get(f"{base}/versions/1.0.0").text
