"""picker (selector, multiSelector, time, date, region) and picker-view in real
Chromium: opening the bottom sheet, choosing rows with the mouse, wheel and keyboard,
and the change / columnchange / cancel events with WeChat's detail."""

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
mount, settle, events = harness.mount, harness.settle, harness.events

RECORD = {"wx-picker": ["change", "cancel", "columnchange"]}


def sheet(page, picker: str = "#p"):  # type: ignore[no-untyped-def]
    return page.locator(f"{picker} .sheet")


def wheel_texts(page, picker: str = "#p") -> list[str]:  # type: ignore[no-untyped-def]
    """The row under the indicator of each wheel, as the user reads it."""
    return page.evaluate(
        """s => [...document.querySelector(s).shadowRoot.querySelectorAll('.mp-wheel')]
        .map(w => w.getAttribute('aria-valuetext'))""",
        picker,
    )


def test_selector_picker_opens_sheet_and_confirms_tapped_row(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-picker id="p" range=\'["China","Japan","Korea","USA"]\' value="1"><wx-view id="shown">Pick a country</wx-view></wx-picker>',
        RECORD,
    )
    assert not sheet(hp).is_visible()
    hp.click("#shown")
    assert sheet(hp).is_visible()
    assert sheet(hp).get_attribute("role") == "dialog"
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelector('.mp-wheel')?.getAttribute('aria-valuetext') === 'Japan'"
    )
    assert hp.locator("#p .head .cancel").inner_text() == "取消"
    assert hp.locator("#p .head .confirm").inner_text() == "确定"
    hp.locator("#p .row", has_text="USA").click()
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelector('.mp-wheel').getAttribute('aria-valuetext') === 'USA'"
    )
    hp.locator("#p .head .confirm").click()
    assert not sheet(hp).is_visible()
    assert events(hp, "change")[0]["detail"] == {"value": 3}
    # Reopening shows the chosen row again.
    hp.click("#shown")
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelector('.mp-wheel')?.getAttribute('aria-valuetext') === 'USA'"
    )


def test_selector_picker_mouse_wheel_and_range_key(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-picker id="p" range-key="name"><span id="shown">open</span></wx-picker>', RECORD)
    hp.evaluate(
        "document.querySelector('#p').range = [{name:'red'},{name:'green'},{name:'blue'},{name:'cyan'}]"
    )
    hp.click("#shown")
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelector('.mp-wheel')?.getAttribute('aria-valuetext') === 'red'"
    )
    hp.locator("#p .mp-wheel").hover()
    hp.mouse.wheel(0, 34 * 2)
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelector('.mp-wheel').getAttribute('aria-valuetext') === 'blue'",
        timeout=3000,
    )
    hp.locator("#p .head .confirm").click()
    assert events(hp, "change")[0]["detail"] == {"value": 2}


def test_picker_cancel_by_button_backdrop_and_escape(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-picker id="p" range=\'["a","b"]\'><span id="shown">open</span></wx-picker>'
        '<wx-picker id="off" disabled range=\'["a"]\'><span id="off-shown">off</span></wx-picker>',
        RECORD,
    )
    hp.click("#shown")
    hp.locator("#p .head .cancel").click()
    hp.click("#shown")
    hp.mouse.click(5, 5)  # the dimmed backdrop
    hp.click("#shown")
    hp.keyboard.press("ArrowDown")
    hp.keyboard.press("Escape")
    assert not sheet(hp).is_visible()
    assert len(events(hp, "cancel")) == 3
    assert events(hp, "change") == []
    hp.click("#off-shown", force=True)
    assert not sheet(hp, "#off").is_visible()


def test_picker_keyboard_only(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<div lang="en"><wx-picker id="p" range=\'["a","b","c"]\'><span>open</span></wx-picker></div>',
        RECORD,
    )
    hp.focus("#p")
    hp.keyboard.press("Enter")
    assert sheet(hp).is_visible()
    assert hp.locator("#p .head .confirm").inner_text() == "OK"
    hp.keyboard.press("ArrowDown")
    hp.keyboard.press("ArrowDown")
    hp.keyboard.press("Shift+Tab")  # from the wheel back to the confirm button in the header
    hp.keyboard.press("Enter")
    assert events(hp, "change")[0]["detail"] == {"value": 2}
    # Focus returns to the picker.
    assert hp.evaluate("document.activeElement.id") == "p"


def test_multi_selector_columnchange_and_range_update_while_open(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-picker id="p" mode="multiSelector" value="[0,0]"><span id="shown">open</span></wx-picker>',
        RECORD,
    )
    hp.evaluate("""() => {
      const p = document.querySelector('#p');
      const cities = {fruit: ['apple', 'pear'], veg: ['kale', 'leek', 'okra']};
      p.range = [['fruit', 'veg'], cities.fruit];
      // What a page does in bindcolumnchange: replace the second column's items.
      p.addEventListener('columnchange', e => {
        if (e.detail.column === 0) p.range = [['fruit', 'veg'], e.detail.value ? cities.veg : cities.fruit];
      });
    }""")
    hp.click("#shown")
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel').length === 2"
    )
    hp.locator("#p .mp-wheel").nth(0).locator(".row", has_text="veg").click()
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel')[1].querySelectorAll('.row').length === 3"
    )
    hp.locator("#p .mp-wheel").nth(1).locator(".row", has_text="okra").click()
    hp.locator("#p .head .confirm").click()
    assert [e["detail"] for e in events(hp, "columnchange")] == [
        {"column": 0, "value": 1},
        {"column": 1, "value": 2},
    ]
    assert events(hp, "change")[0]["detail"] == {"value": [1, 2]}


def test_time_picker_respects_start_and_end(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-picker id="p" mode="time" value="09:30" start="09:15" end="18:45"><span id="shown">t</span></wx-picker>',
        RECORD,
    )
    hp.click("#shown")
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel').length === 2"
    )
    hp.wait_for_timeout(100)
    assert wheel_texts(hp) == ["09", "30"]
    hours = hp.locator("#p .mp-wheel").nth(0).locator(".row").all_inner_texts()
    assert hours[0] == "09" and hours[-1] == "18"
    minutes = hp.locator("#p .mp-wheel").nth(1).locator(".row").all_inner_texts()
    assert minutes[0] == "15"  # 09:00–09:14 are before start
    hp.locator("#p .mp-wheel").nth(0).locator(".row", has_text="18").click()
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel')[1].querySelectorAll('.row').length === 46"
    )
    hp.locator("#p .head .confirm").click()
    assert events(hp, "change")[0]["detail"] == {"value": "18:30"}


def test_date_picker_days_follow_month_and_fields(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-picker id="p" mode="date" value="2024-01-31" start="2020-01-01" end="2025-06-30"><span id="shown">d</span></wx-picker>'
        '<wx-picker id="m" mode="date" fields="month" value="2023-07"><span id="m-shown">m</span></wx-picker>',
        RECORD,
    )
    hp.click("#shown")
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel').length === 3"
    )
    hp.wait_for_timeout(100)
    assert wheel_texts(hp) == ["2024年", "01月", "31日"]
    hp.locator("#p .mp-wheel").nth(1).locator(".row", has_text="02月").click()
    # February 2024 has 29 days; the 31st becomes the 29th.
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel')[2].querySelectorAll('.row').length === 29"
    )
    hp.locator("#p .mp-wheel").nth(0).locator(".row", has_text="2025年").click()
    hp.wait_for_function(
        "document.querySelector('#p').shadowRoot.querySelectorAll('.mp-wheel')[1].querySelectorAll('.row').length === 6"
    )
    hp.locator("#p .head .confirm").click()
    assert events(hp, "change")[0]["detail"] == {"value": "2025-02-28"}
    hp.click("#m-shown")
    hp.wait_for_function(
        "document.querySelector('#m').shadowRoot.querySelectorAll('.mp-wheel').length === 2"
    )
    hp.locator("#m .head .confirm").click()
    assert events(hp, "change")[1]["detail"] == {"value": "2023-07"}


def test_region_picker_says_it_is_not_supported(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<wx-picker id="p" mode="region"><span id="shown">r</span></wx-picker>', RECORD)
    hp.click("#shown")
    assert "不支持" in hp.locator("#p .notice").inner_text()
    assert hp.locator("#p .head .confirm").is_disabled()
    hp.keyboard.press("Escape")
    assert len(events(hp, "cancel")) == 1


def test_picker_view_change_on_wheel_and_keyboard(hp) -> None:  # type: ignore[no-untyped-def]
    years = "".join(
        f'<wx-view style="height:40px;line-height:40px">{y}</wx-view>' for y in range(2000, 2010)
    )
    months = "".join(
        f'<wx-view style="height:40px;line-height:40px">{m}</wx-view>' for m in range(1, 13)
    )
    mount(
        hp,
        f"""<wx-picker-view id="pv" value="[2, 5]" indicator-style="height:40px" style="width:300px;height:200px">
        <wx-picker-view-column id="c0">{years}</wx-picker-view-column>
        <wx-picker-view-column id="c1">{months}</wx-picker-view-column></wx-picker-view>""",
        {"wx-picker-view": ["change", "pickstart", "pickend"]},
    )
    hp.wait_for_timeout(100)
    # The value rows sit under the centre of the view.
    center = hp.locator("#pv").bounding_box()
    mid = center["y"] + center["height"] / 2
    row = hp.locator("#c0 wx-view", has_text="2002").bounding_box()
    assert row["y"] < mid < row["y"] + row["height"]
    hp.locator("#c1").hover()
    hp.mouse.wheel(0, 80)
    hp.wait_for_function("window.events.some(e => e.type === 'change')", timeout=3000)
    assert events(hp, "change")[-1]["detail"] == {"value": [2, 7]}
    hp.locator("#c0 .mp-wheel").focus()
    hp.keyboard.press("ArrowDown")
    assert events(hp, "change")[-1]["detail"] == {"value": [3, 7]}
    assert hp.get_attribute("#c0 .mp-wheel", "aria-valuetext") == "2003"
    # Setting value from the page moves the wheels without a change event.
    n = len(events(hp, "change"))
    hp.evaluate("document.querySelector('#pv').value = [0, 0]")
    hp.wait_for_timeout(300)
    assert len(events(hp, "change")) == n
    row = hp.locator("#c0 wx-view", has_text="2000").bounding_box()
    assert row["y"] < mid < row["y"] + row["height"]


def test_picker_sheet_escapes_transformed_and_clipping_ancestors(hp) -> None:  # type: ignore[no-untyped-def]
    # Inside a swiper item (transformed) in a small clipped box, the sheet still covers
    # the bottom of the whole viewport, and the page behind it cannot be tapped.
    mount(
        hp,
        '<div style="transform: translateX(0); width: 200px; height: 60px; overflow: hidden; margin-top: 100px">'
        '<wx-picker id="p" range=\'["a","b"]\'><span id="shown">open</span></wx-picker></div>'
        '<button id="behind" onclick="window.tapped = true">behind</button>',
        RECORD,
    )
    hp.click("#shown")
    box = sheet(hp).bounding_box()
    viewport = hp.viewport_size
    assert box["width"] == pytest.approx(viewport["width"], abs=1)
    assert box["y"] + box["height"] == pytest.approx(viewport["height"], abs=1)
    hp.mouse.click(*(lambda b: (b["x"] + 5, b["y"] + 5))(hp.locator("#behind").bounding_box()))
    assert hp.evaluate("window.tapped") is None
    assert len(events(hp, "cancel")) == 1  # the tap landed on the backdrop instead


def test_default_language_set_by_the_view_layer(hp) -> None:  # type: ignore[no-untyped-def]
    hp.evaluate("async () => (await import('/runtime/components/index.js')).setDefaultLang('en')")
    mount(hp, '<wx-picker id="p" range=\'["a"]\'><span id="shown">open</span></wx-picker>', RECORD)
    hp.click("#shown")
    assert hp.locator("#p .head .cancel").inner_text() == "Cancel"
    hp.keyboard.press("Escape")
    hp.evaluate(
        "async () => (await import('/runtime/components/index.js')).setDefaultLang('zh-CN')"
    )
    hp.click("#shown")
    assert hp.locator("#p .head .cancel").inner_text() == "取消"


def test_picker_view_indicator_and_mask_class_come_from_page_styles(hp) -> None:  # type: ignore[no-untyped-def]
    hp.evaluate("""() => {
      const sheet = new CSSStyleSheet();
      // .mask is also a name the page may use for itself: it must not reach the wheel.
      sheet.replaceSync('.ind { background: rgb(0, 0, 255); } .fog { opacity: 0.25; } .mask { display: none; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }""")
    rows = "".join(f"<wx-view style='height:40px'>{i}</wx-view>" for i in range(5))
    mount(
        hp,
        f'<wx-picker-view id="pv" indicator-class="ind" mask-class="fog" style="height:200px">'
        f'<wx-picker-view-column id="c0">{rows}</wx-picker-view-column></wx-picker-view>',
    )
    style = "s => getComputedStyle(document.querySelector('#c0').shadowRoot.querySelector(s))"
    assert hp.evaluate(f"({style})('.mp-indicator').backgroundColor") == "rgb(0, 0, 255)"
    assert hp.evaluate(f"({style})('.mp-mask').opacity") == "0.25"
    assert hp.evaluate(f"({style})('.mp-mask').display") == "block"
