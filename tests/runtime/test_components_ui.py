"""Host-side UI of wx.showToast / showLoading / showModal / showActionSheet in real
Chromium: what the user sees, what the promise resolves to, keyboard and focus."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "components_harness", Path(__file__).parent / "components_harness" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser
harness_url, hp = harness.harness_url, harness.hp
mount = harness.mount

BOX = '<div id="box" style="position:relative;width:375px;height:600px"><button id="before">before</button></div>'


def call(page, api: str, options: dict, env: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """Starts ui.<api>(box, options, env); its outcome lands in window.outcome."""
    page.evaluate(
        """([api, options, env]) => {
          window.outcome = undefined;
          window.ui[api](document.querySelector('#box'), options, env || {}).then(
            r => { window.outcome = {ok: r}; }, e => { window.outcome = {fail: e}; });
        }""",
        [api, options, env],
    )


def outcome(page):  # type: ignore[no-untyped-def]
    page.wait_for_function("window.outcome !== undefined")
    return page.evaluate("window.outcome")


def test_toast_shows_title_and_icon_then_hides_after_duration(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showToast", {"title": "已保存", "duration": 800})
    assert outcome(hp) == {"ok": {"errMsg": "showToast:ok"}}
    toast = hp.locator("#box [role=status]")
    assert toast.inner_text() == "已保存"
    assert toast.get_attribute("aria-live") == "polite"
    assert toast.locator("svg").count() == 1
    hp.wait_for_timeout(1000)
    assert toast.count() == 0


def test_toast_none_icon_mask_and_replacement(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showToast", {"title": "first", "icon": "none", "mask": True, "duration": 5000})
    toast = hp.locator("#box [role=status]")
    assert toast.locator("svg").count() == 0
    # The mask blocks taps on what is underneath.
    hp.evaluate(
        "() => { document.querySelector('#before').onclick = () => { window.tapped = true }; }"
    )
    hp.mouse.click(*centre(hp, "#before"))
    assert hp.evaluate("window.tapped") is None
    call(hp, "showToast", {"title": "second", "icon": "error"})
    assert toast.count() == 1 and toast.inner_text() == "second"
    hp.evaluate("window.ui.hideToast(document.querySelector('#box'))")
    assert toast.count() == 0


def test_loading_stays_until_hidden(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showLoading", {"title": "加载中"})
    assert outcome(hp) == {"ok": {"errMsg": "showLoading:ok"}}
    hp.wait_for_timeout(1700)  # longer than a toast's default 1500 ms
    loading = hp.locator("#box [role=status]")
    assert loading.inner_text() == "加载中"
    assert loading.locator("svg.spinner").count() == 1
    hp.evaluate("window.ui.hideLoading(document.querySelector('#box'))")
    assert loading.count() == 0


def centre(page, selector: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    b = page.locator(selector).bounding_box()
    return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2


def test_modal_confirm_and_cancel_with_default_chinese_texts(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    hp.focus("#before")
    call(hp, "showModal", {"title": "删除", "content": "确定删除这条记录吗？"})
    dialog = hp.locator("#box [role=dialog]")
    assert dialog.get_attribute("aria-modal") == "true"
    assert hp.locator("#box h2").inner_text() == "删除"
    assert "确定删除这条记录吗？" in dialog.inner_text()
    buttons = dialog.locator("button")
    assert buttons.all_inner_texts() == ["取消", "确定"]
    # Focus moved into the dialog, onto the confirm button.
    assert (
        hp.evaluate(
            "document.querySelector('#box [data-mp-ui]').shadowRoot.activeElement.dataset.action"
        )
        == "confirm"
    )
    dialog.get_by_role("button", name="确定").click()
    assert outcome(hp) == {"ok": {"errMsg": "showModal:ok", "confirm": True, "cancel": False}}
    assert dialog.count() == 0
    assert hp.evaluate("document.activeElement.id") == "before"  # focus went back
    call(hp, "showModal", {"title": "x", "cancelText": "不了", "confirmColor": "#ff0000"})
    assert hp.locator("#box [role=dialog] button").all_inner_texts() == ["不了", "确定"]
    hp.locator("#box [role=dialog] button").first.click()
    assert outcome(hp)["ok"]["cancel"] is True


def test_modal_escape_cancels_english_texts_and_no_cancel_button(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showModal", {"content": "Sure?"}, {"lang": "en"})
    assert hp.locator("#box [role=dialog] button").all_inner_texts() == ["Cancel", "OK"]
    hp.keyboard.press("Escape")
    assert outcome(hp) == {"ok": {"errMsg": "showModal:ok", "confirm": False, "cancel": True}}
    call(hp, "showModal", {"content": "Only OK", "showCancel": False}, {"lang": "en"})
    assert hp.locator("#box [role=dialog] button").all_inner_texts() == ["OK"]
    hp.keyboard.press("Escape")  # nothing to cancel: still open
    assert hp.locator("#box [role=dialog]").count() == 1
    hp.keyboard.press("Enter")
    assert outcome(hp)["ok"]["confirm"] is True


def test_modal_editable_returns_typed_content_and_tab_stays_inside(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(
        hp,
        "showModal",
        {"title": "Rename", "editable": True, "placeholderText": "New name", "content": "old"},
    )
    field = hp.locator("#box [role=dialog] textarea")
    assert field.get_attribute("placeholder") == "New name"
    hp.keyboard.press("Control+A")
    hp.keyboard.type("new name")
    for _ in range(5):
        hp.keyboard.press("Tab")
        inside = hp.evaluate("document.activeElement.hasAttribute('data-mp-ui')")
        assert inside, "focus left the dialog"
    field.click()
    hp.locator("#box [role=dialog] [data-action=confirm]").click()
    assert outcome(hp) == {
        "ok": {"errMsg": "showModal:ok", "confirm": True, "cancel": False, "content": "new name"}
    }


def test_action_sheet_tap_index_cancel_and_limits(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showActionSheet", {"itemList": ["拍照", "从相册选择"], "itemColor": "#ff0000"})
    sheet = hp.locator("#box [role=dialog]")
    assert sheet.locator("button").all_inner_texts() == ["拍照", "从相册选择", "取消"]
    color = hp.evaluate(
        "getComputedStyle(document.querySelector('#box [data-mp-ui]').shadowRoot.querySelector('[data-index=\"1\"]')).color"
    )
    assert color == "rgb(255, 0, 0)"
    sheet.get_by_text("从相册选择").click()
    assert outcome(hp) == {"ok": {"errMsg": "showActionSheet:ok", "tapIndex": 1}}
    # Cancel by button, by tapping outside, by Escape: each rejects with WeChat's errMsg.
    for how in ("button", "mask", "escape"):
        call(hp, "showActionSheet", {"itemList": ["a"]}, {"lang": "en"})
        if how == "button":
            hp.locator("#box [role=dialog]").get_by_text("Cancel").click()
        elif how == "mask":
            hp.mouse.click(*centre(hp, "#before"))
        else:
            hp.keyboard.press("Escape")
        assert outcome(hp) == {"fail": {"errMsg": "showActionSheet:fail cancel"}}, how
    call(hp, "showActionSheet", {"itemList": list("abcdefg")})
    assert "should not be large than 6" in outcome(hp)["fail"]["errMsg"]
    assert hp.locator("#box [role=dialog]").count() == 0


def test_action_sheet_keyboard(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, BOX)
    call(hp, "showActionSheet", {"itemList": ["one", "two", "three"]})
    hp.keyboard.press("Tab")
    hp.keyboard.press("Tab")
    hp.keyboard.press("Enter")
    assert outcome(hp) == {"ok": {"errMsg": "showActionSheet:ok", "tapIndex": 2}}
