"""A bindinput handler's return value replaces the field's text, as in WeChat: a
mini-program in the simulator filters a phone number as it is typed, upper-cases a
textarea inside a component, and leaves fields whose handler returns nothing alone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import expect_texts

pytestmark = pytest.mark.browser


def test_returned_value_replaces_typed_phone_number(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("input-filter").open(page)
    phone = frame.locator("#phone input")
    phone.click()
    # Typed key by key at full speed: answers to earlier keys arrive while later keys
    # are typed, and none of them may cost a digit.
    phone.press_sequentially("13a8-0013 8000x")
    expect(phone).to_have_value("13800138000")
    # The cursor stays at the end, so the next keys go after the number; past 11 digits
    # the handler cuts them off.
    phone.press_sequentially("9z")
    expect(phone).to_have_value("13800138000")
    phone.press("Backspace")
    phone.press_sequentially("7")
    expect(phone).to_have_value("13800138007")


def test_handler_returning_nothing_keeps_typed_text(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("input-filter").open(page)
    name = frame.locator("#name input")
    name.click()
    name.press_sequentially("Li Lei 2nd-x")
    expect_texts(frame.locator(".name-echo"), ["Name: Li Lei 2nd-x"])
    expect(name).to_have_value("Li Lei 2nd-x")


def test_returned_value_with_model_binding_updates_page_data(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("input-filter").open(page)
    code = frame.locator("#code input")
    code.click()
    code.press_sequentially("ab-c9")
    expect(code).to_have_value("AB-C9")
    # model:value writes back what the field shows, not what was typed.
    expect_texts(frame.locator(".code-echo"), ["Code: AB-C9"])
    code.press_sequentially("z")
    expect(code).to_have_value("AB-C9Z")
    expect_texts(frame.locator(".code-echo"), ["Code: AB-C9Z"])


def test_textarea_in_component_takes_returned_value_and_cursor(page, serve_app) -> None:  # type: ignore[no-untyped-def]
    frame = serve_app("input-filter").open(page)
    area = frame.locator("#shout textarea")
    area.click()
    area.press_sequentially("hello world")
    expect(area).to_have_value("HELLO WORLD")
    # Typing in the middle: the returned cursor keeps the caret where the user was.
    area.press("Home")
    area.press_sequentially("oh ")
    expect(area).to_have_value("OH HELLO WORLD")
