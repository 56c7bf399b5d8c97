"""The `{{ … }}` data-binding expression grammar: tokenizer, parser and JS emitter.

WXML expressions are a small subset of JavaScript: paths, literals, array and object
literals (with spread and shorthand), the ternary, arithmetic, comparison, logic and
bitwise operators, `typeof`, and calls — but only on WXS module members, because a template
must not reach anything but its data and the WXS code shipped with it. The parser works
on absolute offsets into the WXML source so every error points at the character that
is wrong, not at the start of the attribute.

The emitter turns the tree into a JavaScript expression over three names the generated
render code provides: `d` (the data object), the local variables of enclosing
`wx:for` loops, and `W` (the WXS modules of the file). Member access goes through
`R.m`, which never throws on `undefined`, as WeChat's own runtime does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from ..messages import phrase, render

# ---------------------------------------------------------------------------- nodes


@dataclass
class Expr:
    pos: int


@dataclass
class Literal(Expr):
    value: object  # str | int | float | bool | None; `undefined` is UNDEFINED


@dataclass
class Name(Expr):
    name: str


@dataclass
class Member(Expr):
    obj: Expr
    key: Expr  # a Literal string for `a.b`, any expression for `a[i]`
    computed: bool


@dataclass
class Call(Expr):
    callee: Expr
    args: list[Expr]


@dataclass
class Unary(Expr):
    op: str
    operand: Expr


@dataclass
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass
class Conditional(Expr):
    test: Expr
    then: Expr
    otherwise: Expr


@dataclass
class Spread(Expr):
    value: Expr


@dataclass
class ArrayLit(Expr):
    items: list[Expr]  # Spread allowed


@dataclass
class Property:
    key: str
    value: Expr


@dataclass
class ObjectLit(Expr):
    props: list[Property | Spread] = field(default_factory=list)


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


class ExpressionError(Exception):
    """A syntax error at an absolute offset of the WXML source.

    `code` and `args` name the message (`messages.py`) so the WXML parser can report it
    in either language; `message` is its English text.
    """

    def __init__(self, pos: int, code: str, /, **args: object):
        self.pos = pos
        self.code = code
        self.values = args  # not `args`: Exception.args is the constructor's tuple
        self.message = render(code, args)
        super().__init__(self.message)


# ------------------------------------------------------------------------ tokenizer

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<op>\.\.\.|===|!==|==|!=|<=|>=|&&|\|\||<<|>>|[-+*/%!<>?:.,()\[\]{}&|^~])
    """,
    re.VERBOSE | re.DOTALL,
)
_HEX = re.compile(r"0[xX][0-9a-fA-F]+")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)", re.DOTALL)

Token = tuple[str, str, int]  # kind, text, absolute offset


def _unescape(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "ux" and len(e) > 1:
            return m.group()  # WeChat keeps \uXXXX and \xXX as written; so do we
        if e in ("\n", "\r\n", "\r"):
            return ""  # line continuation
        if e in "'\"\\":
            return e
        # WeChat keeps the backslash of an escape it does not know: '\d' is two characters
        return _ESCAPES.get(e, "\\" + e)

    return _ESCAPE.sub(repl, body) if "\\" in body else body


def tokenize(text: str, base: int) -> list[Token]:
    tokens: list[Token] = []
    pos, end = 0, len(text)
    match = _TOKEN.match
    while pos < end:
        m = match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "\"'":
                raise ExpressionError(base + pos, "expr.unterminated_string", quote=ch)
            raise ExpressionError(base + pos, "expr.unexpected_char", char=ch)
        kind = m.lastgroup
        if kind != "ws":
            tokens.append((kind, m.group(), base + pos))  # type: ignore[arg-type]
        pos = m.end()
    tokens.append(("end", "", base + end))
    return tokens


# --------------------------------------------------------------------------- parser

# JavaScript's precedence; wcc accepts the bitwise operators too (but not `>>>`)
_BINARY_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "|": 3,
    "^": 4,
    "&": 5,
    "==": 6,
    "!=": 6,
    "===": 6,
    "!==": 6,
    "<": 7,
    ">": 7,
    "<=": 7,
    ">=": 7,
    "<<": 8,
    ">>": 8,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
}
_KEYWORDS = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}


class _Parser:
    def __init__(self, text: str, base: int):
        self.tokens = tokenize(text, base)
        self.i = 0

    # token helpers
    def peek(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, text: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "op" and value == text

    def expect(self, text: str, what: str) -> Token:
        """Consume `text`; `what` is the phrase code saying why it is needed."""
        tok = self.next()
        if tok[0] != "op" or tok[1] != text:
            raise ExpressionError(
                tok[2], "expr.expected", text=text, what=phrase(what), found=_describe(tok)
            )
        return tok

    def done(self) -> None:
        tok = self.peek()
        if tok[0] != "end":
            raise ExpressionError(tok[2], "expr.trailing", found=_describe(tok))

    # grammar
    def expression(self) -> Expr:
        test = self.binary(1)
        if self.at("?"):
            self.next()
            then = self.expression()
            self.expect(":", "phrase.in_conditional")
            otherwise = self.expression()
            return Conditional(test.pos, test, then, otherwise)
        return test

    def binary(self, min_prec: int) -> Expr:
        left = self.unary()
        while True:
            kind, op, _ = self.peek()
            prec = _BINARY_PRECEDENCE.get(op) if kind == "op" else None
            if prec is None or prec < min_prec:
                return left
            self.next()
            right = self.binary(prec + 1)
            left = Binary(left.pos, op, left, right)

    def unary(self) -> Expr:
        kind, value, pos = self.peek()
        if (kind == "op" and value in ("!", "-", "+", "~")) or (
            kind == "name" and value == "typeof"
        ):
            self.next()
            return Unary(pos, value, self.unary())
        return self.postfix(self.primary())

    def postfix(self, expr: Expr) -> Expr:
        while True:
            if self.at("."):
                self.next()
                kind, value, pos = self.next()
                if kind != "name":
                    raise ExpressionError(
                        pos, "expr.property_after_dot", found=_describe((kind, value, pos))
                    )
                expr = Member(expr.pos, expr, Literal(pos, value), False)
            elif self.at("["):
                self.next()
                key = self.expression()
                self.expect("]", "phrase.close_bracket")
                expr = Member(expr.pos, expr, key, True)
            elif self.at("("):
                self.next()
                args = self.list_items(")")
                expr = Call(expr.pos, expr, args)
            else:
                return expr

    def list_items(self, close: str) -> list[Expr]:
        items: list[Expr] = []
        while not self.at(close):
            if self.at("..."):
                pos = self.next()[2]
                items.append(Spread(pos, self.expression()))
            else:
                items.append(self.expression())
            if not self.at(","):
                break
            self.next()
        self.expect(close, "phrase.close_list")
        return items

    def primary(self) -> Expr:
        kind, value, pos = self.next()
        if kind == "num":
            number: float = int(value, 16) if _HEX.fullmatch(value) else float(value)
            return Literal(
                pos, int(number) if number == int(number) and abs(number) < 2**53 else number
            )
        if kind == "str":
            return Literal(pos, _unescape(value[1:-1]))
        if kind == "name":
            if value in _KEYWORDS:
                return Literal(pos, _KEYWORDS[value])
            return Name(pos, value)
        if kind == "op":
            if value == "(":
                inner = self.expression()
                self.expect(")", "phrase.close_paren")
                return inner
            if value == "[":
                return ArrayLit(pos, self.list_items("]"))
            if value == "{":
                obj = self.object_body(pos, "}")
                self.expect("}", "phrase.close_object")
                return obj
        raise ExpressionError(pos, "expr.expected_value", found=_describe((kind, value, pos)))

    def object_body(self, pos: int, close: str) -> ObjectLit:
        """Properties `a: 1, b, ...c` up to `close` (not consumed); `close` may be "end"."""
        obj = ObjectLit(pos)
        while not self._at_close(close):
            if self.at("..."):
                spread_pos = self.next()[2]
                obj.props.append(Spread(spread_pos, self.expression()))
            else:
                kind, value, key_pos = self.next()
                if kind == "str":
                    key = _unescape(value[1:-1])
                elif kind in ("name", "num"):
                    key = value
                else:
                    raise ExpressionError(
                        key_pos, "expr.property_name", found=_describe((kind, value, key_pos))
                    )
                if self.at(":"):
                    self.next()
                    obj.props.append(Property(key, self.expression()))
                elif kind == "name":
                    obj.props.append(Property(key, Name(key_pos, key)))  # shorthand {a}
                else:
                    raise ExpressionError(self.peek()[2], "expr.colon_after_property", name=value)
            if not self.at(","):
                break
            self.next()
        return obj

    def _at_close(self, close: str) -> bool:
        return self.peek()[0] == "end" if close == "end" else self.at(close)


def _describe(tok: Token) -> dict[str, object]:
    kind, value, _ = tok
    if kind == "end":
        return phrase("phrase.end_of_expression")
    return phrase("phrase.token", token=value)


def parse_expression(text: str, base: int = 0) -> Expr:
    """Parse the text between `{{` and `}}`; `base` is its offset in the source file."""
    p = _Parser(text, base)
    if p.peek()[0] == "end":
        return Literal(base, "")  # WeChat renders an empty {{ }} as ""
    if p.at("..."):
        return parse_object_body(text, base)  # {{...obj}}
    expr = p.expression()
    if p.at(",") or p.at(":"):
        # `{{a, b}}`, `{{a: 1}}` and `{{...o}}` are object bodies, as WeChat reads them
        p.i = 0
        return parse_object_body(text, base)
    p.done()
    return expr


def parse_object_body(text: str, base: int = 0) -> ObjectLit:
    """Parse template data: `{{a, b: 1, ...c}}` is an object literal without braces."""
    p = _Parser(text, base)
    obj = p.object_body(base, "end")
    p.done()
    return obj


def parse_data_expression(text: str, base: int = 0) -> Expr:
    """Parse `<template data="{{…}}">`: a single name `{{x}}` means `{x: x}` as in WeChat."""
    p = _Parser(text, base)
    if p.at("{"):  # an explicit object literal: {{ {a: 1} }}
        return parse_expression(text, base)
    return parse_object_body(text, base)


# -------------------------------------------------------------------------- emitter


@dataclass
class Scope:
    """What a name in an expression refers to when the code is generated.

    `wxs` holds the file's WXS module names, which win over everything else as in
    WeChat; `locals` maps `wx:for` item/index names to JS variables; any other name is
    a data path.
    """

    locals: Mapping[str, str]
    wxs: frozenset[str]
    data: str = "d"
    # JS expression true when this code runs as another file's <include>: then `W` is
    # the includer's WXS modules and a name is looked up there first, at run time
    included: str = ""


# on_error(pos, code, **args): report message `code` (see messages.py) at `pos`.
CallError = Callable[..., None]

_JS_IDENT = re.compile(r"[A-Za-z_$][\w$]*\Z")


def js_string(value: str) -> str:
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _js_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def to_js(expr: Expr, scope: Scope, on_error: CallError) -> str:
    """Emit a JS expression; calls on anything but a WXS module are reported via `on_error`."""
    t = type(expr)
    if t is Literal:
        v = expr.value  # type: ignore[attr-defined]
        if v is UNDEFINED:
            return "undefined"
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if isinstance(v, str):
            return js_string(v)
        return _js_number(v)  # type: ignore[arg-type]
    if t is Name:
        name = expr.name  # type: ignore[attr-defined]
        # WeChat looks a name up in the WXS modules first, then in the loop variables,
        # then in the data: a module shadows a same-named wx:for-item too
        key = js_string(name)
        local = scope.locals.get(name)
        if local is not None:
            plain = local
        elif name in _OBJECT_MEMBERS:
            plain = f"R.own({scope.data}, {key})"  # only the data's own key
        elif _JS_IDENT.match(name):
            plain = f"{scope.data}.{name}"
        else:
            plain = f"{scope.data}[{key}]"
        included = scope.included
        if name in scope.wxs:
            if included:  # included content uses the includer's modules, if it has this one
                return f"(!{included} || {key} in W ? W[{key}] : {plain})"
            return f"W[{key}]"
        if included:
            return f"({included} && {key} in W ? W[{key}] : {plain})"
        return plain
    if t is Member:
        m: Member = expr  # type: ignore[assignment]
        # only a path from a WXS module may reach a function (WeChat hides the rest)
        helper = "R.w" if _from_wxs(m.obj, scope) else "R.m"
        return f"{helper}({to_js(m.obj, scope, on_error)}, {to_js(m.key, scope, on_error)})"
    if t is Binary:
        b: Binary = expr  # type: ignore[assignment]
        return f"({to_js(b.left, scope, on_error)} {b.op} {to_js(b.right, scope, on_error)})"
    if t is Unary:
        u: Unary = expr  # type: ignore[assignment]
        sep = " " if u.op == "typeof" else ""
        return f"({u.op}{sep}{to_js(u.operand, scope, on_error)})"
    if t is Conditional:
        c: Conditional = expr  # type: ignore[assignment]
        return (
            f"({to_js(c.test, scope, on_error)} ? {to_js(c.then, scope, on_error)}"
            f" : {to_js(c.otherwise, scope, on_error)})"
        )
    if t is ArrayLit:
        items = []
        for item in expr.items:  # type: ignore[attr-defined]
            if isinstance(item, Spread):
                items.append(f"...R.arr({to_js(item.value, scope, on_error)})")
            else:
                items.append(to_js(item, scope, on_error))
        return "[" + ", ".join(items) + "]"
    if t is ObjectLit:
        props = []
        for prop in expr.props:  # type: ignore[attr-defined]
            if isinstance(prop, Spread):
                props.append(f"...{to_js(prop.value, scope, on_error)}")
            else:
                props.append(f"{js_string(prop.key)}: {to_js(prop.value, scope, on_error)}")
        return "{" + ", ".join(props) + "}"
    if t is Call:
        return _call_to_js(expr, scope, on_error)  # type: ignore[arg-type]
    if t is Spread:
        on_error(expr.pos, "wxml.spread_outside")
        return "undefined"
    raise AssertionError(f"unknown expression node {t.__name__}")


# Names every object inherits: WeChat looks a data name up with hasOwnProperty, so
# `{{constructor}}` is undefined unless the data has such a key
_OBJECT_MEMBERS = frozenset(
    (
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    )
)


def _from_wxs(expr: Expr, scope: Scope) -> bool:
    """Whether a value comes from a WXS module: `m`, `m.a.b`, `m.f(x).y`."""
    while isinstance(expr, Member | Call):
        expr = expr.obj if isinstance(expr, Member) else expr.callee
    return isinstance(expr, Name) and expr.name in scope.wxs


def _root_name(expr: Expr) -> Name | None:
    while isinstance(expr, Member):
        expr = expr.obj
    return expr if isinstance(expr, Name) else None


def _call_to_js(call: Call, scope: Scope, on_error: CallError) -> str:
    root = _root_name(call.callee)
    if root is None or root.name not in scope.wxs:
        what = (
            phrase("phrase.name", name=root.name)
            if root is not None
            else phrase("phrase.this_value")
        )
        on_error(call.pos, "wxml.call_not_wxs", what=what)
        return "undefined"
    args = "[" + ", ".join(_arg_to_js(a, scope, on_error) for a in call.args) + "]"
    callee = call.callee
    if isinstance(callee, Member):
        return f"R.call({to_js(callee.obj, scope, on_error)}, {to_js(callee.key, scope, on_error)}, {args})"
    return f"R.apply({to_js(callee, scope, on_error)}, {args})"


def _arg_to_js(arg: Expr, scope: Scope, on_error: CallError) -> str:
    if isinstance(arg, Spread):
        return f"...R.arr({to_js(arg.value, scope, on_error)})"
    return to_js(arg, scope, on_error)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of an expression tree, parents first."""
    yield expr
    if isinstance(expr, Member):
        yield from walk(expr.obj)
        yield from walk(expr.key)
    elif isinstance(expr, Call):
        yield from walk(expr.callee)
        for a in expr.args:
            yield from walk(a)
    elif isinstance(expr, Unary):
        yield from walk(expr.operand)
    elif isinstance(expr, Binary):
        yield from walk(expr.left)
        yield from walk(expr.right)
    elif isinstance(expr, Conditional):
        yield from walk(expr.test)
        yield from walk(expr.then)
        yield from walk(expr.otherwise)
    elif isinstance(expr, Spread):
        yield from walk(expr.value)
    elif isinstance(expr, ArrayLit):
        for item in expr.items:
            yield from walk(item)
    elif isinstance(expr, ObjectLit):
        for prop in expr.props:
            yield from walk(prop.value)


def data_path(expr: Expr) -> str | None:
    """`a.b[0]` → "a.b[0]" for model: bindings; None when the expression is not a path."""
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Member):
        base = data_path(expr.obj)
        if base is None or not isinstance(expr.key, Literal):
            return None
        key = expr.key.value
        if not expr.computed and isinstance(key, str):
            return f"{base}.{key}"
        if isinstance(key, int):
            return f"{base}[{key}]"
        if isinstance(key, str):
            return f"{base}.{key}" if _JS_IDENT.match(key) else None
    return None
