"""Display built-ins in real Chromium: view, text, image, icon, progress, rich-text
(sanitized), web-view and navigator, checked by what a user sees and what fires."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import quote

import pytest

_spec = importlib.util.spec_from_file_location(
    "components_harness", Path(__file__).parent / "components_harness" / "harness.py"
)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser
harness_url, hp = harness.harness_url, harness.hp
mount, settle, events, requests = harness.mount, harness.settle, harness.events, harness.requests
flat_text = harness.flat_text

# A 200×100 picture, left half red and right half blue.
PICTURE = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<rect width="100" height="100" fill="red"/><rect x="100" width="100" height="100" fill="blue"/></svg>'
)


def box(page, selector: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    b = page.locator(selector).bounding_box()
    return round(b["width"]), round(b["height"])


def test_view_is_a_block_and_hidden_hides(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-view id="a">one</wx-view><wx-view id="b">two</wx-view><wx-view id="h" hidden>gone</wx-view>',
    )
    a, b = hp.locator("#a").bounding_box(), hp.locator("#b").bounding_box()
    assert b["y"] >= a["y"] + a["height"]  # stacked, not inline
    assert not hp.locator("#h").is_visible()


def test_text_decode_space_and_selectable(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-text id="d" decode>a&amp;lt;b&amp;gt;&amp;amp;&amp;apos;&amp;nbsp;c&amp;emsp;d&amp;copy;</wx-text>
      <wx-text id="raw">a&amp;lt;b</wx-text>
      <wx-text id="s" space="emsp">x y</wx-text>
      <wx-text id="sel" selectable>pick me<wx-text id="inner"> and me</wx-text></wx-text>""",
    )
    assert flat_text(hp, "#d") == "a<b>&'\u00a0c\u2003d&copy;"
    assert flat_text(hp, "#raw") == "a&lt;b"
    assert flat_text(hp, "#s") == "x\u2003y"
    assert flat_text(hp, "#sel") == "pick me and me"
    assert hp.evaluate("getComputedStyle(document.querySelector('#sel')).userSelect") == "text"
    assert hp.evaluate("getComputedStyle(document.querySelector('#s')).userSelect") == "none"
    # A change to the text the view layer wrote shows up transformed.
    hp.evaluate("document.querySelector('#s').firstChild.data = 'p q r'")
    settle(hp)
    assert flat_text(hp, "#s") == "p\u2003q\u2003r"
    # Turning space off shows the text as written again.
    hp.evaluate("document.querySelector('#s').space = ''")
    settle(hp)
    assert flat_text(hp, "#s") == "p q r"
    # Plain text costs nothing extra: no shadow root at all.
    assert hp.evaluate("document.querySelector('#raw').shadowRoot") is None
    assert hp.evaluate("document.querySelector('#raw').innerText") == "a&lt;b"


def test_image_load_event_and_modes(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        f"""
      <wx-image id="fill" src="{PICTURE}"></wx-image>
      <wx-image id="wf" mode="widthFix" src="{PICTURE}" style="width:300px"></wx-image>
      <wx-image id="hf" mode="heightFix" src="{PICTURE}" style="height:50px"></wx-image>
      <wx-image id="fit" mode="aspectFit" src="{PICTURE}" style="width:100px;height:100px"></wx-image>
      <wx-image id="crop" mode="left" src="{PICTURE}" style="width:50px;height:50px"></wx-image>""",
        {"wx-image": ["load", "error"]},
    )
    hp.wait_for_function("window.events.filter(e => e.type === 'load').length === 5")
    assert events(hp, "load", "fill")[0]["detail"] == {"width": 200, "height": 100}
    assert box(hp, "#fill") == (320, 240)  # WeChat's default box
    assert box(hp, "#wf") == (300, 150)
    assert box(hp, "#hf") == (100, 50)
    assert (
        hp.evaluate(
            "getComputedStyle(document.querySelector('#fit').shadowRoot.querySelector('img')).objectFit"
        )
        == "contain"
    )
    # Crop mode "left" shows the unscaled picture pinned to the left edge.
    assert box(hp, "#crop") == (50, 50)
    assert (
        hp.evaluate(
            "getComputedStyle(document.querySelector('#crop').shadowRoot.querySelector('img')).objectPosition"
        )
        == "0% 50%"
    )


def test_image_error_and_lazy_load(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        f"""
      <wx-image id="bad" src="/no-such-picture.png"></wx-image>
      <div style="height:4000px"></div>
      <wx-image id="lazy" lazy-load src="{PICTURE}"></wx-image>""",
        {"wx-image": ["load", "error"]},
    )
    hp.wait_for_function("window.events.some(e => e.type === 'error')")
    assert "/no-such-picture.png" in events(hp, "error", "bad")[0]["detail"]["errMsg"]
    hp.wait_for_timeout(300)
    assert (
        hp.evaluate(
            "document.querySelector('#lazy').shadowRoot.querySelector('img').hasAttribute('src')"
        )
        is False
    )
    hp.locator("#lazy").scroll_into_view_if_needed()
    hp.wait_for_function("window.events.some(e => e.type === 'load' && e.id === 'lazy')")


def test_icon_draws_each_type_with_size_colour_and_label(hp) -> None:  # type: ignore[no-untyped-def]
    types = [
        "success",
        "success_no_circle",
        "info",
        "warn",
        "waiting",
        "cancel",
        "download",
        "search",
        "clear",
    ]
    mount(
        hp,
        "".join(f'<wx-icon id="{t}" type="{t}"></wx-icon>' for t in types)
        + '<wx-icon id="big" type="success" size="40" color="#ff0000"></wx-icon>',
    )
    for t in types:
        assert hp.locator(f"#{t} svg").count() == 1, t
        assert box(hp, f"#{t} svg") == (23, 23)
        assert hp.get_attribute(f"#{t}", "role") == "img"
    assert hp.get_attribute("#success", "aria-label") == "成功"
    assert box(hp, "#big svg") == (40, 40)
    assert hp.locator("#big circle").get_attribute("fill") == "#ff0000"
    # Different types draw different pictures.
    drawings = {hp.inner_html(f"#{t} svg") for t in types}
    assert len(drawings) == len(types)


def test_icon_label_follows_lang(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<div lang="en"><wx-icon id="w" type="warn"></wx-icon></div>')
    assert hp.get_attribute("#w", "aria-label") == "warning"


def test_progress_percent_info_and_active_animation(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-progress id="p" percent="40" show-info stroke-width="10" active-color="#ff0000" style="width:300px"></wx-progress>
      <wx-progress id="a" percent="50" active duration="10" style="width:300px"></wx-progress>""",
        {"wx-progress": ["activeend"]},
    )
    assert hp.get_attribute("#p", "role") == "progressbar"
    assert hp.get_attribute("#p", "aria-valuenow") == "40"
    assert hp.inner_text("#p .info") == "40%"
    bar_w = hp.locator("#p .bar").bounding_box()["width"]
    fill = hp.locator("#p .fill").bounding_box()
    assert abs(fill["width"] - bar_w * 0.4) < 1
    assert round(fill["height"]) == 10
    hp.wait_for_function("window.events.some(e => e.type === 'activeend')", timeout=3000)
    assert events(hp, "activeend")[0]["detail"] == {"curPercent": 50}
    assert (
        hp.evaluate("document.querySelector('#a').shadowRoot.querySelector('.fill').style.width")
        == "50%"
    )


def test_rich_text_renders_allowed_markup_and_strips_everything_dangerous(hp) -> None:  # type: ignore[no-untyped-def]
    html = (
        '<h1 class="t" onclick="window.pwned=1">Title</h1>'
        '<p style="color: red; background: url(javascript:alert(1)); position: fixed">para <b>bold</b></p>'
        "<script>window.pwned = 2</script><style>body{display:none}</style>"
        '<img src="x" onerror="window.pwned=3"><img src="javascript:alert(1)">'
        '<a href="javascript:window.pwned=4">link</a><iframe src="/"></iframe>'
        "<svg><script>window.pwned=5</script></svg><custom-tag>kept text</custom-tag>"
    )
    mount(hp, '<wx-rich-text id="r"></wx-rich-text>')
    hp.evaluate("html => { document.querySelector('#r').nodes = html }", html)
    settle(hp)
    hp.wait_for_timeout(200)  # give an injected handler every chance to run
    inner = hp.evaluate("document.querySelector('#r').shadowRoot.innerHTML")
    assert hp.evaluate("window.pwned") is None
    for bad in (
        "script",
        "onclick",
        "onerror",
        "javascript:",
        "iframe",
        "<svg",
        "<style",
        "url(",
        "fixed",
        "href",
    ):
        assert bad not in inner, bad
    assert '<h1 class="t">Title</h1>' in inner
    assert 'style="color: red"' in inner
    assert "<b>bold</b>" in inner
    assert "kept text" in inner
    hp.locator("#r >> text=link").click()
    assert hp.evaluate("window.pwned") is None


def test_rich_text_node_array_with_entities_and_page_classes(hp) -> None:  # type: ignore[no-untyped-def]
    mount(hp, '<style>.hl{color: rgb(0, 128, 0)}</style><wx-rich-text id="r"></wx-rich-text>')
    hp.evaluate("""() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.hl { color: rgb(0, 128, 0); }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      document.querySelector('#r').nodes = [
        {name: 'div', attrs: {class: 'hl', onmouseover: 'x()'}, children: [
          {type: 'text', text: 'a &lt; b &amp;&amp; c'},
          {name: 'script', children: [{type: 'text', text: 'window.pwned = 1'}]},
          {name: 'img', attrs: {src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'x'}},
        ]},
      ];
    }""")
    settle(hp)
    div = hp.locator("#r div")
    assert div.inner_text() == "a < b && c"
    assert div.get_attribute("onmouseover") is None
    assert (
        hp.evaluate(
            "getComputedStyle(document.querySelector('#r').shadowRoot.querySelector('div')).color"
        )
        == "rgb(0, 128, 0)"
    )
    assert hp.locator("#r img").get_attribute("src") is None  # svg data URLs can carry script
    assert hp.locator("#r script").count() == 0


def test_web_view_shows_a_notice_with_the_address(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-web-view id="w" src="https://example.com/page"></wx-web-view>'
        '<div lang="en"><wx-web-view id="e" src="https://example.com/en"></wx-web-view></div>',
        {"wx-web-view": ["error"]},
    )
    assert "不支持" in flat_text(hp, "#w")
    assert "https://example.com/page" in flat_text(hp, "#w")
    assert "not supported" in flat_text(hp, "#e")
    assert hp.locator("iframe").count() == 0
    assert hp.evaluate("document.querySelector('#w').shadowRoot.querySelector('iframe')") is None


def test_navigator_asks_the_container_to_navigate(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        """
      <wx-navigator id="n" url="/pages/detail/detail?id=3">Detail</wx-navigator>
      <x-card><template><wx-navigator id="b" open-type="navigateBack" delta="2">Back</wx-navigator></template></x-card>
      <wx-navigator id="t" url="/pages/home/home" open-type="switchTab">Home</wx-navigator>""",
    )
    assert hp.get_attribute("#n", "role") == "link"
    hp.click("#n")
    hp.click("x-card >> #b")
    hp.focus("#t")
    hp.keyboard.press("Enter")
    assert [r["detail"] for r in requests(hp)] == [
        {"url": "/pages/detail/detail?id=3", "openType": "navigate", "delta": 1},
        {"url": "", "openType": "navigateBack", "delta": 2},
        {"url": "/pages/home/home", "openType": "switchTab", "delta": 1},
    ]
    assert all(r["type"] == "mp-navigate" for r in requests(hp))


def test_movable_view_drags_within_its_area(hp) -> None:  # type: ignore[no-untyped-def]
    mount(
        hp,
        '<wx-movable-area id="a" style="width:300px;height:200px;background:#eee">'
        '<wx-movable-view id="v" direction="all" style="width:50px;height:50px;background:#09f"></wx-movable-view>'
        '<wx-movable-view id="h" direction="horizontal" y="100" style="width:50px;height:50px"></wx-movable-view>'
        "</wx-movable-area>",
        {"wx-movable-view": ["change"]},
    )
    hp.wait_for_timeout(100)
    area = hp.locator("#a").bounding_box()
    assert events(hp, "change") == []  # where the page first puts a view is not a move

    def drag(sel: str, dx: float, dy: float) -> None:
        b = hp.locator(sel).bounding_box()
        x, y = b["x"] + 10, b["y"] + 10
        hp.mouse.move(x, y)
        hp.mouse.down()
        hp.mouse.move(x + dx, y + dy, steps=5)
        hp.mouse.up()

    drag("#v", 100, 60)
    box = hp.locator("#v").bounding_box()
    assert (box["x"] - area["x"], box["y"] - area["y"]) == (
        pytest.approx(100, abs=1),
        pytest.approx(60, abs=1),
    )
    assert events(hp, "change", "v")[-1]["detail"] == {"x": 100, "y": 60, "source": "touch"}
    # It cannot leave the area.
    drag("#v", 500, 500)
    box = hp.locator("#v").bounding_box()
    assert (box["x"] - area["x"], box["y"] - area["y"]) == (
        pytest.approx(250, abs=1),
        pytest.approx(150, abs=1),
    )
    # A horizontal view ignores vertical movement; the page's y placed it.
    drag("#h", 40, 40)
    box = hp.locator("#h").bounding_box()
    assert (box["x"] - area["x"], box["y"] - area["y"]) == (
        pytest.approx(40, abs=1),
        pytest.approx(100, abs=1),
    )
    # The page moving it is reported with an empty source.
    hp.evaluate("document.querySelector('#v').x = 20")
    hp.wait_for_function(
        "window.events.some(e => e.id === 'v' && e.detail.source === '' && e.detail.x === 20)"
    )
