"""Custom components in the browser: relations, selectComponent with behaviors,
pageLifetimes, externalClasses, triggerEvent bubbling, model: on a component, and a page
written with Component().
"""

from __future__ import annotations

import pytest

from .conftest import expect_texts, shell

pytestmark = pytest.mark.browser


def test_relations_link_parent_and_children(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    expect_texts(frame.locator(".list-head"), ["2 linked"])
    expect_texts(frame.locator(".list-item"), ["a (parent yes)", "b (parent yes)"])
    frame.locator("#add-item").click()
    expect_texts(frame.locator(".list-head"), ["3 linked"])
    expect_texts(
        frame.locator(".list-item"), ["a (parent yes)", "b (parent yes)", "c (parent yes)"]
    )


def test_select_component_behaviors_and_page_lifetimes(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    expect_texts(frame.locator(".described"), ["loaded"])  # onLoad in a Component() page
    expect_texts(frame.locator(".counter"), ["clicks 0 · page shows 1 · behavior"])
    frame.locator("#bump").click()
    expect_texts(frame.locator(".described"), ["clicks:1"])  # describe() comes from the behavior
    frame.locator("#go-other").click()
    shell(page, ".back").click()
    expect_texts(frame.locator(".counter"), ["clicks 1 · page shows 2 · behavior"])


def test_external_classes_style_the_component(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    fancy = frame.locator("mp-fancy .fancy")
    fancy.wait_for()
    frame.wait_for_function(
        "() => { const f = document.querySelector('.mp-page-body').shadowRoot.querySelector('mp-fancy')"
        ".shadowRoot.querySelector('.fancy'); return f && getComputedStyle(f).color === 'rgb(255, 0, 0)'; }"
    )


def test_trigger_event_bubbling_and_model_on_a_component(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    frame.locator(".ping-local").click()
    frame.locator(".ping-composed").click()
    expect_texts(frame.locator(".pings"), ["bubbling;"])  # the non-bubbling one stops at the host
    expect_texts(frame.locator(".qty"), ["qty 1"])
    frame.locator(".plus").click()
    frame.locator(".plus").click()
    expect_texts(frame.locator(".qty"), ["qty 3"])  # the child's setData reached the page
    expect_texts(frame.locator(".stepper"), ["+ 3 (3)"])


def test_intersection_observer_and_event_channel(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    expect_texts(frame.locator(".seen"), ["far block seen: no"])
    frame.locator(".mp-page").first.evaluate("el => el.scrollTo(0, el.scrollHeight)")
    expect_texts(frame.locator(".seen"), ["far block seen: yes"])

    frame.locator("#open-channel").click()
    expect_texts(frame.locator('.mp-page[aria-hidden="false"] .welcome'), ["hi from index"])
    shell(page, ".back").click()
    expect_texts(frame.locator(".greeting"), ["other says hello"])


def test_lifecycle_order_matches_wechat(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("widgets").open(page)
    expect_texts(
        frame.locator(".order"),
        [
            "child created, child attached, page onLoad, page onShow, child page-show,"
            " child ready, page onReady"
        ],
    )
