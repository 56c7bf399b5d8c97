"""Built-in form controls in real Chromium: button, input, textarea, checkbox(-group),
radio(-group), switch, slider, form and label, driven by clicks and typing."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "components_harness", Path(__file__).parent / "components_harness" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with harness.serve() as url:
        yield url


@pytest.fixture
def hp(page, base_url):  # type: ignore[no-untyped-def]
    """The harness page, loaded and ready; fails the test on any page error."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/index.html")
    page.wait_for_function("window.harnessReady === true")
    yield page
    assert not errors, errors


def mount(page, html: str, record: dict[str, list[str]] | None = None) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("html => window.mount(html)", html)
    for selector, types in (record or {}).items():
        page.evaluate("([s, t]) => window.recordAll(s, ...t)", [selector, types])
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")


def events(page, type_: str | None = None) -> list[dict]:  # type: ignore[no-untyped-def]
    got = page.evaluate("() => window.events")
    return [e for e in got if type_ is None or e["type"] == type_]


# ---- input ---------------------------------------------------------------------


def test_input_typing_fires_input_with_wechat_detail_and_no_native_leak(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-input id="name" placeholder="Your name"></wx-input>',
          {"wx-input": ["input", "focus", "blur", "confirm"]})
    field = hp.locator("#name input")
    assert field.get_attribute("placeholder") == "Your name"
    field.click()
    hp.keyboard.type("ab")
    hp.keyboard.press("Enter")
    got = events(hp)
    assert all(e["custom"] for e in got), "a native event escaped the shadow root"
    inputs = [e["detail"] for e in got if e["type"] == "input"]
    assert inputs == [
        {"value": "a", "cursor": 1, "keyCode": 65},
        {"value": "ab", "cursor": 2, "keyCode": 66},
    ]
    assert events(hp, "focus")[0]["detail"]["value"] == ""
    assert events(hp, "confirm")[0]["detail"] == {"value": "ab"}
    # confirm without confirm-hold blurs the field.
    assert events(hp, "blur")[0]["detail"] == {"value": "ab", "cursor": 2}
    assert not got[0]["bubbles"]


def test_input_number_type_maxlength_and_password(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-input id="n" type="number" maxlength="4"></wx-input><wx-input id="p" password></wx-input>')
    hp.locator("#n input").click()
    hp.keyboard.type("1a2b345")
    assert hp.locator("#n input").input_value() == "1234"
    assert hp.locator("#p input").get_attribute("type") == "password"


def test_input_value_property_and_handler_replacement(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-input id="i"></wx-input>')
    hp.evaluate("document.querySelector('#i').value = 'from page'")
    hp.wait_for_function("document.querySelector('#i').shadowRoot.querySelector('input').value === 'from page'")
    # The page's bindinput handler returned an upper-cased value: the view layer applies it.
    hp.locator("#i input").click()
    hp.keyboard.press("End")
    hp.keyboard.type("x")
    hp.evaluate("document.querySelector('#i').replaceValue('FROM PAGEX')")
    assert hp.locator("#i input").input_value() == "FROM PAGEX"


def test_textarea_auto_height_grows_and_reports_linechange(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-textarea id="t" auto-height style="width:200px"></wx-textarea>',
          {"wx-textarea": ["input", "linechange"]})
    before = hp.locator("#t").bounding_box()["height"]
    hp.locator("#t textarea").click()
    hp.keyboard.type("one")
    hp.keyboard.press("Enter")
    hp.keyboard.type("two")
    hp.keyboard.press("Enter")
    hp.keyboard.type("three")
    after = hp.locator("#t").bounding_box()["height"]
    assert after > before * 2
    changes = events(hp, "linechange")
    assert [c["detail"]["lineCount"] for c in changes] == [2, 3]
    assert events(hp, "input")[-1]["detail"]["value"] == "one\ntwo\nthree"
