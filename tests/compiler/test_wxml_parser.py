"""The WXML parser: typed nodes, lifted directives, and every error with its position."""

from __future__ import annotations

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.wxml.nodes import Block, Element, Include, TemplateCall, Text
from miniport.compiler.wxml.parser import parse


def parse_ok(source: str):
    d = Diagnostics()
    doc, _ = parse("pages/p.wxml", source, d)
    assert not d.errors, [x.format() for x in d]
    return doc


def errors(source: str) -> list[str]:
    d = Diagnostics()
    parse("pages/p.wxml", source, d)
    return [x.format() for x in d.errors]


def test_elements_text_and_whitespace() -> None:
    doc = parse_ok("<view>\n  <text>hi {{name}}</text>\n</view>")
    (view,) = doc.children
    assert isinstance(view, Element) and view.tag == "view"
    (text_el,) = view.children  # whitespace-only text between tags is dropped
    (text,) = text_el.children
    assert isinstance(text, Text) and text.value.parts[0] == "hi "


def test_unknown_tags_are_elements_not_errors() -> None:
    doc = parse_ok('<van-button type="primary"><my-thing/></van-button>')
    assert doc.children[0].tag == "van-button"


def test_directives_are_lifted_out_of_attributes() -> None:
    doc = parse_ok(
        '<view wx:for="{{list}}" wx:for-item="row" wx:for-index="i" wx:key="id" wx:if="{{row.ok}}" '
        'class="c" bindtap="onTap" catch:longpress="onLong" capture-bind:touchstart="s" '
        'capture-catch:tap="t" mut-bind:tap="u" model:value="{{form.name}}" data-id="{{row.id}}" '
        'generic:cell="my-cell"/>'
    )
    el = doc.children[0]
    assert el.loop.item == "row" and el.loop.index == "i" and el.loop.key == "id"
    assert el.cond.kind == "if"
    assert [a.name for a in el.attrs] == ["class", "data-id", "generic:cell"]
    events = [(e.name, e.capture, e.catch, e.mut) for e in el.events]
    assert events == [
        ("tap", False, False, False),
        ("longpress", False, True, False),
        ("touchstart", True, False, False),
        ("tap", True, True, False),
        ("tap", False, False, True),
    ]
    assert [(m.attr, m.path) for m in el.models] == [("value", "form.name")]


def test_key_star_this_and_default_loop_names() -> None:
    el = parse_ok('<view wx:for="{{a}}" wx:key="*this"/>').children[0]
    assert (el.loop.item, el.loop.index, el.loop.key) == ("item", "index", "*this")


def test_file_level_declarations() -> None:
    doc = parse_ok(
        '<import src="./a.wxml"/><wxs module="m" src="../m.wxs"/><wxs module="n">module.exports = 1;</wxs>'
        '<template name="t"><view/></template><block wx:if="{{x}}"><template is="t" data="{{a, b}}"/></block>'
        '<include src="b"/>'
    )
    assert [i.src for i in doc.imports] == ["./a.wxml"]
    assert [(w.module, w.src, w.body) for w in doc.wxs] == [
        ("m", "../m.wxs", None),
        ("n", None, "module.exports = 1;"),
    ]
    assert [t.name for t in doc.templates] == ["t"]
    block, include = doc.children
    assert isinstance(block, Block) and isinstance(block.children[0], TemplateCall)
    assert isinstance(include, Include) and include.src == "b"


def test_unclosed_tag_is_reported_at_its_start() -> None:
    assert errors("<view>\n  <text>a\n</view>") == [
        "pages/p.wxml:2:3: error: <text> is not closed before </view> at line 3 column 1; add </text>"
    ]
    assert errors("<view><text></text>") == [
        "pages/p.wxml:1:1: error: <view> is never closed; add </view> or write <view />"
    ]


def test_stray_closing_tag() -> None:
    assert errors("<view></view></text>") == [
        "pages/p.wxml:1:14: error: </text> closes nothing: no <text> is open here; remove it"
    ]


def test_broken_expression_points_at_the_bad_token() -> None:
    assert errors('<view>\n  <text class="a {{ x + }}">ok</text>\n</view>') == [
        "pages/p.wxml:2:25: error: bad expression: unexpected end of expression; expected a value"
    ]
    assert errors("<text>{{ a ? b }}</text>") == [
        "pages/p.wxml:1:16: error: bad expression: expected `:` in a ?: conditional, found end of expression"
    ]


def test_all_errors_are_collected() -> None:
    found = errors('<view a="{{ ( }}">{{ 1 + }}</view>\n<view wx:else/>\n<template/>\n<text>')
    assert len(found) == 5
    assert found[0].startswith("pages/p.wxml:1:15: error: bad expression")
    assert found[1].startswith("pages/p.wxml:1:26: error: bad expression")
    assert found[2] == (
        "pages/p.wxml:2:7: error: wx:else must directly follow an element with wx:if or "
        "wx:elif (and without wx:for)"
    )
    assert found[3].startswith("pages/p.wxml:3:1: error: <template> needs name=")
    assert found[4].startswith("pages/p.wxml:4:1: error: <text> is never closed")


def test_model_must_bind_a_path() -> None:
    assert errors('<input model:value="{{ a + b }}"/>') == [
        'pages/p.wxml:1:21: error: model:value must bind one data path, e.g. model:value="{{ form.name }}"'
    ]


def test_wxs_needs_a_module_name_and_unique_names() -> None:
    assert "needs module=" in errors('<wxs src="a.wxs"/>')[0]
    assert (
        "declared twice" in errors('<wxs module="m" src="a.wxs"/><wxs module="m" src="b.wxs"/>')[0]
    )


def test_import_needs_a_static_src() -> None:
    assert "needs a src attribute" in errors("<import/>")[0]
    assert "must be a static path" in errors('<include src="{{p}}"/>')[0]


def test_else_chain_skips_comments() -> None:
    doc = parse_ok('<view wx:if="{{a}}"/><!-- note --><view wx:elif="{{b}}"/>\n<view wx:else/>')
    assert [c.cond.kind for c in doc.children] == ["if", "elif", "else"]


def test_else_cannot_follow_a_looped_if() -> None:
    # wx:for with wx:if tests each item; WeChat refuses a wx:else after it, and so do we
    found = errors('<view wx:for="{{l}}" wx:if="{{item}}"/><view wx:else/>')
    assert found == [
        "pages/p.wxml:1:46: error: wx:else must directly follow an element with wx:if or "
        "wx:elif (and without wx:for)"
    ]


def test_else_with_a_loop_is_refused_as_in_wechat() -> None:
    found = errors('<view wx:if="{{x}}"/><view wx:else wx:for="{{l}}"/>')
    assert found == [
        "pages/p.wxml:1:28: error: wx:else cannot be combined with wx:for on one element; "
        "move the loop to an inner <block>"
    ]
