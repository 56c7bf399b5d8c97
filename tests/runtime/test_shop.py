"""The shop example: tabBar and the page stack, pull-down refresh, reach-bottom, page
scroll, bind/catch event propagation with target and currentTarget, selector queries.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import expect_texts, shell

pytestmark = pytest.mark.browser


def title(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#mp").evaluate("el => el.shadowRoot.querySelector('.nav h1').textContent")


def wait_title(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "t => document.querySelector('#mp').shadowRoot.querySelector('.nav h1').textContent === t",
        arg=text,
    )


def visible_page(frame):  # type: ignore[no-untyped-def]
    """Locator scope of the page the user sees (others stay in the DOM, hidden)."""
    return frame.locator('.mp-page[aria-hidden="false"]')


def test_tabbar_navigation_stack_and_badge(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    tabs = shell(page, ".tab")
    expect(tabs).to_have_count(2)
    expect(tabs.nth(0)).to_have_attribute("aria-selected", "true")
    home = visible_page(frame)
    expect_texts(home.locator(".visits"), ["· shown 1"])

    home.locator("#p3").click()
    wait_title(page, "Item 3")
    item = visible_page(frame)
    expect_texts(item.locator(".item"), ["Item 3"])
    expect_texts(item.locator(".depth"), ["depth 2"])
    assert not shell(page, ".tabbar").is_visible(), "a non-tab page has no tabBar"
    assert shell(page, ".back").is_visible()

    item.locator("#bad-nav").click()
    expect_texts(
        item.locator(".nav-error"), ['navigateTo:fail page "pages/missing/missing" is not found']
    )

    item.locator("#add-to-cart").click()
    page.locator("#mp").get_by_text("Added").wait_for()
    item.locator("#next").click()
    wait_title(page, "Item 4")
    expect_texts(visible_page(frame).locator(".depth"), ["depth 2"])  # redirect replaced the page

    visible_page(frame).locator("#go-cart").click()
    expect_texts(visible_page(frame).locator(".cart"), ["Cart has 1 items"])
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(1).locator(".badge")).to_have_text("1")
    assert not shell(page, ".back").is_visible()

    # Back to the Home tab: the tab page was kept alive and shown again.
    tabs.nth(0).click()
    expect_texts(visible_page(frame).locator(".visits"), ["· shown 2"])
    assert frame.locator(".mp-page").count() == 2, "home and cart tab pages, nothing else"


def test_bind_and_catch_propagation(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    frame.locator("#inner").click()
    # inner binds (bubbles) → middle catches (stops): outer never hears it
    expect_texts(frame.locator(".tap-log"), ["inner<inner middle<inner"])
    frame.locator("#sibling").click()
    expect_texts(
        frame.locator(".tap-log"), ["inner<inner middle<inner sibling<sibling outer<sibling"]
    )


def test_selector_query_measures_an_element(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    frame.locator("#measure").click()
    # 200rpx on a 375px-wide device is 100px
    expect_texts(frame.locator(".hero-height"), ["hero 100px"])


def test_reach_bottom_loads_more_and_page_scroll_reports(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    expect_texts(frame.locator(".footer"), ["20 products"])
    frame.locator(".mp-page").first.evaluate("el => el.scrollTo(0, el.scrollHeight)")
    expect_texts(frame.locator(".footer"), ["30 products"])
    expect_texts(frame.locator(".scroll"), ["· scrolled down"])


def test_pull_down_refresh_by_dragging(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    box = page.locator("#mp").bounding_box()
    assert box is not None
    x = box["x"] + box["width"] / 2
    y = box["y"] + 120
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x, y + step * 25)
    page.mouse.up()
    expect_texts(frame.locator(".refreshes"), ["refreshed 1"])
    # stopPullDownRefresh closed the indicator again
    frame.wait_for_function("() => document.querySelector('.mp-refresh').style.height === '0px'")


def test_hover_class_while_pressed(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    product = frame.locator("#p2")
    box = product.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 10, box["y"] + 10)
    page.mouse.down()
    expect(product).to_have_class("product pressed")
    # moving away cancels the tap but the press feedback ends on release
    page.mouse.move(box["x"] + 300, box["y"] + 10)
    page.mouse.up()
    expect(product).to_have_class("product")


def test_page_scroll_to_and_start_pull_down_refresh(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    scroller = frame.locator(".mp-page").first
    frame.locator("#to-p15").click()
    frame.wait_for_function(
        "() => { const s = document.querySelector('.mp-page'); const p = s.querySelector('.mp-page-body')"
        ".shadowRoot.querySelector('#p15'); return Math.abs(p.getBoundingClientRect().top) < 2; }"
    )
    frame.locator("#to-top").click()
    frame.wait_for_function("() => document.querySelector('.mp-page').scrollTop === 0")
    assert scroller.evaluate("el => el.scrollTop") == 0
    frame.locator("#refresh").click()
    expect_texts(frame.locator(".refreshes"), ["refreshed 1"])


def test_navigate_back_by_delta_and_relaunch(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("shop").open(page)
    visible_page(frame).locator("#p2").click()
    wait_title(page, "Item 2")
    visible_page(frame).locator("#deeper").click()
    wait_title(page, "Item 20")
    expect_texts(visible_page(frame).locator(".depth"), ["depth 3"])
    visible_page(frame).locator("#back2").click()
    wait_title(page, "Shop")
    expect_texts(visible_page(frame).locator(".visits"), ["· shown 2"])
    assert frame.locator(".mp-page").count() == 1

    visible_page(frame).locator("#p5").click()
    wait_title(page, "Item 5")
    visible_page(frame).locator("#relaunch").click()
    wait_title(page, "Shop")
    # a fresh home page: shown once, no back button, tabBar back
    expect_texts(visible_page(frame).locator(".visits"), ["· shown 1"])
    assert not shell(page, ".back").is_visible()
    assert shell(page, ".tabbar").is_visible()
