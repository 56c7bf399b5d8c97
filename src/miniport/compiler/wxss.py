"""WXSS → CSS (docs/contracts.md §3).

Three rewrites make WeChat styles work in the browser runtime:

- `Nrpx` becomes `calc(N * var(--mp-rpx))`; the runtime sets `--mp-rpx` so that 750rpx
  is the page width.
- Type selectors naming a built-in component get the `wx-` prefix the view layer uses
  for their elements (`view` → `wx-view`, `page` → `wx-page`); `:host` and custom tags
  stay as written.
- `@import` is resolved at build time. Each file is compiled once into its own sheet
  (its rules without the imports) and `import_order` lists, for an entry style, the
  sheets it needs in cascade order. So a file imported by seventy components, like a
  UI library's common styles, is emitted once and adopted seventy times rather than
  copied seventy times; `inline_css` joins the sheets when one string is wanted.

The scanner is deliberately small: it understands strings, comments, `url(…)`, blocks
and at-rules, which is all these rewrites need, and reports unbalanced braces and
unclosed comments or strings at their position.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.wxml.lexer import SourceMap

# Tags of WeChat's built-in components (and `page`), which the view layer renders as
# `wx-<tag>` elements.
BUILTIN_TAGS = frozenset(
    [
        "page",
        "view",
        "text",
        "image",
        "button",
        "input",
        "textarea",
        "scroll-view",
        "swiper",
        "swiper-item",
        "icon",
        "progress",
        "rich-text",
        "checkbox",
        "checkbox-group",
        "form",
        "label",
        "picker",
        "picker-view",
        "picker-view-column",
        "radio",
        "radio-group",
        "slider",
        "switch",
        "navigator",
        "audio",
        "video",
        "camera",
        "canvas",
        "map",
        "cover-view",
        "cover-image",
        "movable-area",
        "movable-view",
        "web-view",
        "ad",
        "ad-custom",
        "editor",
        "live-player",
        "live-pusher",
        "open-data",
        "official-account",
        "page-container",
        "share-element",
        "match-media",
        "voip-room",
        "page-meta",
        "navigation-bar",
        "keyboard-accessory",
        "root-portal",
        "grid-view",
        "list-view",
        "sticky-header",
        "sticky-section",
        "functional-page-navigator",
        "channel-live",
        "channel-video",
        "store-product",
        "xr-frame",
    ]
)

# At-rules whose block holds rules (selectors), not declarations.
_RULE_BLOCK_AT_RULES = frozenset({"media", "supports", "document", "layer", "container", "scope"})
_KEYFRAMES = re.compile(r"^(-\w+-)?keyframes$")
_RPX = re.compile(r"(?<![\w.#-])([+-]?(?:\d+\.?\d*|\.\d+))rpx\b", re.IGNORECASE)
_STRING = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""")
_PLAIN_RUN = re.compile(r"""[^/"'uU{};]+""")
_IMPORT = re.compile(r"""^@import\s+(?:url\(\s*)?(["']?)([^"')\s]+)\1\s*\)?\s*$""", re.IGNORECASE)


@dataclass
class StyleImport:
    """An `@import` of one sheet: the resolved path and where the rule was written."""

    path: str
    line: int
    col: int
    written: str = ""  # the path as written in the rule, for messages


@dataclass
class StyleSheet:
    """One compiled .wxss file: its own CSS and the sheets it imports, in order."""

    path: str
    css: str
    imports: list[StyleImport] = field(default_factory=list)


def rpx_to_css(value: str) -> str:
    """Rewrite every `Nrpx` in declarations; strings and other units are left alone."""
    pieces = _STRING.split(value)
    for index in range(0, len(pieces), 2):
        pieces[index] = _RPX.sub(_rpx_calc, pieces[index])
    return "".join(pieces)


def _rpx_calc(match: re.Match[str]) -> str:
    return f"calc({_number(match.group(1))} * var(--mp-rpx))"


def _quoted_url(text: str, i: int) -> bool:
    """Whether `url(` at i-4 holds a quoted string (which the string scanner copies)."""
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i < len(text) and text[i] in "\"'"


def _number(text: str) -> str:
    if text.startswith("+"):
        text = text[1:]
    if text.startswith("."):
        text = "0" + text
    elif text.startswith("-."):
        text = "-0" + text[1:]
    return text


_BUILTIN_TAG_AT_START = re.compile(
    r"(?<![\w.#:\\-])(" + "|".join(sorted(BUILTIN_TAGS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def prefix_selector(selector: str) -> str:
    """Prefix the type selectors of built-in components in a selector list with `wx-`."""
    if not any(c in selector for c in "[\"'\\"):
        # No attribute selectors, strings or escapes: a tag name can only appear where
        # a compound selector starts, which one substitution finds.
        return _BUILTIN_TAG_AT_START.sub(lambda m: "wx-" + m.group(1).lower(), selector)
    return _prefix_selector_scan(selector)


def _prefix_selector_scan(selector: str) -> str:
    """The general case, character by character (attribute values may hold tag names)."""
    out: list[str] = []
    i, n = 0, len(selector)
    # A type selector may start where a compound selector starts: at the beginning,
    # after a combinator, a comma or an opening parenthesis.
    at_compound_start = True
    while i < n:
        ch = selector[i]
        if ch in "\"'":
            end = _string_end(selector, i)
            out.append(selector[i:end])
            i = end
            at_compound_start = False
        elif ch == "[":
            end = selector.find("]", i)
            end = n if end < 0 else end + 1
            out.append(selector[i:end])
            i = end
            at_compound_start = False
        elif ch in ".#:":
            # A class, id or pseudo name: copy the name so it is never mistaken for a tag.
            j = i + 1
            while j < n and selector[j] == ":":
                j += 1
            while j < n and (selector[j].isalnum() or selector[j] in "-_\\"):
                j += 2 if selector[j] == "\\" else 1
            out.append(selector[i:j])
            i = j
            at_compound_start = False
        elif ch.isalpha() or ch in "-_":
            j = i
            while j < n and (selector[j].isalnum() or selector[j] in "-_"):
                j += 1
            name = selector[i:j]
            if at_compound_start and name.lower() in BUILTIN_TAGS:
                out.append("wx-" + name.lower())
            else:
                out.append(name)
            i = j
            at_compound_start = False
        else:
            out.append(ch)
            at_compound_start = ch in " \t\r\n>+~,("
            i += 1
    return "".join(out)


def _string_end(text: str, start: int) -> int:
    """Index just past the string starting at `start`, or -1 when it never closes."""
    quote = text[start]
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i + 1
        if ch == "\n":
            return -1
        i += 1
    return -1


def resolve_import(from_path: str, target: str) -> str:
    """The root-relative path an `@import` names; `.wxss` is implied when absent."""
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(from_path), target)
    path = posixpath.normpath(path)
    if not path.endswith(".wxss"):
        path += ".wxss"
    return path


def compile_wxss(
    path: str,
    text: str,
    diags: Diagnostics,
    exists: Callable[[str], bool],
) -> StyleSheet:
    """Compile one WXSS file. `exists` tells whether a root-relative path is a file.

    Errors (unbalanced braces, unclosed strings or comments, imports of missing files)
    go to `diags` with their position; the returned sheet holds what could be compiled.
    """
    scanner = _Scanner(path, text, diags, exists)
    css = scanner.run()
    return StyleSheet(path=path, css=css, imports=scanner.imports)


class _Scanner:
    """Walks a WXSS text once, copying it to CSS with the rewrites applied."""

    def __init__(self, path: str, text: str, diags: Diagnostics, exists: Callable[[str], bool]):
        self.path = path
        self.text = text
        self.diags = diags
        self.exists = exists
        self.where = SourceMap(path, text).location
        self.imports: list[StyleImport] = []
        self.out: list[str] = []

    def error(self, offset: int, code: str, /, **args: object) -> None:
        line, col = self.where(offset)
        self.diags.error(self.path, line, col, code, **args)

    def run(self) -> str:
        text = self.text
        n = len(text)
        # Each open block is ("rules" | "keyframes" | "decls", offset of its "{").
        stack: list[tuple[str, int]] = []
        chunk_start = 0  # start of the prelude or declarations being gathered
        chunk: list[str] = []
        i = 0
        while i < n:
            # Jump over a run of ordinary characters in one step: this loop is the
            # WXSS stage's hot path.
            run = _PLAIN_RUN.match(text, i)
            if run is not None:
                piece = run.group()
                if not chunk:
                    stripped = piece.lstrip()
                    chunk_start = i + len(piece) - len(stripped)
                    if stripped:
                        chunk.append(stripped)
                else:
                    chunk.append(piece)
                i = run.end()
                continue
            ch = text[i]
            if ch == "/" and text.startswith("/*", i):
                end = text.find("*/", i + 2)
                if end < 0:
                    self.error(i, "wxss.comment_unclosed")
                    i = n
                    break
                i = end + 2
                if chunk:
                    chunk.append(" ")
                else:
                    chunk_start = i
                continue
            if ch in "\"'":
                end = _string_end(text, i)
                if end < 0:
                    self.error(i, "wxss.string_unclosed")
                    end = text.find("\n", i)
                    end = n if end < 0 else end
                chunk.append(text[i:end])
                i = end
                continue
            if ch in "uU" and text[i : i + 4].lower() == "url(" and not _quoted_url(text, i + 4):
                end = text.find(")", i)
                end = n if end < 0 else end + 1
                chunk.append(text[i:end])
                i = end
                continue
            context = stack[-1][0] if stack else "rules"
            if ch == "{":
                prelude = "".join(chunk).strip()
                chunk = []
                if context == "decls":
                    # Nested rule inside declarations (CSS nesting): keep it as written.
                    self.out.append(rpx_to_css(prelude) + "{")
                    stack.append(("decls", i))
                elif prelude.startswith("@"):
                    name = (
                        prelude[1:].split(None, 1)[0].split("(")[0].lower() if prelude[1:] else ""
                    )
                    if name in _RULE_BLOCK_AT_RULES:
                        kind = "rules"
                    elif _KEYFRAMES.match(name):
                        kind = "keyframes"
                    else:
                        kind = "decls"
                    self.out.append(prelude + "{")
                    stack.append((kind, i))
                elif context == "keyframes":
                    self.out.append(prelude + "{")
                    stack.append(("decls", i))
                else:
                    if not prelude:
                        self.error(i, "wxss.no_selector")
                    self.out.append(prefix_selector(prelude) + "{")
                    stack.append(("decls", i))
                chunk_start = i + 1
                i += 1
                continue
            if ch == "}":
                if not stack:
                    self.error(i, "wxss.unexpected_close")
                    chunk = []
                    i += 1
                    continue
                body = "".join(chunk)
                chunk = []
                if context == "decls":
                    self.out.append(rpx_to_css(body.strip()))
                elif body.strip():
                    self.error(chunk_start, "wxss.unfinished_rule", text=body.strip()[:40])
                stack.pop()
                self.out.append("}")
                chunk_start = i + 1
                i += 1
                continue
            if ch == ";" and context != "decls":
                statement = "".join(chunk).strip()
                chunk = []
                self.at_statement(statement, chunk_start)
                chunk_start = i + 1
                i += 1
                continue
            if not chunk:
                chunk_start = i
            chunk.append(ch)
            i += 1
        rest = "".join(chunk).strip()
        if stack:
            self.error(stack[-1][1], "wxss.brace_unclosed")
            if stack[-1][0] == "decls":
                self.out.append(rpx_to_css(rest))
            self.out.append("}" * len(stack))
        elif rest:
            if rest.startswith("@"):
                self.at_statement(rest, chunk_start)
            else:
                self.error(chunk_start, "wxss.unfinished_rule", text=rest[:40])
        return "".join(self.out)

    def at_statement(self, statement: str, offset: int) -> None:
        """A `;`-terminated statement outside declarations: @import, @charset, …"""
        if not statement:
            return
        lowered = statement.lower()
        if lowered.startswith("@import"):
            match = _IMPORT.match(statement)
            if not match:
                self.error(offset, "wxss.import_syntax", statement=statement)
                return
            target = match.group(2)
            if target.startswith(("http:", "https:", "//")):
                self.error(offset, "wxss.import_remote", target=target)
                return
            resolved = resolve_import(self.path, target)
            if not self.exists(resolved):
                self.error(offset, "wxss.import_missing", written=target, resolved=resolved)
                return
            line, col = self.where(offset)
            self.imports.append(StyleImport(resolved, line, col, target))
        elif lowered.startswith("@charset"):
            return  # Sheets are delivered as UTF-8 strings; a charset rule means nothing.
        elif statement.startswith("@"):
            self.out.append(statement + ";")
        else:
            self.error(offset, "wxss.unexpected_statement", text=statement[:40])


def import_order(entry: str, sheets: dict[str, StyleSheet], diags: Diagnostics) -> list[str]:
    """The sheets an entry style needs, imports first, each once; cycles are errors.

    A cycle is reported at the `@import` that closes it, naming the whole chain.
    """
    order: list[str] = []
    done: set[str] = set()
    active: list[str] = []

    def visit(path: str) -> None:
        if path in done or path not in sheets:
            return
        active.append(path)
        for imp in sheets[path].imports:
            if imp.path in active:
                chain = " → ".join([*active[active.index(imp.path) :], imp.path])
                diags.error(path, imp.line, imp.col, "wxss.import_cycle", chain=chain)
                continue
            visit(imp.path)
        active.pop()
        done.add(path)
        order.append(path)

    visit(entry)
    return order


def inline_css(entry: str, sheets: dict[str, StyleSheet], diags: Diagnostics) -> str:
    """The entry's CSS with its imports inlined, as one string."""
    return "\n".join(sheets[p].css for p in import_order(entry, sheets, diags) if sheets[p].css)
