"""JavaScript modules → the logic bundle of a part (docs/contracts.md §5).

Mini-program JS is not transpiled: classes, arrow functions, async/await, optional
chaining all pass through as written. Two things do happen at build time:

- Every module is wrapped as `define("path/from/root.js", function (require, module,
  exports) {…})` so the logic layer can load a part's modules from one file. The header
  sits on the module's first line, so line numbers inside a module stay as written.
- `require('…')` calls with a literal path are resolved now, the way the logic layer
  will at run time (relative, absolute from the root, then `miniprogram_npm/` packages
  found by walking up), so a missing module is a build error at its position instead
  of a crash on a user's phone.

ES module syntax (`import … from`, `export …`) is the one exception to "not
transpiled": WeChat DevTools converts it to CommonJS, and published libraries such as
@vant/weapp ship it, so top-level import and export declarations are rewritten to
`require`/`exports` in place, keeping every line where it was. Imported names are
bound when the import runs (not live bindings); exports are defined as getters up
front, so they are live and visible to circular importers.
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.messages import render
from miniport.compiler.wxml.lexer import SourceMap

_REGEX_AFTER_WORDS = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)


class Token(NamedTuple):
    """One significant token; a tuple because a module has thousands of them."""

    kind: str  # name | number | string | template | regex | punct
    value: str
    start: int
    end: int


class JsSyntaxError(ValueError):
    """A construct the module scanner cannot get past; `code` is a `messages` code."""

    def __init__(self, code: str, offset: int):
        self.code = code
        self.message = render(code, {})
        super().__init__(self.message)
        self.offset = offset


# Whitespace and comments before a token are consumed by the same match as the token,
# so the tokenizer does one regex match per token: this loop is the JS stage's hot path.
# Regex and template literals, whose extent depends on context, are matched as their
# first character ("/" or "`") and re-scanned by the loop.
_TOKEN = re.compile(
    r"""
    (?:[\s\ufeff]+|//[^\n\u2028\u2029]*|/\*[\s\S]*?\*/)*
    (?:
      (?P<name>[A-Za-z_$\\\u0080-\uffff][\w$\\\u0080-\uffff]*)
    | (?P<number>\.?\d(?:[\w.]|[eE][+-])*)
    | (?P<string>"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*')
    | (?P<punct>>>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=
        |=>|==|!=|<=|>=|&&|\|\||\?\?|\?\.(?!\d)|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|<<|>>|\*\*
        |[{}()\[\];,<>+\-*/%&|^!~?:=.@#`])
    )
    """,
    re.VERBOSE,
)
_SPACE = re.compile(r"(?:[\s\ufeff]+|//[^\n\u2028\u2029]*|/\*[\s\S]*?\*/)*")
_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]|\\[\s\S]|\$(?!\{))*")


def tokenize(source: str) -> list[Token]:
    """Split JS source into tokens, skipping comments and whitespace.

    Only as much of the grammar as finding `require` calls and module declarations
    needs: strings, template literals with nested `${}`, regex literals (told from
    division by the token before) and punctuation.
    """
    tokens: list[Token] = []
    append = tokens.append
    match = _TOKEN.match
    i, n = 0, len(source)
    # For each open `${` of a template literal, the brace depth it was opened at.
    template_depths: list[int] = []
    depth = 0
    while i < n:
        m = match(source, i)
        if m is None:
            start = _SPACE.match(source, i).end()  # type: ignore[union-attr]
            if start >= n:
                break
            ch = source[start]
            if ch in "\"'":
                raise JsSyntaxError("js.string_unclosed", _line_end(source, start))
            if source.startswith("/*", start):
                raise JsSyntaxError("js.comment_unclosed", start)
            # Any other character is passed over as punctuation of its own.
            append(Token("punct", ch, start, start + 1))
            i = start + 1
            continue
        kind = m.lastgroup
        start = m.start(kind)  # type: ignore[arg-type]
        end = m.end()
        value = m.group(kind)  # type: ignore[arg-type]
        if kind == "punct":
            if value in ("/", "/=") and _regex_allowed(tokens[-1] if tokens else None):
                end = _skip_regex(source, start)
                append(Token("regex", source[start:end], start, end))
                i = end
                continue
            if value == "`" or (value == "}" and template_depths and template_depths[-1] == depth):
                if value == "}":
                    template_depths.pop()
                end = _skip_template(source, start + 1, template_depths, depth)
                append(Token("template", source[start:end], start, end))
                i = end
                continue
            if value in "{([":
                depth += 1
            elif value in "})]":
                depth -= 1
        append(Token(kind, value, start, end))  # type: ignore[arg-type]
        i = end
    return tokens


def _newline_between(source: str, a: Token, b: Token) -> bool:
    return "\n" in source[a.end : b.start]


def _line_end(source: str, i: int) -> int:
    end = source.find("\n", i)
    return len(source) if end < 0 else end


def _regex_allowed(prev: Token | None) -> bool:
    if prev is None:
        return True
    if prev.kind == "punct":
        return prev.value not in (")", "]", "}", "++", "--")
    if prev.kind == "name":
        return prev.value in _REGEX_AFTER_WORDS
    return False


def _skip_string(source: str, i: int) -> int:
    quote = source[i]
    i += 1
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i + 1
        if ch == "\n":
            break
        i += 1
    raise JsSyntaxError("js.string_unclosed", i)


def _skip_template(source: str, i: int, template_depths: list[int], depth: int) -> int:
    """Skip template text up to the closing backtick or a `${` (which it enters)."""
    i = _TEMPLATE_TEXT.match(source, i).end()  # type: ignore[union-attr]
    if source.startswith("`", i):
        return i + 1
    if source.startswith("${", i):
        template_depths.append(depth)
        return i + 2
    raise JsSyntaxError("js.template_unclosed", i)


def _skip_regex(source: str, i: int) -> int:
    n = len(source)
    i += 1
    in_class = False
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n":
            break
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            i += 1
            while i < n and (source[i].isalnum() or source[i] == "_"):
                i += 1
            return i
        i += 1
    raise JsSyntaxError("js.regex_unclosed", i)


# -- module analysis -------------------------------------------------------------------


@dataclass
class Require:
    """A `require('spec')` (or import) with a literal spec, and where the spec is written."""

    spec: str
    offset: int


@dataclass
class ModuleInfo:
    path: str
    code: str  # the module body after rewriting module syntax
    requires: list[Require] = field(default_factory=list)
    is_es_module: bool = False
    alias: Mapping[str, str] | None = None


def apply_alias(spec: str, alias: Mapping[str, str] | None) -> str:
    """app.json's `resolveAlias` applied to a module or component path.

    `{"~/*": "/*", "@utils/*": "utils/*"}`: a key ending in `/*` maps a prefix, any
    other key an exact path. The result is absolute from the root (`/utils/x`).
    """
    if not alias:
        return spec
    for key, value in alias.items():
        if key.endswith("*"):
            if spec.startswith(key[:-1]):
                return "/" + (value[:-1] + spec[len(key) - 1 :]).lstrip("/")
        elif spec == key:
            return "/" + value.lstrip("/")
    return spec


def analyze_module(path: str, source: str, alias: Mapping[str, str] | None = None) -> ModuleInfo:
    """Find literal requires and rewrite top-level import/export declarations.

    Specs matching app.json's `resolveAlias` are rewritten in place to the absolute
    path they stand for, so the logic layer needs no alias table. Raises
    JsSyntaxError for text the scanner cannot read (unclosed strings, …).
    """
    tokens = tokenize(source)
    info = ModuleInfo(path=path, code=source, alias=alias)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    exported: list[tuple[str, str]] = []  # (exported name, local expression)
    depth = 0
    counter = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "punct":
            if tok.value in "{([":
                depth += 1
            elif tok.value in "})]":
                depth -= 1
        elif tok.kind == "template":
            # A template piece that opens `${` opens a level; one that closes `}` closes it.
            if tok.value.endswith("${"):
                depth += 1
            if tok.value.startswith("}"):
                depth -= 1
        elif tok.kind == "name":
            prev = tokens[i - 1] if i else None
            after_dot = prev is not None and prev.kind == "punct" and prev.value in (".", "?.")
            if (
                tok.value == "require"
                and not after_dot
                and i + 3 < len(tokens)
                and tokens[i + 1].value == "("
                and tokens[i + 2].kind == "string"
                and tokens[i + 3].value in (")", ",")
            ):
                literal = tokens[i + 2]
                spec = _module_spec(literal, info)
                if spec != _js_string_value(literal.value):
                    edits.append((literal.start, literal.end, json.dumps(spec)))
            elif depth == 0 and not after_dot and tok.value == "import":
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is not None and nxt.value not in ("(", "."):
                    counter += 1
                    i = _rewrite_import(tokens, i, source, info, edits, counter)
                    info.is_es_module = True
                    continue
            elif depth == 0 and not after_dot and tok.value == "export":
                counter += 1
                i = _rewrite_export(tokens, i, source, info, edits, exported, counter)
                info.is_es_module = True
                continue
        i += 1
    if edits:
        info.code = _apply_edits(source, edits)
    if info.is_es_module:
        prologue = ['"use strict";', 'Object.defineProperty(exports, "__esModule", {value: true});']
        for name, local in exported:
            prologue.append(
                f"Object.defineProperty(exports, {json.dumps(name)}, "
                f"{{enumerable: true, get: function () {{ return {local}; }}}});"
            )
        info.code = " ".join(prologue) + " " + info.code
    return info


def _pad(original: str, replacement: str) -> str:
    """Keep the replaced text's line count so later lines do not move."""
    return replacement + "\n" * original.count("\n")


def _apply_edits(source: str, edits: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    last = 0
    for start, end, text in sorted(edits):
        out.append(source[last:start])
        out.append(_pad(source[start:end], text))
        last = end
    out.append(source[last:])
    return "".join(out)


def _statement_end(tokens: list[Token], i: int) -> tuple[int, int]:
    """Index after an optional `;` at tokens[i], and the source offset the statement ends."""
    if i < len(tokens) and tokens[i].value == ";":
        return i + 1, tokens[i].end
    return i, tokens[i - 1].end


def _js_string_value(literal: str) -> str:
    """The value of a JS string literal (the escapes module paths use are Python's too)."""
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return literal[1:-1]
    return value if isinstance(value, str) else literal[1:-1]


def _module_spec(tok: Token, info: ModuleInfo) -> str:
    """The (alias-resolved) module path a string token names; recorded as a require."""
    spec = apply_alias(_js_string_value(tok.value), info.alias)
    info.requires.append(Require(spec, tok.start))
    return spec


def _rewrite_import(
    tokens: list[Token],
    i: int,
    source: str,
    info: ModuleInfo,
    edits: list[tuple[int, int, str]],
    counter: int,
) -> int:
    start = tokens[i].start
    j = i + 1
    if tokens[j].kind == "string":
        spec = _module_spec(tokens[j], info)
        j, end = _statement_end(tokens, j + 1)
        edits.append((start, end, f"require({json.dumps(spec)});"))
        return j
    default_name: str | None = None
    namespace: str | None = None
    named: list[tuple[str, str]] = []
    if tokens[j].kind == "name" and tokens[j].value != "from":
        default_name = tokens[j].value
        j += 1
        if tokens[j].value == ",":
            j += 1
    if tokens[j].value == "*":
        namespace = tokens[j + 2].value  # * as ns
        j += 3
    elif tokens[j].value == "{":
        j += 1
        while tokens[j].value != "}":
            imported = tokens[j].value
            local = imported
            if tokens[j].kind == "string":
                imported = _js_string_value(imported)
            j += 1
            if tokens[j].value == "as":
                local = tokens[j + 1].value
                j += 2
            named.append((imported, local))
            if tokens[j].value == ",":
                j += 1
        j += 1
    if tokens[j].value != "from" or tokens[j + 1].kind != "string":
        raise JsSyntaxError("js.import_syntax", start)
    spec = _module_spec(tokens[j + 1], info)
    j, end = _statement_end(tokens, j + 2)
    module_var = f"__mp_import{counter}"
    parts = [f"var {module_var} = require({json.dumps(spec)});"]
    if default_name:
        parts.append(
            f"const {default_name} = {module_var} && {module_var}.__esModule ? "
            f"{module_var}.default : {module_var};"
        )
    if namespace:
        parts.append(f"const {namespace} = {module_var};")
    for imported, local in named:
        parts.append(f"const {local} = {module_var}[{json.dumps(imported)}];")
    edits.append((start, end, " ".join(parts)))
    return j


def _rewrite_export(
    tokens: list[Token],
    i: int,
    source: str,
    info: ModuleInfo,
    edits: list[tuple[int, int, str]],
    exported: list[tuple[str, str]],
    counter: int,
) -> int:
    start = tokens[i].start
    j = i + 1
    tok = tokens[j]
    if tok.value == "default":
        nxt = tokens[j + 1]
        named_decl = nxt.value in ("function", "class") or (
            nxt.value == "async" and tokens[j + 2].value == "function"
        )
        if named_decl:
            k = j + 1
            while tokens[k].value in ("async", "function", "class", "*"):
                k += 1
            if tokens[k].kind == "name" and tokens[k].value not in ("extends",):
                edits.append((start, nxt.start, ""))
                exported.append(("default", tokens[k].value))
                return k
        edits.append((start, tok.end, "exports.default ="))
        return j + 1
    if tok.value in ("const", "let", "var"):
        edits.append((start, tok.start, ""))
        for name in _declared_names(source, tokens, j + 1):
            exported.append((name, name))
        return j + 1
    if tok.value in ("function", "class", "async"):
        k = j
        while tokens[k].value in ("async", "function", "class", "*"):
            k += 1
        edits.append((start, tok.start, ""))
        exported.append((tokens[k].value, tokens[k].value))
        return k
    if tok.value == "*":
        # export * from 'm'  |  export * as ns from 'm'
        k = j + 1
        alias = None
        if tokens[k].value == "as":
            alias = tokens[k + 1].value
            k += 2
        spec = _module_spec(tokens[k + 1], info)
        k, end = _statement_end(tokens, k + 2)
        module_var = f"__mp_export{counter}"
        text = f"var {module_var} = require({json.dumps(spec)});"
        if alias:
            exported.append((alias, module_var))
        else:
            text += (
                f" Object.keys({module_var}).forEach(function (k) {{ if (k !== 'default' && "
                f"k !== '__esModule' && !Object.prototype.hasOwnProperty.call(exports, k)) "
                f"Object.defineProperty(exports, k, {{enumerable: true, get: function () "
                f"{{ return {module_var}[k]; }}}}); }});"
            )
        edits.append((start, end, text))
        return k
    if tok.value == "{":
        k = j + 1
        pairs: list[tuple[str, str]] = []
        while tokens[k].value != "}":
            local = tokens[k].value
            name = local
            k += 1
            if tokens[k].value == "as":
                name = tokens[k + 1].value
                if tokens[k + 1].kind == "string":
                    name = _js_string_value(name)
                k += 2
            pairs.append((name, local))
            if tokens[k].value == ",":
                k += 1
        k += 1
        if k < len(tokens) and tokens[k].value == "from":
            spec = _module_spec(tokens[k + 1], info)
            module_var = f"__mp_export{counter}"
            k, end = _statement_end(tokens, k + 2)
            edits.append((start, end, f"var {module_var} = require({json.dumps(spec)});"))
            for name, local in pairs:
                exported.append((name, f"{module_var}[{json.dumps(local)}]"))
            return k
        k, end = _statement_end(tokens, k)
        edits.append((start, end, ""))
        exported.extend(pairs)
        return k
    raise JsSyntaxError("js.export_syntax", start)


def _declared_names(source: str, tokens: list[Token], k: int) -> list[str]:
    """Names declared by `const a = …, b = …` (plain identifiers; patterns are skipped)."""
    names: list[str] = []
    depth = 0
    expect_name = True
    while k < len(tokens):
        tok = tokens[k]
        if depth == 0 and tok.value == ";":
            break
        if (
            depth == 0
            and _newline_between(source, tokens[k - 1], tok)
            and not expect_name
            and names
            and tokens[k - 1].kind in ("name", "number", "string")
            and tok.kind == "name"
        ):
            break
        if tok.value in "{([" and tok.kind == "punct":
            depth += 1
        elif tok.value in "})]" and tok.kind == "punct":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and tok.value == ",":
            expect_name = True
            k += 1
            continue
        elif expect_name and depth == 0 and tok.kind == "name":
            names.append(tok.value)
        expect_name = False
        k += 1
    return names


# -- resolution and bundling -------------------------------------------------------------


def lookup_candidates(base_dir: str, target: str) -> list[str]:
    """Where WeChat looks for a module or component named `target` from `base_dir`, in
    order: absolute from the root; else relative, then (for a bare name) `miniprogram_npm/`
    in this folder and each folder above. Paths are normalized; ones leaving the root
    are dropped. Shared by `require` and `usingComponents` resolution."""
    candidates: list[str] = []
    if target.startswith("/"):
        candidates.append(target.lstrip("/"))
    else:
        candidates.append(posixpath.join(base_dir, target))
        if not target.startswith("."):
            directory = base_dir
            while True:
                candidates.append(posixpath.join(directory, "miniprogram_npm", target))
                if not directory:
                    break
                directory = posixpath.dirname(directory)
    normalized = (posixpath.normpath(candidate) for candidate in candidates)
    return [norm for norm in normalized if not norm.startswith("..")]


def resolve_require(from_path: str, spec: str, exists: Callable[[str], bool]) -> str | None:
    """The module file a require names, as the logic layer will resolve it, or None."""
    for norm in lookup_candidates(posixpath.dirname(from_path), spec):
        for path in (norm, f"{norm}.js", f"{norm}/index.js"):
            if path.endswith(".js") and exists(path):
                return path
    return None


def compile_module(
    path: str,
    source: str,
    diags: Diagnostics,
    exists: Callable[[str], bool],
    alias: Mapping[str, str] | None = None,
) -> ModuleInfo | None:
    """Analyze and check one module; errors go to `diags` with their position."""
    where = SourceMap(path, source).location
    try:
        info = analyze_module(path, source, alias)
    except JsSyntaxError as exc:
        line, col = where(exc.offset)
        diags.error(path, line, col, exc.code)
        return None
    except IndexError:
        line, col = where(len(source))
        diags.error(path, line, col, "js.unexpected_eof")
        return None
    for req in info.requires:
        if resolve_require(path, req.spec, exists) is None:
            line, col = where(req.offset)
            diags.error(path, line, col, "js.require_missing", spec=req.spec)
    return info


def wrap_module(info: ModuleInfo) -> str:
    """The module's `define(…)` entry in a logic bundle (header on the first line)."""
    return (
        f"define({json.dumps(info.path)}, function (require, module, exports) {{{info.code}\n}});\n"
    )
