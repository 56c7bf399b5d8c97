"""The {{ }} expression grammar: parsing, error positions, and the JS it becomes."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from miniport.compiler.messages import render
from miniport.compiler.wxml.expressions import (
    UNDEFINED,
    Binary,
    Call,
    Conditional,
    ExpressionError,
    Literal,
    Member,
    Name,
    ObjectLit,
    Property,
    Scope,
    Spread,
    data_path,
    parse_data_expression,
    parse_expression,
    to_js,
)


def test_precedence_follows_javascript() -> None:
    e = parse_expression("a + b * c > 1 && !d || e ? f : g")
    assert isinstance(e, Conditional)
    test = e.test
    assert isinstance(test, Binary) and test.op == "||"
    assert isinstance(test.left, Binary) and test.left.op == "&&"
    cmp = test.left.left
    assert isinstance(cmp, Binary) and cmp.op == ">"
    assert isinstance(cmp.left, Binary) and cmp.left.op == "+"
    assert isinstance(cmp.left.right, Binary) and cmp.left.right.op == "*"


def test_literals() -> None:
    assert parse_expression("12").value == 12
    assert parse_expression("1.5e2").value == 150
    assert parse_expression("0x1F").value == 31
    assert parse_expression("'it\\'s\\n'").value == "it's\n"
    assert parse_expression('"a\\"b"').value == 'a"b'
    # as in WeChat, an escape JavaScript does not know keeps its backslash
    assert parse_expression(r"'\d+\.'").value == r"\d+\."
    assert parse_expression("true").value is True
    assert parse_expression("null").value is None
    assert parse_expression("undefined").value is UNDEFINED
    assert parse_expression("").value == ""  # WeChat renders {{}} as ""


def test_paths() -> None:
    e = parse_expression("a.b[0][k]")
    assert isinstance(e, Member) and e.computed and isinstance(e.key, Name)
    assert data_path(parse_expression("form.items[2].name")) == "form.items[2].name"
    assert data_path(parse_expression("a + b")) is None


def test_object_literals_shorthand_and_spread() -> None:
    e = parse_expression("{a: 1, b, ...c, 'd-e': 2}")
    assert isinstance(e, ObjectLit)
    kinds = [(p.key if isinstance(p, Property) else "...") for p in e.props]
    assert kinds == ["a", "b", "...", "d-e"]
    assert isinstance(e.props[1].value, Name) and e.props[1].value.name == "b"


def test_bare_object_bodies_as_in_template_data() -> None:
    e = parse_expression("a, b: 1")
    assert isinstance(e, ObjectLit) and [p.key for p in e.props] == ["a", "b"]
    e = parse_expression("...item")
    assert isinstance(e, ObjectLit) and isinstance(e.props[0], Spread)
    single = parse_data_expression("item")
    assert isinstance(single, ObjectLit) and single.props[0].key == "item"


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("a +", 3, "unexpected end of expression; expected a value"),
        ("a b", 2, "unexpected `b` after the end of the expression"),
        ("(a", 2, "expected `)` to close `(`, found end of expression"),
        ("a ? b", 5, "expected `:` in a ?: conditional, found end of expression"),
        ("'abc", 0, "unterminated string starting with '"),
        ("a # b", 2, "unexpected character `#` in expression"),
        ("a.+", 2, "expected a property name after `.`, found `+`"),
    ],
)
def test_syntax_errors_carry_their_offset(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text, base=100)
    assert info.value.pos == 100 + offset
    assert info.value.message == message


def emit(
    text: str, locals_: dict[str, str] | None = None, wxs: set[str] = frozenset()
) -> tuple[str, list]:
    errors: list = []
    js = to_js(
        parse_expression(text),
        Scope(locals_ or {}, frozenset(wxs)),
        lambda pos, code, **args: errors.append((pos, render(code, args))),
    )
    return js, errors


def test_calls_only_on_wxs_modules() -> None:
    js, errors = emit("util.fmt(x, 1)", wxs={"util"})
    assert not errors and js == 'R.call(W["util"], "fmt", [d.x, 1])'
    js, errors = emit("f(x)", wxs={"f"})
    assert not errors and js == 'R.apply(W["f"], [d.x])'
    _, errors = emit("list.join(',')")
    assert errors and errors[0][0] == 0 and "`list` is not one" in errors[0][1]
    # as in WeChat, a WXS module wins over a same-named wx:for-item, so the call is valid
    js, errors = emit("util.fmt(1)", locals_={"util": "v1"}, wxs={"util"})
    assert not errors and js == 'R.call(W["util"], "fmt", [1])'


def test_names_resolve_to_wxs_then_locals_then_data() -> None:
    assert emit("item.a", {"item": "v3"})[0] == 'R.m(v3, "a")'
    assert emit("m", wxs={"m"})[0] == 'W["m"]'
    assert emit("m.v", {"m": "v3"}, wxs={"m"})[0] == 'R.w(W["m"], "v")'
    # only the data's own key, as WeChat looks names up with hasOwnProperty
    assert emit("constructor")[0] == 'R.own(d, "constructor")'


def test_only_paths_from_a_wxs_module_may_reach_functions() -> None:
    assert emit("m.a.b", wxs={"m"})[0] == 'R.w(R.w(W["m"], "a"), "b")'
    assert emit("m.f(x).y", wxs={"m"})[0] == 'R.w(R.call(W["m"], "f", [d.x]), "y")'
    assert emit("o.a.b")[0] == 'R.m(R.m(d.o, "a"), "b")'
    assert emit("x")[0] == "d.x"
    assert emit("$x")[0] == "d.$x"


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node not installed")
def test_emitted_javascript_evaluates_like_wechat() -> None:
    cases = {
        "a.b.c": None,  # missing path: undefined, no exception (JSON null)
        "n + 1": 3,
        "'n=' + n": "n=2",
        "n * 3 % 4": 2,
        "-n": -2,
        "!n": False,
        "n === 2 && s !== 'x'": True,
        "n == '2'": True,
        "n != 2 || false": False,
        "n >= 2 ? 'big' : 'small'": "big",
        "list[1]": 20,
        "list.length": 3,
        "o['k']": "v",
        "[n, ...list]": [2, 10, 20, 30],
        "{a: n, ...o}": {"a": 2, "k": "v"},
        "typeof n": "number",
        "(n + 1) * 2": 6,
        # bitwise operators with JavaScript's precedence (values as wcc renders them)
        "n & 3 | 4 ^ 1": 7,
        "~n + 1": -2,
        "1 + n << 1": 6,
        "n - 5 >> 1": -2,
        "n & 1 == 0": 0,
        "n < 1 << 2": True,
    }
    body = ",\n".join(f"{json.dumps(k)}: {emit(k)[0]}" for k in cases)
    script = (
        "const R = {m: (o, k) => o == null ? undefined : o[k], arr: (x) => x == null ? [] : x};\n"
        "const d = {n: 2, s: 'y', list: [10, 20, 30], o: {k: 'v'}};\n"
        f"console.log(JSON.stringify({{{body}}}));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True).stdout
    results = json.loads(out)
    for text, expected in cases.items():
        assert results.get(text) == expected, text


def test_call_node_keeps_its_arguments() -> None:
    e = parse_expression("m.f(a, ...b)")
    assert isinstance(e, Call) and len(e.args) == 2 and isinstance(e.args[1], Spread)
    assert isinstance(parse_expression("1"), Literal)
