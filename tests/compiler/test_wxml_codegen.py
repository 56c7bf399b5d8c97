"""Compiled WXML evaluated in Node: the trees users see, for every construct of the language."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from miniport.compiler.diagnostics import CompileError, Diagnostics
from miniport.compiler.vtree import compile_bundle, miniport_vtree, render_bundle
from miniport.compiler.wxml import bundle_view, compile_view, compile_wxml

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def vtree(tmp_path: Path, source: str, data: Any = None, **files: str) -> list[Any]:
    root = project(
        tmp_path,
        {
            "index.wxml": source,
            **{
                k.replace("__", "/").replace("_wxml", ".wxml").replace("_wxs", ".wxs"): v
                for k, v in files.items()
            },
        },
    )
    return miniport_vtree(root, "index.wxml", data or {})


def vnodes(tmp_path: Path, source: str, data: Any = None) -> list[Any]:
    root = project(tmp_path, {"index.wxml": source})
    entry, bundle = compile_bundle(root, "index.wxml")
    return render_bundle(bundle, entry, data or {})


def texts(tree: list[Any]) -> list[str]:
    """Every text node, depth first: the words a user would read."""
    out: list[str] = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        else:
            out.extend(texts(node["children"]))
    return out


def test_text_and_attribute_interpolation(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<view id="main" class="box {{cls}}" style="color: {{c}}" n="{{n}}" obj="{{o}}" flag="{{ok}}" '
        'hidden="{{!ok}}" plain>Hi {{name}}, {{n + 1}} {{missing.path}}|{{nul}}</view>',
        {
            "cls": "red",
            "c": "blue",
            "n": 2,
            "o": {"a": [1]},
            "ok": True,
            "name": "Ann",
            "nul": None,
        },
    )
    assert tree == [
        {
            "tag": "view",
            "attr": {
                "id": "main",
                "class": "box red",
                "style": "color: blue",
                "n": 2,
                "obj": {"a": [1]},
                "flag": True,
                "hidden": False,
                "plain": True,
            },
            "children": ["Hi Ann, 3 |null"],
        }
    ]


def test_mixed_attribute_becomes_a_string(tmp_path: Path) -> None:
    tree = vtree(tmp_path, '<view a="{{n}}" b="{{n}} " c="x{{o}}"/>', {"n": 5, "o": [1, 2]})
    assert tree[0]["attr"] == {"a": 5, "b": "5 ", "c": "x1,2"}


def test_conditions_and_string_false_is_truthy(tmp_path: Path) -> None:
    source = (
        '<view wx:if="{{flag}}">if</view><view wx:elif="{{other}}">elif</view><view wx:else>else</view>'
        '<text wx:if="false">static false string</text>'
    )
    assert texts(vtree(tmp_path, source, {"flag": "false"})) == ["if", "static false string"]
    assert texts(vtree(tmp_path, source, {"flag": "", "other": 1})) == [
        "elif",
        "static false string",
    ]
    assert texts(vtree(tmp_path, source, {"flag": 0, "other": None})) == [
        "else",
        "static false string",
    ]


def test_for_over_arrays_objects_strings_and_numbers(tmp_path: Path) -> None:
    source = (
        '<view wx:for="{{list}}">{{index}}:{{item}}</view>'
        '<view wx:for="{{obj}}" wx:for-item="v" wx:for-index="k">{{k}}={{v}}</view>'
        '<view wx:for="{{word}}">{{item}}</view>'
        '<view wx:for="{{3}}">n{{item}}/{{index}}</view>'
        '<view wx:for="ab">s{{item}}</view>'
        '<view wx:for="{{nothing}}">never</view>'
    )
    data = {"list": ["a", "b"], "obj": {"x": 1, "y": 2}, "word": "hi"}
    assert texts(vtree(tmp_path, source, data)) == [
        "0:a",
        "1:b",
        "x=1",
        "y=2",
        "h",
        "i",
        "n0/0",
        "n1/1",
        "n2/2",
        "sa",
        "sb",
    ]


def test_nested_for_scoping(tmp_path: Path) -> None:
    source = (
        '<view wx:for="{{rows}}" wx:for-item="row" wx:for-index="r">'
        '<text wx:for="{{row.cells}}">{{r}}{{index}}{{item}}{{row.name}}</text></view>'
        "<view>{{item}}</view>"  # outside the loop `item` is page data again
    )
    data = {
        "rows": [{"name": "A", "cells": ["x", "y"]}, {"name": "B", "cells": ["z"]}],
        "item": "page",
    }
    assert texts(vtree(tmp_path, source, data)) == ["00xA", "01yA", "10zB", "page"]


def test_keys_on_vnodes(tmp_path: Path) -> None:
    nodes = vnodes(
        tmp_path,
        '<view wx:for="{{list}}" wx:key="id">{{item.id}}</view>'
        '<view wx:for="{{tags}}" wx:key="*this"/>'
        '<block wx:for="{{tags}}" wx:key="*this"><text>a</text><text>b</text></block>',
        {"list": [{"id": 7}, {"id": 9}], "tags": ["p", "q"]},
    )
    assert [n["key"] for n in nodes] == [7, 9, "p", "q", "p#0", "p#1", "q#0", "q#1"]


def test_for_takes_precedence_over_if_on_the_same_element(tmp_path: Path) -> None:
    tree = vtree(tmp_path, '<view wx:for="{{[1, 2, 3]}}" wx:if="{{item !== 2}}">{{item}}</view>')
    assert texts(tree) == ["1", "3"]


def test_block_is_flattened(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path, '<view><block wx:if="{{1}}"><text>a</text>b</block><block>c</block></view>'
    )
    assert tree == [
        {
            "tag": "view",
            "attr": {},
            "children": [{"tag": "text", "attr": {}, "children": ["a"]}, "b", "c"],
        }
    ]


def test_template_sees_only_its_data(tmp_path: Path) -> None:
    source = (
        '<template name="card"><view>{{title}}|{{secret}}|{{extra}}</view></template>'
        '<template is="card" data="{{title, extra: 1}}"/>'
        '<template is="card" data="{{...info}}"/>'
        '<template is="{{which}}" data="{{title: \'dyn\'}}"/>'
        '<template is="nope"/>'
    )
    data = {"title": "T", "secret": "S", "info": {"title": "I", "extra": 2}, "which": "card"}
    assert texts(vtree(tmp_path, source, data)) == ["T||1", "I||2", "dyn||"]


def test_import_is_not_transitive(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<import src="./a.wxml"/><template is="fromA"/><template is="fromB"/>',
        {},
        a_wxml='<import src="b"/><template name="fromA"><text>A</text><template is="fromB"/></template>',
        b_wxml='<template name="fromB"><text>B</text></template>',
    )
    # index sees fromA only; inside fromA, a.wxml's own import makes fromB visible
    assert texts(tree) == ["A", "B"]


def test_include_copies_content_but_not_templates_or_wxs(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<wxs module="w">module.exports.v = "page wxs";</wxs>'
        '<view wx:for="{{[1, 2]}}"><include src="/parts/row"/></view>'
        '<template is="rowTpl"/>',
        {"title": "T"},
        parts__row_wxml=(
            '<wxs module="w">module.exports.v = "row wxs";</wxs>'
            '<template name="rowTpl"><text>tpl</text></template>'
            "<text>{{title}}-{{item}}-{{w.v}}</text>"
        ),
    )
    # the included content sees the page data, the loop variable and the page's WXS
    # module; its own <wxs> and <template> stay private, as in WeChat
    assert texts(tree) == ["T-1-page wxs", "T-2-page wxs"]


def test_wxs_modules_src_inline_and_require(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<wxs module="fmt" src="./utils/fmt.wxs"/>'
        '<wxs module="inline">var lib = require("./utils/lib.wxs");'
        "module.exports = function (x) { return lib.up(x) + '!'; };</wxs>"
        "<view>{{fmt.kind(list)}} {{fmt.kind(obj)}} {{fmt.kind(n)}} {{fmt.dash('aB')}} {{inline('hey')}}"
        " {{fmt.px(20)}} {{fmt.px('2em')}}</view>",
        {"list": [1], "obj": {}, "n": 1},
        utils__fmt_wxs=(
            "module.exports = {\n"
            "  kind: function (v) { return v.constructor; },  // WXS: a type name string\n"
            "  dash: function (s) { return s.replace(getRegExp('[A-Z]', 'g'), function (c) { return '-' + c.toLowerCase(); }); },\n"
            # WXS keeps unknown escapes: '\d' is a backslash and a d, as vant's add-unit relies on
            "  px: function (v) { return getRegExp('^\\d+$').test('' + v) ? v + 'px' : v; }\n"
            "};"
        ),
        utils__lib_wxs="module.exports.up = function (s) { return s.toUpperCase(); };",
    )
    assert texts(tree) == ["Array Object Number a-b HEY! 20px 2em"]


def test_slots_events_dataset_model_and_generic(tmp_path: Path) -> None:
    source = (
        '<my-card generic:cell="my-cell"><view slot="header">h</view><slot/><slot name="footer"/></my-card>'
        '<button bindtap="onTap" bind:longpress="onLong" catchtap="{{handler}}" capture-bind:touchstart="cap" '
        'capture-catch:touchend="capCatch" mut-bind:tap="mut" data-user-id="{{id}}" model:value="{{form.name}}"/>'
    )
    data = {"handler": "dyn", "id": 42, "form": {"name": "Li"}}
    tree = vtree(tmp_path, source, data)
    card, button = tree
    assert card["children"] == [
        {"tag": "view", "attr": {"slot": "header"}, "children": ["h"]},
        {"tag": "slot", "attr": {}, "children": []},
        {"tag": "slot", "attr": {"name": "footer"}, "children": []},
    ]
    assert button["attr"] == {
        "data-user-id": 42,
        "value": "Li",
        "bind:tap": "onTap",
        "bind:longpress": "onLong",
        "catch:tap": "dyn",
        "capture-bind:touchstart": "cap",
        "capture-catch:touchend": "capCatch",
        "mut-bind:tap": "mut",
    }
    raw_card, raw_button = vnodes(tmp_path, source, data)
    assert raw_card["attrs"] == {"generic:cell": "my-cell"}
    assert raw_button["models"] == {"value": "form.name"}
    assert raw_button["events"][2] == {
        "name": "tap",
        "handler": "dyn",
        "capture": False,
        "catch": True,
        "mut": False,
    }
    assert raw_button["events"][4] == {
        "name": "touchend",
        "handler": "capCatch",
        "capture": True,
        "catch": True,
        "mut": False,
    }


def test_vtree_camelcases_attribute_names_like_wechat(tmp_path: Path) -> None:
    tree = vtree(tmp_path, '<van-button hover-class="a" custom-style="b" data-the-id="c"/>')
    assert tree[0]["attr"] == {"hoverClass": "a", "customStyle": "b", "data-the-id": "c"}


def test_missing_import_is_an_error_at_the_import(tmp_path: Path) -> None:
    root = project(
        tmp_path, {"index.wxml": '<view/>\n  <import src="./nope.wxml"/>\n<include src="/gone"/>'}
    )
    with pytest.raises(CompileError) as info:
        miniport_vtree(root, "index.wxml", {})
    assert [d.format() for d in info.value.diagnostics] == [
        "index.wxml:2:3: error: WXML file nope.wxml does not exist; check the src path (relative to this file, or / for the project root)",
        "index.wxml:3:1: error: WXML file gone.wxml does not exist; check the src path (relative to this file, or / for the project root)",
    ]


def test_missing_wxs_file_and_bad_require(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {
            "index.wxml": '<wxs module="a" src="a.wxs"/>\n<wxs module="b" src="b.wxs"/>',
            "a.wxs": "var x = require('./x.js');",
        },
    )
    with pytest.raises(CompileError) as info:
        miniport_vtree(root, "index.wxml", {})
    messages = [d.format() for d in info.value.diagnostics]
    assert messages[0].startswith("a.wxs:1:18: error: WXS can only require .wxs files")
    assert messages[1].startswith("index.wxml:2:1: error: WXS file b.wxs does not exist")


def test_call_on_non_wxs_value_is_a_compile_error() -> None:
    d = Diagnostics()
    compile_wxml(
        "p.wxml",
        '<wxs module="m">module.exports = {};</wxs>\n<view>{{ m.ok(1) }} {{ list.join(",") }}</view>',
        d,
    )
    assert [x.format() for x in d] == [
        "p.wxml:2:24: error: function calls are only allowed on WXS modules, and `list` is not one; "
        'declare it with <wxs module="…"> or compute the value in the page\'s JS'
    ]


def test_errors_from_several_files_are_all_reported(tmp_path: Path) -> None:
    files = {
        "index.wxml": '<include src="a"/><include src="b"/><view>',
        "a.wxml": "<text>{{ ( }}</text>",
        "b.wxml": "</x>",
    }
    d = Diagnostics()
    compile_view(lambda p: files.get(p), ["index.wxml"], d)
    assert sorted((x.file, x.line, x.col) for x in d.errors) == [
        ("a.wxml", 1, 12),
        ("b.wxml", 1, 1),
        ("index.wxml", 1, 37),
    ]


def test_bundle_is_deterministic() -> None:
    files = {
        "index.wxml": '<import src="t"/><wxs module="u" src="u.wxs"/><template is="x"/>',
        "t.wxml": '<template name="x"/>',
        "u.wxs": "module.exports = 1;",
    }
    d1, d2 = Diagnostics(), Diagnostics()
    first = compile_view(files.get, ["index.wxml"], d1).bundle()
    second = compile_view(files.get, ["index.wxml", "t.wxml"], d2).bundle()
    assert first == second
    assert first.startswith("defineView({format: 1, templates: {")
    view = compile_view(files.get, ["index.wxml"], Diagnostics())
    assert bundle_view(reversed(list(view.templates.values())), view.wxs.values()) == first


def test_wxs_functions_as_event_handlers_are_marked(tmp_path: Path) -> None:
    nodes = vnodes(
        tmp_path,
        '<wxs module="h">module.exports = {move: function (e) {}, seen: function () {}};</wxs>'
        '<view bindtouchmove="{{h.move}}" change:prop="{{h.seen}}" prop="{{1 / 0}}"/>',
    )
    assert nodes[0]["events"][0]["handler"] == {"$js": "function"}
    assert nodes[0]["attrs"] == {"change:prop": {"$js": "function"}, "prop": {"$js": "Infinity"}}


def test_closing_braces_inside_a_string_do_not_end_the_mustache(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        "<view data-x=\"{{ 'a}}b' }}\">{{ 'c}}<d' }}|{{ \"{{\" }}|{{ '{' + x + '}' }}</view>",
        {"x": 1},
    )
    # as in wcc: a string literal is read whole, whatever braces it holds
    assert tree == [{"tag": "view", "attr": {"data-x": "a}}b"}, "children": ["c}}<d|{{|{1}"]}]


def test_a_template_calling_itself_renders_nothing_for_the_inner_call(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<template name="node"><view>{{label}}'
        '<template wx:for="{{children}}" is="node" data="{{...item}}"/></view></template>'
        '<template name="a"><text>a</text><template is="b"/></template>'
        '<template name="b"><text>b</text><template is="a"/></template>'
        '<template is="node" data="{{...tree}}"/><template is="a"/><template is="a"/>',
        {"tree": {"label": "root", "children": [{"label": "child", "children": []}]}},
    )
    # WeChat stops a template already being rendered (directly or through another
    # template): only the outer call shows, and a second call after it renders again
    assert texts(tree) == ["root", "a", "b", "a", "b"]


def test_a_wxs_module_wins_over_a_loop_item_and_data_of_the_same_name(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        "<wxs module=\"m\">module.exports = {v: 'wxs', f: function () { return 'call'; }};</wxs>"
        '<text>{{m.v}}</text><text wx:for="{{list}}" wx:for-item="m">{{m.v}} {{m.f()}}</text>'
        '<template name="t"><text>{{m.v}}</text></template><template is="t" data="{{m}}"/>',
        {"m": {"v": "data"}, "list": [{"v": "item"}]},
    )
    assert texts(tree) == ["wxs", "wxs call", "wxs"]


def test_data_paths_show_nothing_for_functions_and_inherited_names(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        "<wxs module=\"m\">module.exports = {f: function () {}, o: {g: function () {}}};</wxs>"
        '<view data-a="{{list.push}}" data-b="{{constructor}}" data-c="{{o.prototype}}" '
        'data-d="{{m.f}}" data-e="{{m.o.g}}" data-f="{{own.constructor}}">'
        "{{n.constructor}}|{{toString}}|{{o.caller}}|{{o[nothing]}}|{{list.length}}</view>",
        {"list": [1], "o": {"prototype": 1, "caller": 2, "null": 3}, "n": 1,
         "own": {"constructor": "mine"}},
    )  # fmt: skip
    # as in WeChat: functions and Object.prototype members are invisible through data,
    # but a WXS module's functions can be passed on (as event handlers, for instance)
    assert tree == [
        {
            "tag": "view",
            "attr": {
                "data-d": {"$js": "function"},
                "data-e": {"$js": "function"},
                "data-f": "mine",
            },
            "children": ["||||1"],
        }
    ]


def test_a_wxs_result_is_a_snapshot(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        '<wxs module="m">var shared = {n: 0};'
        "module.exports.next = function () { shared.n++; return shared; };"
        "module.exports.fn = function () { return function () {}; };</wxs>"
        '<view data-a="{{m.next()}}" data-b="{{m.next()}}" data-c="{{m.fn()}}"/>',
    )
    # each call's result is copied, as WeChat does; a returned function becomes null
    assert tree[0]["attr"] == {"data-a": {"n": 1}, "data-b": {"n": 2}, "data-c": None}


def test_included_content_looks_names_up_in_the_includers_wxs_modules(tmp_path: Path) -> None:
    tree = vtree(
        tmp_path,
        "<wxs module=\"u\">module.exports = {v: 'page wxs'};</wxs>"
        '<include src="a.wxml"/><view wx:for="{{[1]}}" wx:for-item="u"><include src="a.wxml"/></view>'
        '<include src="b.wxml"/>',
        {"u": {"v": "data"}, "w": {"v": "data w"}},
        a_wxml="<text>{{u.v}}</text>",
        b_wxml="<wxs module=\"w\">module.exports = {v: 'own wxs'};</wxs><text>{{w.v}}</text>",
    )
    # as in WeChat: the includer's module `u` wins over the data and the loop item even
    # though a.wxml does not declare it; b.wxml's own module is not used when included,
    # and since the includer has no `w`, the data's `w` shows
    assert texts(tree) == ["page wxs", "page wxs", "data w"]
