"""Built-in components inside Miniport's real runtime: a small mini-program run by the
`miniport dev` simulator, driven as a user would. Proves the components and the view
layer agree on properties and events: form submit reaches the page's handler with the
values, setData updates the components, the picker's choice comes back to the page,
wx.showModal / wx.showToast are drawn by the host and resolve, navigator navigates."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

_spec = importlib.util.spec_from_file_location(
    "components_harness", Path(__file__).parent / "components_harness" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser

INDEX_WXML = """
<form bindsubmit="onSubmit" bindreset="onReset">
  <input id="user" name="user" value="{{user}}" placeholder="Name" />
  <switch id="agree" name="agree" checked="{{agree}}" />
  <picker id="fruit" name="fruit" range="{{fruits}}" value="{{fruit}}" bindchange="onPick">
    <view class="picked">Fruit: {{fruits[fruit]}}</view>
  </picker>
  <checkbox-group name="tags"><checkbox id="ta" value="a" checked />A <checkbox id="tb" value="b" />B</checkbox-group>
  <button id="submit" form-type="submit" type="primary">Submit</button>
  <button id="reset" form-type="reset">Reset</button>
</form>
<view id="out">{{out}}</view>
<input id="fast" model:value="{{draft}}" />
<swiper id="sw" current="{{cur}}" bindchange="onSwipe" style="height:80px">
  <swiper-item><view>s0</view></swiper-item><swiper-item><view>s1</view></swiper-item>
  <swiper-item><view>s2</view></swiper-item><swiper-item><view>s3</view></swiper-item>
</swiper>
<view id="cur">{{cur}}</view>
<button id="first" bindtap="first">First</button>
<view id="draft">{{draft}}</view>
<button id="ask" bindtap="ask">Ask</button>
<button id="toast" bindtap="toast">Toast</button>
<navigator id="nav" url="/pages/two/two?from=index">Go to two</navigator>
"""

INDEX_JS = """
Page({
  data: { user: 'ann', agree: false, fruits: ['apple', 'pear', 'plum'], fruit: 0, out: '', draft: '', cur: 0 },
  onSubmit(e) { this.setData({ out: 'submit ' + JSON.stringify(e.detail.value) }); },
  onReset() { this.setData({ out: 'reset' }); },
  onPick(e) { this.setData({ fruit: e.detail.value }); },
  ask() {
    wx.showModal({ title: 'Delete?', content: 'This cannot be undone' })
      .then((r) => this.setData({ out: 'modal confirm=' + r.confirm }));
  },
  toast() { wx.showToast({ title: 'Saved', icon: 'success' }); },
  onSwipe(e) { this.setData({ cur: e.detail.current }); },
  first() { this.setData({ cur: 0 }); },
});
"""


@pytest.fixture
def simulator(page, tmp_path):  # type: ignore[no-untyped-def]
    src = tmp_path / "app"
    (src / "pages/index").mkdir(parents=True)
    (src / "pages/two").mkdir(parents=True)
    (src / "app.json").write_text(
        json.dumps(
            {
                "pages": ["pages/index/index", "pages/two/two"],
                "window": {"navigationBarTitleText": "Forms"},
            }
        )
    )
    (src / "app.js").write_text("App({})\n")
    (src / "pages/index/index.wxml").write_text(INDEX_WXML)
    (src / "pages/index/index.js").write_text(INDEX_JS)
    (src / "pages/two/two.wxml").write_text('<view id="two">Page two from {{from}}</view>\n')
    (src / "pages/two/two.js").write_text(
        "Page({ data: { from: '' }, onLoad(q) { this.setData({ from: q.from }); } })\n"
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with harness.serve_miniprogram(src, tmp_path / "cache") as url:
        frame = harness.open_simulator(page, url)
        frame.locator("#submit").wait_for()
        yield page, frame
    assert not errors, errors


def test_form_submit_reaches_the_page_with_every_value(simulator) -> None:  # type: ignore[no-untyped-def]
    page, frame = simulator
    assert frame.locator("#user input").input_value() == "ann"
    frame.locator("#user input").fill("bob")
    frame.locator("#agree").click()
    frame.locator("#tb").click()
    frame.locator("#submit").click()
    out = frame.locator("#out")
    expect(out).to_have_text('submit {"user":"bob","agree":true,"fruit":0,"tags":["a","b"]}')
    frame.locator("#reset").click()
    expect(out).to_have_text("reset")
    assert frame.locator("#user input").input_value() == "ann"
    assert frame.locator("#agree").get_attribute("aria-checked") == "false"


def test_picker_choice_returns_to_the_page_and_rerenders(simulator) -> None:  # type: ignore[no-untyped-def]
    page, frame = simulator
    expect(frame.locator(".picked")).to_have_text("Fruit: apple")
    frame.locator(".picked").click()
    sheet = frame.locator("#fruit .sheet")
    expect(sheet).to_be_visible()
    frame.locator("#fruit .row", has_text="plum").click()
    frame.locator("#fruit .head .confirm").click()
    expect(frame.locator(".picked")).to_have_text("Fruit: plum")
    frame.locator("#submit").click()
    expect(frame.locator("#out")).to_contain_text('"fruit":2')


def test_modal_and_toast_are_drawn_by_the_host(simulator) -> None:  # type: ignore[no-untyped-def]
    page, frame = simulator
    frame.locator("#ask").click()
    dialog = page.locator("[role=dialog]")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("This cannot be undone")
    dialog.locator("[data-action=confirm]").click()
    expect(frame.locator("#out")).to_have_text("modal confirm=true")
    frame.locator("#toast").click()
    expect(page.locator("[role=status]", has_text="Saved")).to_be_visible()


def test_navigator_opens_the_page_with_its_query(simulator) -> None:  # type: ignore[no-untyped-def]
    page, frame = simulator
    frame.locator("#nav").click()
    expect(frame.locator("#two")).to_have_text("Page two from index")


def test_fast_typing_with_model_value_loses_no_characters(simulator) -> None:  # type: ignore[no-untyped-def]
    # model:value echoes each keystroke back a round trip later; the echo of "hel" must
    # not overwrite "hello" typed in the meantime.
    page, frame = simulator
    frame.locator("#fast input").click()
    text = "the quick brown fox jumps over the lazy dog"
    page.keyboard.type(text)
    expect(frame.locator("#draft")).to_have_text(text)
    assert frame.locator("#fast input").input_value() == text


def test_swiper_bound_to_page_data_follows_quick_swipes_and_page_changes(simulator) -> None:  # type: ignore[no-untyped-def]
    # bindchange → setData({cur}) echoes each move; quick moves must not be pulled back.
    page, frame = simulator
    frame.locator("#sw").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(frame.locator("#cur")).to_have_text("3")
    page.wait_for_timeout(800)
    assert shown_slide(frame) == "s3"
    # The page moving it is applied.
    frame.locator("#first").click()
    expect(frame.locator("#cur")).to_have_text("0")
    page.wait_for_timeout(800)
    assert shown_slide(frame) == "s0"


def shown_slide(frame) -> str:  # type: ignore[no-untyped-def]
    """The text of the swiper item that sits where the swiper is."""
    box = frame.locator("#sw").bounding_box()
    for item in frame.locator("#sw wx-swiper-item").all():
        b = item.bounding_box()
        if abs(b["x"] - box["x"]) < 2:
            return item.inner_text()
    return ""
