"""wx APIs as a mini-program sees them: request through the host's allow-list, dialogs
answered by the user, system info, canIUse, unknown APIs, clipboard, storage in both
styles, host hooks, animation.
"""

from __future__ import annotations

import pytest

from .conftest import expect_texts, texts

pytestmark = pytest.mark.browser


def open_apis(page, serve_app):  # type: ignore[no-untyped-def]
    app = serve_app("apis", request_domains=["http://127.0.0.1"])
    page.goto(app.url)
    page.wait_for_function("window.__miniport && window.__miniport.ready", timeout=15000)
    # relaunch with the dev server's origin in the query, as a host passes launch options
    origin = app.url.rstrip("/")
    page.evaluate(
        """async (origin) => {
          const { createMiniProgram } = await import('/runtime/container/index.js');
          const old = window.__miniport.controller; old.destroy();
          const box = document.createElement('div'); box.id = 'mp'; box.style.cssText = 'position:absolute;inset:0';
          document.querySelector('#mp').replaceWith(box);
          const c = createMiniProgram({ container: box, packageUrl: '/package.mpk', lang: 'en',
            policy: { requestDomains: ['127.0.0.1'], allowHttp: true },
            launch: { query: { origin } }, onShare: (c) => { window.__shared = c; } });
          await c.ready; window.__relaunched = c;
        }""",
        origin,
    )
    handle = page.locator("#mp").evaluate_handle("el => el.shadowRoot.querySelector('iframe')")
    return handle.as_element().content_frame()


def test_request_allowed_and_blocked(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = open_apis(page, serve_app)
    frame.locator("#request").click()
    frame.locator("#blocked").click()
    expect_texts(
        frame.locator(".log"),
        [
            "request 200 ok=true request:ok",
            "blocked request:fail url not in domain list: https://evil.example.com"
            " (add it to the mini-program's allowed request domains)",
        ],
    )
    frame.locator("#abort").click()
    expect_texts(frame.locator(".log").last, ["aborted request:fail abort"])


def test_dialogs_answer_with_what_the_user_chose(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = open_apis(page, serve_app)
    frame.locator("#modal").click()
    page.locator("#mp").get_by_role("button", name="OK").click()
    expect_texts(frame.locator(".log"), ["modal confirm=true cancel=false"])
    frame.locator("#sheet").click()
    page.locator("#mp").get_by_role("button", name="Green").click()
    expect_texts(frame.locator(".log"), ["modal confirm=true cancel=false", "sheet 1"])
    frame.locator("#sheet").click()
    page.locator("#mp").get_by_role("button", name="Cancel").click()
    expect_texts(
        frame.locator(".log"),
        ["modal confirm=true cancel=false", "sheet 1", "sheet showActionSheet:fail cancel"],
    )


def test_misc_apis(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = open_apis(page, serve_app)
    frame.locator("#misc").click()
    expect_texts(
        frame.locator(".log"),
        [
            "window 375xh",
            "menu 87x32 right=368",
            "canIUse request=true teleport=false button=true",
            'teleport:fail API "wx.teleport" is not supported by the Miniport runtime',
            "clipboard copied text",
            "network known",
            "nextTick true",
            "storage 1 keys=k limit=10240",
            "getStorage:fail data not found",
        ],
    )


def test_host_hooks_and_animation(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = open_apis(page, serve_app)
    frame.locator("#login").click()
    expect_texts(
        frame.locator(".log"),
        [
            'login:fail not available in this host (the host app did not provide "login")',
            'getUserProfile:fail not available in this host (the host app did not provide "getUserProfile")',
        ],
    )
    frame.locator("#animate").click()
    frame.wait_for_function(
        "() => { const b = document.querySelector('.mp-page-body').shadowRoot.querySelector('#box');"
        " return getComputedStyle(b).transform.includes('40') && getComputedStyle(b).opacity === '0.5'; }"
    )
    assert texts(frame.locator("#box")) == ["box"]


def test_share_button_asks_the_page_and_tells_the_host(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = open_apis(page, serve_app)
    frame.locator("#share").click()
    expect_texts(frame.locator(".log"), ["share from button"])
    page.wait_for_function("window.__shared !== undefined")
    assert page.evaluate("window.__shared") == {
        "title": "Try these APIs",
        "path": "/pages/index/index?from=share",
    }
