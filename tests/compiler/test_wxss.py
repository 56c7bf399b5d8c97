"""WXSS → CSS: rpx, built-in tag prefixes, imports and their errors (contracts §3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.wxss import (
    StyleSheet,
    compile_wxss,
    import_order,
    inline_css,
    prefix_selector,
    rpx_to_css,
)

FIXTURES = Path(__file__).parent / "fixtures"


def compile_one(
    text: str, path: str = "a.wxss", existing: set[str] | None = None
) -> tuple[str, list[str]]:
    diags = Diagnostics()
    sheet = compile_wxss(path, text, diags, lambda p: p in (existing or set()))
    return sheet.css, [d.format() for d in diags]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("750rpx", "calc(750 * var(--mp-rpx))"),
        ("-.5rpx 10px", "calc(-0.5 * var(--mp-rpx)) 10px"),
        ("0 2rpx 4RPX #000", "0 calc(2 * var(--mp-rpx)) calc(4 * var(--mp-rpx)) #000"),
        ("calc(100% - 20rpx)", "calc(100% - calc(20 * var(--mp-rpx)))"),
        ("10px", "10px"),
        ("a20rpx", "a20rpx"),  # part of a name, not a length
    ],
)
def test_rpx_becomes_a_multiple_of_the_runtime_variable(source: str, expected: str) -> None:
    assert rpx_to_css(source) == expected


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("view", "wx-view"),
        ("page", "wx-page"),
        ("view.card > text", "wx-view.card > wx-text"),
        ("scroll-view, swiper-item", "wx-scroll-view, wx-swiper-item"),
        (".view #text [data-x=view]", ".view #text [data-x=view]"),
        (":host", ":host"),
        (":host(.active) view", ":host(.active) wx-view"),
        ("button:not(image)::after", "wx-button:not(wx-image)::after"),
        ("my-card view", "my-card wx-view"),
        ("div span", "div span"),
        ("*", "*"),
    ],
)
def test_builtin_tag_selectors_get_the_wx_prefix(selector: str, expected: str) -> None:
    assert prefix_selector(selector) == expected


def test_rules_media_keyframes_and_font_face() -> None:
    css, messages = compile_one(
        "/* card */\nview { width: 750rpx; background: url(//cdn/x.png) }\n"
        "@media (min-width: 600px) { text { height: 2rpx } }\n"
        "@keyframes grow { from { width: 0 } to { width: 300rpx } }\n"
        "@font-face { font-family: brand; src: url('brand.woff2') }\n"
    )
    assert messages == []
    assert "wx-view{width: calc(750 * var(--mp-rpx)); background: url(//cdn/x.png)}" in css
    assert "@media (min-width: 600px){wx-text{height: calc(2 * var(--mp-rpx))}}" in css
    # Keyframe selectors are not tags: "from"/"to" stay as they are.
    assert "@keyframes grow{from{width: 0}to{width: calc(300 * var(--mp-rpx))}}" in css
    assert "@font-face{font-family: brand; src: url('brand.woff2')}" in css
    assert "card" not in css  # comments are dropped


def test_strings_are_not_rewritten() -> None:
    css, _ = compile_one('.q::before { content: "view 10rpx" }')
    assert 'content: "view 10rpx"' in css


def test_unclosed_block_and_stray_brace_report_positions() -> None:
    _, messages = compile_one(".a { color: red;\n.b { color: blue }\n}\n}\n")
    assert messages == ["a.wxss:4:1: error: unexpected '}' with no block open; remove it"]
    _, messages = compile_one(".ok { margin: 0 }\n\n  .a { color: red;\n")
    assert messages == ["a.wxss:3:6: error: '{' is never closed; add the matching '}'"]


def test_unclosed_comment_is_an_error() -> None:
    _, messages = compile_one(".a { color: red }\n/* never closed\n.b {}")
    assert messages == ["a.wxss:2:1: error: comment is never closed; add */"]


def test_import_of_missing_file_is_reported_at_the_import() -> None:
    _, messages = compile_one('.a {}\n  @import "../common/missing.wxss";\n', path="pages/p/p.wxss")
    assert messages == [
        "pages/p/p.wxss:2:3: error: @import '../common/missing.wxss': "
        "pages/common/missing.wxss not found; fix the path"
    ]


def test_imports_resolve_relative_absolute_and_without_extension() -> None:
    existing = {"pages/common.wxss", "styles/base.wxss", "pages/p/local.wxss"}
    diags = Diagnostics()
    sheet = compile_wxss(
        "pages/p/p.wxss",
        '@import "../common.wxss";\n@import "/styles/base.wxss";\n@import \'./local\';\n.p{}',
        diags,
        lambda p: p in existing,
    )
    assert not diags.items
    assert [i.path for i in sheet.imports] == [
        "pages/common.wxss",
        "styles/base.wxss",
        "pages/p/local.wxss",
    ]
    assert "@import" not in sheet.css


def test_import_order_lists_shared_sheets_once_before_their_importers() -> None:
    diags = Diagnostics()
    sheets: dict[str, StyleSheet] = {}
    sources = {
        "common.wxss": ".common{}",
        "button.wxss": '@import "common.wxss";\n.button{}',
        "card.wxss": '@import "common.wxss";\n@import "button.wxss";\n.card{}',
    }
    for path, text in sources.items():
        sheets[path] = compile_wxss(path, text, diags, lambda p: p in sources)
    assert import_order("card.wxss", sheets, diags) == ["common.wxss", "button.wxss", "card.wxss"]
    assert inline_css("card.wxss", sheets, diags) == ".common{}\n.button{}\n.card{}"
    assert not diags.items


def test_import_cycle_is_an_error_at_the_import_that_closes_it() -> None:
    root = FIXTURES / "wxss-cycle"
    diags = Diagnostics()
    sheets = {}
    for path in ("app.wxss", "styles/a.wxss", "styles/b.wxss"):
        sheets[path] = compile_wxss(
            path, (root / path).read_text(), diags, lambda p: (root / p).is_file()
        )
    order = import_order("app.wxss", sheets, diags)
    assert order == ["styles/b.wxss", "styles/a.wxss", "app.wxss"]
    assert [d.format() for d in diags] == [
        "styles/b.wxss:2:1: error: @import cycle: styles/a.wxss → styles/b.wxss → styles/a.wxss; "
        "remove one import"
    ]


def test_every_vant_and_weui_sheet_compiles_without_errors(node_modules: Path) -> None:
    for base in (
        node_modules / "@vant/weapp/dist",
        node_modules / "weui-miniprogram/miniprogram_dist",
    ):
        files = sorted(base.rglob("*.wxss"))
        assert len(files) > 20
        diags = Diagnostics()
        for path in files:
            rel = path.relative_to(base).as_posix()
            sheet = compile_wxss(
                rel, path.read_text(), diags, lambda p, base=base: (base / p).is_file()
            )
            assert "rpx" not in sheet.css.replace("--mp-rpx", "")
        assert [d.format() for d in diags] == []
