"""WXS modules: CommonJS-like ES5 shipped with the templates, wrapped as module functions.

WXS is run as it is written, with two differences from plain JavaScript that real code
depends on (vant's `array.wxs` tests `value.constructor === 'Array'`):

* `x.constructor` is a *string* naming the type ("Object", "Array", "Function",
  "Date", "RegExp", "Number", "String", "Boolean"). We rewrite the member access
  `.constructor` into `[CTOR]`, where `CTOR` is a symbol whose getter (installed once
  by wxml-runtime.js on `Object.prototype`, invisible to any other code) returns that
  name.
* `getRegExp(pattern, flags)` and `getDate(...)` replace the `RegExp` and `Date`
  constructors; they are passed in as parameters of the module function.

The rewrite scans strings and comments so it never touches text inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostics
from .lexer import SourceMap
from .paths import Ref, resolve

# strings, comments, `.constructor`, require('x') — everything else is copied unchanged
_SCAN = re.compile(
    r"""
    (?P<skip>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|//[^\n]*|/\*.*?\*/)
  | (?P<ctor>\.\s*constructor\b)
  | (?P<require>\brequire\s*\(\s*(?P<q>["'])(?P<src>[^"'\n]*)(?P=q)\s*\))
    """,
    re.VERBOSE | re.DOTALL,
)

# WXS keeps the backslash of an escape JavaScript does not know ('\d' is two characters,
# so vant's getRegExp('^\d+$') works); we double such backslashes for JavaScript
_UNKNOWN_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\([^'\"\\bfnrtv0xu\r\n])")

WXS_PARAMS = "require, module, exports, getRegExp, getDate, __wxsCtor"


@dataclass
class CompiledWxs:
    """One WXS module: `id` is its path (`utils/x.wxs`) or `page.wxml#name` when inline."""

    id: str
    js: str
    requires: list[Ref] = field(default_factory=list)


def compile_wxs(
    module_id: str,
    source: str,
    diagnostics: Diagnostics,
    *,
    file: str | None = None,
    base_offset: int = 0,
    file_source: str | None = None,
) -> CompiledWxs:
    """Wrap WXS source as `function (require, module, exports, …) { … }`.

    For inline `<wxs>` bodies, `file`/`file_source`/`base_offset` locate the body inside
    its WXML file so errors point at the right line.
    """
    where = file or module_id
    smap = SourceMap(where, file_source if file_source is not None else source)
    requires: list[Ref] = []
    out: list[str] = []
    last = 0
    for m in _SCAN.finditer(source):
        kind = m.lastgroup
        if kind == "skip":
            text = m.group()
            if text[0] in "'\"" and "\\" in text:
                fixed = _UNKNOWN_ESCAPE.sub(_keep_backslash, text)
                if fixed != text:
                    out.append(source[last : m.start()])
                    out.append(fixed)
                    last = m.end()
            continue
        out.append(source[last : m.start()])
        last = m.end()
        if kind == "ctor":
            out.append("[__wxsCtor]")
            continue
        src = m.group("src")
        pos = base_offset + m.start("src")
        line, col = smap.location(pos)
        resolved = resolve(where.split("#")[0], src, ".wxs")
        if resolved is None or not src.endswith(".wxs"):
            diagnostics.error(
                where,
                line,
                col,
                "wxs.require_invalid",
                src=src,
            )
            out.append(m.group())
            continue
        requires.append(Ref(resolved, where, line, col))
        out.append(f"require({_quote(resolved)})")
    out.append(source[last:])
    body = "".join(out)
    js = f"function ({WXS_PARAMS}) {{\n{body}\n}}"
    return CompiledWxs(module_id, js, requires)


def _keep_backslash(m: re.Match[str]) -> str:
    return m.group(1) + "\\\\" + m.group(2)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
