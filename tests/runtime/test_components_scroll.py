"""scroll-view and swiper in real Chromium: wheel scrolling, programmatic positions,
scroll-into-view, edge events, swiping with the mouse, autoplay, circular and dots."""

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

ROWS = "".join(f'<wx-view id="row{i}" style="height:50px">row {i}</wx-view>' for i in range(40))


def scroll_top(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "s => document.querySelector(s).shadowRoot.querySelector('.scroller').scrollTop", selector
    )


def test_scroll_view_wheel_fires_scroll_with_detail_and_lower_edge(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        f'<wx-scroll-view id="sv" scroll-y lower-threshold="60" style="height:300px">{ROWS}</wx-scroll-view>',
        {"wx-scroll-view": ["scroll", "scrolltolower", "scrolltoupper"]},
    )
    hp.locator("#sv").hover()
    hp.mouse.wheel(0, 400)
    hp.wait_for_function("window.events.some(e => e.type === 'scroll')")
    hp.wait_for_timeout(300)
    scrolls = events(hp, "scroll")
    assert all(e["custom"] for e in scrolls)  # no native scroll reaches the view layer
    last = scrolls[-1]["detail"]
    assert set(last) == {
        "scrollLeft",
        "scrollTop",
        "scrollHeight",
        "scrollWidth",
        "deltaX",
        "deltaY",
    }
    assert last["scrollHeight"] == 2000
    assert last["scrollTop"] == pytest.approx(400, abs=1)
    assert sum(e["detail"]["deltaY"] for e in scrolls) == pytest.approx(400, abs=1)
    assert events(hp, "scrolltolower") == []
    hp.mouse.wheel(0, 1300)  # 1700 of 1700: the bottom
    hp.wait_for_function("window.events.some(e => e.type === 'scrolltolower')")
    assert events(hp, "scrolltolower")[0]["detail"] == {"direction": "bottom"}
    hp.mouse.wheel(0, -1700)
    hp.wait_for_function("window.events.some(e => e.type === 'scrolltoupper')")
    assert len(events(hp, "scrolltolower")) == 1


def test_scroll_view_scroll_top_and_scroll_into_view(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, f'<wx-scroll-view id="sv" scroll-y style="height:300px">{ROWS}</wx-scroll-view>')
    hp.evaluate("document.querySelector('#sv').scrollTop = 250")
    hp.wait_for_function(
        "document.querySelector('#sv').shadowRoot.querySelector('.scroller').scrollTop === 250"
    )
    hp.evaluate("document.querySelector('#sv').scrollIntoView = 'row30'")
    hp.wait_for_function(
        "document.querySelector('#sv').shadowRoot.querySelector('.scroller').scrollTop === 1500"
    )
    # The row is now at the top of the visible box.
    sv, row = hp.locator("#sv").bounding_box(), hp.locator("#row30").bounding_box()
    assert row["y"] == pytest.approx(sv["y"], abs=1)


def test_scroll_view_horizontal(hp) -> None:  # type: ignore[no-untyped-def]
    cells = "".join(
        f'<wx-view id="c{i}" style="display:inline-block;width:100px">c{i}</wx-view>'
        for i in range(20)
    )
    mount(
        hp,
        f'<wx-scroll-view id="h" scroll-x style="width:300px;white-space:nowrap">{cells}</wx-scroll-view>',
        {"wx-scroll-view": ["scroll"]},
    )
    hp.evaluate("document.querySelector('#h').scrollLeft = 500")
    hp.wait_for_function("window.events.some(e => e.type === 'scroll')")
    assert events(hp, "scroll")[-1]["detail"]["scrollLeft"] == 500
    # Without scroll-y the vertical axis does not scroll.
    assert scroll_top(hp, "#h") == 0


SLIDES = """
<wx-swiper id="sw" {attrs} style="width:400px;height:200px">
  <wx-swiper-item id="i0" item-id="a"><wx-view>A</wx-view></wx-swiper-item>
  <wx-swiper-item id="i1" item-id="b"><wx-view>B</wx-view></wx-swiper-item>
  <wx-swiper-item id="i2" item-id="c"><wx-view>C</wx-view></wx-swiper-item>
</wx-swiper>"""


def visible_item(page) -> str:  # type: ignore[no-untyped-def]
    """The id of the item whose box sits on the swiper's box."""
    return page.evaluate("""() => {
      const sw = document.querySelector('#sw').getBoundingClientRect();
      const hit = [...document.querySelectorAll('wx-swiper-item')].find(it => {
        const r = it.getBoundingClientRect();
        return Math.abs(r.left - sw.left) < 2 && Math.abs(r.top - sw.top) < 2;
      });
      return hit ? hit.id : null;
    }""")


def drag(page, dx: float, dy: float = 0, slow: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Drags across the swiper; `slow` keeps the speed under a flick's."""
    b = page.locator("#sw").bounding_box()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    if slow:
        page.wait_for_timeout(400)
    page.mouse.move(x + dx, y + dy, steps=4)
    if slow:
        page.wait_for_timeout(400)
    page.mouse.up()


def test_swiper_drag_changes_item_with_touch_source_and_dots(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        SLIDES.format(attrs='indicator-dots duration="100"'),
        {"wx-swiper": ["change", "animationfinish", "transition"]},
    )
    assert visible_item(hp) == "i0"
    drag(hp, -300)
    hp.wait_for_function("window.events.some(e => e.type === 'animationfinish')")
    hp.wait_for_timeout(150)
    assert visible_item(hp) == "i1"
    assert events(hp, "change")[0]["detail"] == {
        "current": 1,
        "currentItemId": "b",
        "source": "touch",
    }
    assert events(hp, "transition")
    dots = hp.evaluate(
        "[...document.querySelector('#sw').shadowRoot.querySelectorAll('.dot')].map(d => d.hasAttribute('data-active'))"
    )
    assert dots == [False, True, False]
    # A short, slow drag springs back (a short fast flick would move on).
    drag(hp, -60, slow=True)
    hp.wait_for_timeout(300)
    assert visible_item(hp) == "i1"
    # Not circular: dragging right past the first item stays on the first.
    drag(hp, 300)
    drag(hp, 300)
    hp.wait_for_timeout(300)
    assert visible_item(hp) == "i0"
    assert [e["detail"]["current"] for e in events(hp, "change")] == [1, 0]


def test_swiper_circular_wraps_and_current_property_moves_silently(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, SLIDES.format(attrs='circular duration="50"'), {"wx-swiper": ["change"]})
    drag(hp, 300)  # backwards from the first item wraps to the last
    hp.wait_for_timeout(300)
    assert visible_item(hp) == "i2"
    assert events(hp, "change")[0]["detail"]["current"] == 2
    hp.evaluate("document.querySelector('#sw').current = 1")
    hp.wait_for_timeout(300)
    assert visible_item(hp) == "i1"
    assert len(events(hp, "change")) == 1  # the page's own change is not reported back
    hp.focus("#sw")
    hp.keyboard.press("ArrowRight")
    hp.keyboard.press("ArrowRight")
    hp.wait_for_timeout(300)
    assert visible_item(hp) == "i0"


def test_swiper_autoplay_and_vertical(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        SLIDES.format(attrs='autoplay interval="200" duration="20" vertical'),
        {"wx-swiper": ["change"]},
    )
    hp.wait_for_function("window.events.filter(e => e.type === 'change').length >= 3", timeout=3000)
    got = [e["detail"] for e in events(hp, "change")[:3]]
    # Without circular, autoplay goes back to the first item after the last.
    assert [d["current"] for d in got] == [1, 2, 0]
    assert {d["source"] for d in got} == {"autoplay"}
    # Vertical: the next item sits below, not beside.
    mount(hp, SLIDES.format(attrs='vertical duration="20"'))
    hp.wait_for_timeout(100)
    sw, nxt = hp.locator("#sw").bounding_box(), hp.locator("#i1").bounding_box()
    assert nxt["y"] == pytest.approx(sw["y"] + sw["height"], abs=2)
    assert nxt["x"] == pytest.approx(sw["x"], abs=2)


def test_scroll_view_enable_flex_lays_children_out_with_the_page_flex_settings(hp) -> None:  # type: ignore[no-untyped-def]
    def cells(prefix: str) -> str:
        return "".join(
            f'<wx-view id="{prefix}{i}" style="width:80px;flex:none">{i}</wx-view>'
            for i in range(8)
        )

    flex = "display:flex;flex-direction:row;width:300px"
    mount(
        hp,
        f'<wx-scroll-view id="fx" scroll-x enable-flex style="{flex}">{cells("f")}</wx-scroll-view>'
        f'<wx-scroll-view id="nf" scroll-x style="{flex}">{cells("n")}</wx-scroll-view>',
    )
    a, b = hp.locator("#f0").bounding_box(), hp.locator("#f1").bounding_box()
    assert b["x"] == pytest.approx(a["x"] + 80, abs=1)
    assert b["y"] == pytest.approx(a["y"], abs=1)
    # Without enable-flex, as in WeChat, the children stay blocks stacked downwards.
    a, b = hp.locator("#n0").bounding_box(), hp.locator("#n1").bounding_box()
    assert b["y"] > a["y"]
