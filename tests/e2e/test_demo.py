"""The demo super-app end to end, in Chromium, against a real server seeded like
`miniport serve`: the host SDK resolves, downloads, verifies and runs the sample
mini-programs; the gray rule gives different users different versions; a new release
reaches an open mini-program as a hot update; packages open offline from the cache;
a tampered package is refused.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from miniport.center.services.bootstrap import OPERATOR_SLUG
from miniport.demo.seed import examples_dir, load_credentials
from miniport.host import HostClient

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD, texts, view_frame, wait_texts

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 420, "height": 820}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/demo/")
    page.wait_for_selector("body[data-ready=true]", timeout=20000)
    yield page
    context.close()
    assert not errors, errors


def sign_in(page, user_id: str, city: str = "", os: str = "android") -> None:  # type: ignore[no-untyped-def]
    page.fill("#user-id", user_id)
    page.select_option("#city", city)
    page.select_option("#os", os)
    page.click("#switch-user")
    page.wait_for_function(
        f"document.getElementById('persona-status').textContent.includes({json.dumps(user_id)})"
    )


def open_app(page, name: str):  # type: ignore[no-untyped-def]
    page.click(f"#grid button:has-text('{name}')")
    page.wait_for_function("document.getElementById('mp-version').textContent.startsWith('v')", timeout=20000)
    return view_frame(page)


def close_app(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#mp-container .miniport-capsule button[aria-label='关闭']")
    page.wait_for_selector("#runner", state="hidden")


def appids(server) -> dict[str, str]:  # type: ignore[no-untyped-def]
    creds = load_credentials(server.ctx)
    assert creds is not None, "the demo was not seeded"
    return dict(creds["appids"])


def user_with_version(server, version: str, city: str = "北京") -> str:  # type: ignore[no-untyped-def]
    """A user id the 50 % rule gives `version` (found by asking the server, as a host would)."""
    creds = load_credentials(server.ctx)
    gray = appids(server)["bank-account"]
    with HostClient(server.url, key=creds["sdk_key"], secret=creds["sdk_secret"]) as host:
        for i in range(60):
            user = f"user-{i}"
            answer = host.resolve([gray], user, {"city": city})
            if answer["results"][0]["version"] == version:
                return user
    raise AssertionError(f"no user among 60 got {version}: the 50% rule is not splitting")


def test_home_shows_the_listed_mini_programs_with_search_and_categories(demo) -> None:  # type: ignore[no-untyped-def]
    names = texts(demo.locator("#grid .name"))
    assert sorted(names) == sorted(["我的账户 Accounts", "网点查询 Branch finder", "同城快递 Courier"])
    demo.fill("#search", "快递")
    assert texts(demo.locator("#grid .name")) == ["同城快递 Courier"]
    demo.fill("#search", "没有这种小程序")
    assert demo.locator("#empty").is_visible()
    demo.fill("#search", "")
    demo.click("#categories button:has-text('金融')")
    assert sorted(texts(demo.locator("#grid .name"))) == ["我的账户 Accounts", "网点查询 Branch finder"]


def test_gray_rule_gives_each_user_their_version(demo, server) -> None:  # type: ignore[no-untyped-def]
    old_user = user_with_version(server, "1.0.0")
    sign_in(demo, old_user, "北京")
    frame = open_app(demo, "我的账户")
    assert demo.inner_text("#mp-version") == "v1.0.0"
    wait_texts(frame.locator(".account-name"), lambda t: t == ["借记卡", "定期存款", "信用卡"])
    assert frame.locator("#new-version").count() == 0
    # Using it as a user would: open an account, filter its transactions.
    frame.locator(".account").first.click()
    frame = view_frame(demo)
    wait_texts(frame.locator(".txn-title"), lambda t: len(t) == 15)
    frame.locator(".tab").nth(1).click()  # 收入
    incomes = wait_texts(frame.locator(".txn-title"), lambda t: 0 < len(t) < 15)
    assert set(incomes) == {"工资"}
    close_app(demo)
    open_app(demo, "我的账户")

    # The tabBar switches to the profile page, which asks the host for the member level
    # (a host API registered by the demo) and keeps the nickname in storage.
    demo.locator("#mp-container .miniport-frame > div").first.evaluate(
        "el => [...el.shadowRoot.querySelectorAll('.tabbar *')].find(n => n.textContent.trim() === '我的').click()"
    )
    frame = view_frame(demo)
    wait_texts(frame.locator(".member .level"), lambda t: t == ["gold"])
    frame.locator("wx-input input").fill("小明")
    frame.locator("wx-button").last.click()
    wait_texts(frame.locator(".saved"), lambda t: t == ["设置已保存：小明"])
    close_app(demo)
    frame = open_app(demo, "我的账户")
    demo.locator("#mp-container .miniport-frame > div").first.evaluate(
        "el => [...el.shadowRoot.querySelectorAll('.tabbar *')].find(n => n.textContent.trim() === '我的').click()"
    )
    frame = view_frame(demo)
    wait_texts(frame.locator(".member .level"), lambda t: t == ["gold"])
    assert frame.locator("wx-input input").input_value() == "小明"
    close_app(demo)

    # Shanghai users always get the new version (the first rule), whoever they are.
    sign_in(demo, old_user, "上海")
    frame = open_app(demo, "我的账户")
    assert demo.inner_text("#mp-version") == "v1.1.0"
    wait_texts(frame.locator("#new-version"), lambda t: t == ["新版体验 · New in 1.1.0"])
    close_app(demo)

    # A different user outside Shanghai may land in the 50 %: the rule decides.
    new_user = user_with_version(server, "1.1.0")
    sign_in(demo, new_user, "北京")
    open_app(demo, "我的账户")
    assert demo.inner_text("#mp-version") == "v1.1.0"
    assert demo.locator("#mp-version").get_attribute("data-rule") == "gray-50"


def test_branch_finder_favourites_survive_a_restart(demo) -> None:  # type: ignore[no-untyped-def]
    sign_in(demo, "fav-user", "")
    frame = open_app(demo, "网点查询")
    wait_texts(frame.locator("branch-card .name"), lambda t: "陆家嘴支行" in t)
    assert texts(frame.locator("branch-card .star")) == ["☆", "☆", "☆"]
    frame.locator("branch-card .star").nth(1).click()
    wait_texts(frame.locator("branch-card .star"), lambda t: t == ["☆", "★", "☆"])
    close_app(demo)
    frame = open_app(demo, "网点查询")
    wait_texts(frame.locator("branch-card .star"), lambda t: t == ["☆", "★", "☆"])
    # Only favourites: the switch filters the list to the starred branch.
    frame.locator("wx-switch").first.click()
    wait_texts(frame.locator("branch-card .name"), lambda t: t == ["徐家汇支行"])


def test_courier_form_validates_and_orders_through_the_allowed_domain(demo) -> None:  # type: ignore[no-untyped-def]
    sign_in(demo, "courier-user", "")
    frame = open_app(demo, "同城快递")
    inputs = frame.locator("wx-input input")
    inputs.nth(0).fill("张三")
    inputs.nth(1).fill("123")
    frame.locator("wx-textarea textarea").fill("浦东新区世纪大道 100 号")
    inputs.nth(2).fill("2")
    frame.locator("wx-button[form-type=submit], wx-button").last.click()
    wait_texts(frame.locator("mp-field .error"), lambda t: t == ["请填写 11 位手机号"])
    inputs.nth(1).fill("13800138000")
    frame.locator("wx-button").last.click()
    frame = view_frame(demo)
    done = wait_texts(frame.locator(".done .title"), lambda t: t == ["下单成功"], timeout=15)
    assert done
    number = texts(frame.locator(".done .muted"))[0]
    assert number.startswith("运单号 SD")
    assert texts(frame.locator(".done .price")) == ["运费 ¥16.00"]


def test_a_new_release_reaches_the_open_mini_program_as_an_update(demo, server) -> None:  # type: ignore[no-untyped-def]
    from miniport.cli.center import zip_source

    sign_in(demo, "update-user", "")
    open_app(demo, "网点查询")
    assert demo.inner_text("#mp-version") == "v1.0.0"
    demo.evaluate("window.__notReloaded = true")

    # Publish 1.1.0 through the HTTP API, as a developer and a reviewer would.
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "branch-finder"
        shutil.copytree(examples_dir() / "branch-finder", tree)
        app_json = json.loads((tree / "app.json").read_text(encoding="utf-8"))
        app_json["window"]["navigationBarTitleText"] = "网点查询 · 新版"
        (tree / "app.json").write_text(json.dumps(app_json, ensure_ascii=False), encoding="utf-8")
        data = zip_source(tree)
    appid = appids(server)["branch-finder"]
    with httpx.Client(base_url=f"{server.url}/api/v1", timeout=30) as api:
        def token(email: str, password: str, scopes: list[str]) -> dict[str, str]:
            answer = api.post("/auth/token", json={
                "email": email, "password": password, "name": "e2e", "scopes": scopes,
            })
            assert answer.status_code == 201, answer.text
            return {"Authorization": f"Bearer {answer.json()['token']}"}

        admin = token(ADMIN_EMAIL, ADMIN_PASSWORD, ["read", "write", "admin", "review"])
        invite = api.post(f"/orgs/{OPERATOR_SLUG}/invitations", headers=admin,
                          json={"identifier": "reviewer@demo-bank.example", "role": "reviewer"})
        assert invite.status_code == 201, invite.text
        accepted = api.post("/invitations/accept", json={
            "token": invite.json()["token"], "password": "reviewer-password-123",
        })
        assert accepted.status_code in (200, 201), accepted.text
        reviewer = token("reviewer@demo-bank.example", "reviewer-password-123", ["read", "review"])
        uploaded = api.post(f"/apps/{appid}/versions", headers=admin,
                            files={"file": ("branch-finder.zip", data, "application/zip")},
                            data={"version": "1.1.0", "notes": "New title"})
        assert uploaded.status_code == 201, uploaded.text
        for action, who in (("submit", admin), ("approve", reviewer), ("release", admin)):
            step = api.post(f"/apps/{appid}/versions/1.1.0/{action}", headers=who, json={"reason": ""})
            assert step.status_code == 200, (action, step.text)

    demo.wait_for_selector("#update-banner:not([hidden])", timeout=15000)
    assert demo.get_attribute("#update-banner", "data-version") == "1.1.0"
    demo.click("#update-banner button")
    demo.wait_for_function("document.getElementById('mp-version').textContent === 'v1.1.0'", timeout=15000)
    assert demo.evaluate("window.__notReloaded") is True
    title = demo.locator("#mp-container .miniport-frame > div").first.evaluate(
        "el => el.shadowRoot.querySelector('.nav h1, h1').textContent"
    )
    assert title == "网点查询 · 新版"


def test_reopens_offline_from_the_cache(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 420, "height": 820}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{server.url}/demo/")
    page.wait_for_selector("body[data-ready=true]", timeout=20000)
    frame = open_app(page, "同城快递")
    wait_texts(frame.locator("mp-field .label"), lambda t: "寄件人" in t)
    close_app(page)
    context.set_offline(True)
    try:
        frame = open_app(page, "同城快递")
        wait_texts(frame.locator("mp-field .label"), lambda t: "寄件人" in t)
        assert page.locator("#mp-error").is_hidden()
    finally:
        context.set_offline(False)
        context.close()


def test_a_tampered_package_is_refused_with_a_visible_error(browser, server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 420, "height": 820}, locale="zh-CN")
    page = context.new_page()

    def tamper(route):  # type: ignore[no-untyped-def]
        original = route.fetch()
        body = bytearray(original.body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(status=200, body=bytes(body), headers={"Content-Type": "application/zip"})

    page.route("**/sdk/v1/packages/**", tamper)
    page.goto(f"{server.url}/demo/")
    page.wait_for_selector("body[data-ready=true]", timeout=20000)
    page.click("#grid button:has-text('同城快递')")
    page.wait_for_selector("#mp-error:not([hidden])", timeout=15000)
    message = page.inner_text("#mp-error")
    assert "校验失败" in message and "package_integrity" in message
    # Nothing of the tampered package ran.
    assert page.locator("#mp-container iframe").count() == 0
    time.sleep(0.2)
    context.close()


def open_profile_tab(page):  # type: ignore[no-untyped-def]
    page.locator("#mp-container .miniport-frame > div").first.evaluate(
        "el => [...el.shadowRoot.querySelectorAll('.tabbar *')].find(n => n.textContent.trim() === '我的').click()"
    )
    frame = view_frame(page)
    frame.locator(".use-profile").wait_for()
    return frame


def no_prompt_appears(page) -> None:  # type: ignore[no-untyped-def]
    time.sleep(1.0)
    assert page.locator("#mp-container .miniport-permission").count() == 0


def test_profile_and_clipboard_ask_the_user_once_per_mini_program(demo) -> None:  # type: ignore[no-untyped-def]
    sign_in(demo, "perm-user", "")
    open_app(demo, "我的账户")
    frame = open_profile_tab(demo)
    frame.locator(".use-profile").click()
    prompt = demo.locator("#mp-container .miniport-permission")
    prompt.wait_for()
    assert "获取你的昵称、头像" in prompt.inner_text()
    prompt.get_by_role("button", name="拒绝").click()
    wait_texts(frame.locator(".auth-error"), lambda t: t == ["getUserProfile:fail auth deny"])
    frame.locator(".use-profile").click()  # the refusal is remembered: no second prompt
    no_prompt_appears(demo)
    assert frame.locator("wx-input input").input_value() == ""
    close_app(demo)

    # Another user decides for themselves; allowing hands over the host's profile.
    sign_in(demo, "perm-user-2", "")
    open_app(demo, "我的账户")
    frame = open_profile_tab(demo)
    frame.locator(".use-profile").click()
    prompt.wait_for()
    prompt.get_by_role("button", name="允许").click()
    deadline = time.time() + 10
    while frame.locator("wx-input input").input_value() != "perm-user-2":
        assert time.time() < deadline, "the allowed profile never reached the mini-program"
        time.sleep(0.1)
    close_app(demo)

    # The clipboard asks once, too.
    frame = open_app(demo, "网点查询")
    wait_texts(frame.locator("branch-card .name"), lambda t: len(t) > 0)
    frame.locator("branch-card").first.click()
    frame = view_frame(demo)
    copy = frame.locator(".detail wx-button")
    copy.wait_for()
    copy.click()
    prompt.wait_for()
    assert "剪贴板" in prompt.inner_text()
    prompt.get_by_role("button", name="允许").click()
    copy.click()
    no_prompt_appears(demo)
