"""WXML lexer: source text → a flat list of tags and texts with offsets.

Two things make WXML differ from XML and shape this lexer: `{{ … }}` is opaque (an
expression may hold `<`, `>` or the attribute's own quote character, as in
`class="{{ a ? "x" : "y" }}"`), and a `<wxs>` body is JavaScript, kept as raw text.
Scanning is done with a few compiled regular expressions that jump from one
interesting character to the next, never with a per-character Python loop, because
the compile stage must stay within a small factor of WeChat's native compiler.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..diagnostics import Diagnostics


class SourceMap:
    """Maps absolute offsets to 1-based line and column numbers."""

    __slots__ = ("file", "line_starts")

    def __init__(self, file: str, source: str):
        self.file = file
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r(?!\n)", source)]

    def location(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def error(self, diagnostics: Diagnostics, offset: int, code: str, /, **args: object) -> None:
        line, col = self.location(offset)
        diagnostics.error(self.file, line, col, code, **args)

    def warning(self, diagnostics: Diagnostics, offset: int, code: str, /, **args: object) -> None:
        line, col = self.location(offset)
        diagnostics.warning(self.file, line, col, code, **args)


@dataclass(slots=True)
class RawAttribute:
    name: str
    pos: int
    value: str | None  # None for a valueless attribute (`<view hidden>`)
    value_pos: int


@dataclass(slots=True)
class StartTag:
    pos: int
    name: str
    attrs: list[RawAttribute]
    self_closing: bool


@dataclass(slots=True)
class EndTag:
    pos: int
    name: str


@dataclass(slots=True)
class TextToken:
    pos: int
    value: str
    raw: bool = False  # True for a <wxs> body


Token = StartTag | EndTag | TextToken

_TEXT_STOP = re.compile(r"<|\{\{")
_TAG_NAME = re.compile(r"[A-Za-z_][\w\-.:]*")
_ATTR = re.compile(
    r"""\s*([^\s=/>"'{}]+)(?:\s*=\s*(?:
        "((?:[^"{]|\{(?!\{)|\{\{.*?\}\})*)"
      | '((?:[^'{]|\{(?!\{)|\{\{.*?\}\})*)'
      | ([^\s>"']+)))?""",
    re.VERBOSE | re.DOTALL,
)
_TAG_END = re.compile(r"\s*(/?)>")
_CLOSE_TAG = re.compile(r"</\s*([^\s>]+)\s*>")
_WXS_END = re.compile(r"</\s*wxs\s*>")
# The body of a `{{ … }}` up to its closing `}}`: string literals are skipped whole, so
# `{{ 'a}}b' }}` is one expression, as wcc reads it. Braces are not counted (wcc does
# not either: `{{ {a: {b: 1}} }}` is an error in both).
_MUSTACHE_BODY = re.compile(
    r"""(?:[^'"}]+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\}(?!\}))*""", re.DOTALL
)


def mustache_end(text: str, start: int) -> int:
    """Offset of the `}}` closing a `{{` whose body begins at `start`, or -1.

    A quote that never closes falls back to the first `}}`, so the expression parser
    can report the unterminated string where it starts instead of a missing `}}`.
    """
    end = _MUSTACHE_BODY.match(text, start).end()  # type: ignore[union-attr]
    if text.startswith("}}", end):
        return end
    return text.find("}}", start)


def mustaches(text: str) -> list[tuple[int, int]]:
    """(body start, body end) of every closed `{{ … }}` in `text`, in order."""
    found: list[tuple[int, int]] = []
    at = text.find("{{")
    while at >= 0:
        end = mustache_end(text, at + 2)
        if end < 0:
            break
        found.append((at + 2, end))
        at = text.find("{{", end + 2)
    return found


def lone_mustache(text: str) -> tuple[int, int] | None:
    """(body start, body end) when `text` is one `{{ … }}` and blanks, else None."""
    start = len(text) - len(text.lstrip())
    if not text.startswith("{{", start):
        return None
    end = mustache_end(text, start + 2)
    if end < 0 or text[end + 2 :].strip():
        return None
    return start + 2, end


def tokenize(source: str, smap: SourceMap, diagnostics: Diagnostics) -> list[Token]:
    """Split WXML into tokens; problems go to `diagnostics` and scanning carries on."""
    tokens: list[Token] = []
    append = tokens.append
    n = len(source)
    pos = 0
    text_start = 0
    search = _TEXT_STOP.search
    while pos < n:
        m = search(source, pos)
        if m is None:
            break
        at = m.start()
        if m.group() == "{{":
            close = mustache_end(source, at + 2)
            if close < 0:
                smap.error(diagnostics, at, "wxml.mustache_unclosed")
                pos = n
                break
            pos = close + 2
            continue
        # a `<`: flush pending text, then see what it opens
        nxt = source[at + 1 : at + 2]
        if nxt == "!" and source.startswith("<!--", at):
            end = source.find("-->", at + 4)
            if end < 0:
                smap.error(diagnostics, at, "wxml.comment_unclosed")
                end = n
            if at > text_start:
                append(TextToken(text_start, source[text_start:at]))
            pos = text_start = min(end + 3, n)
            continue
        if nxt == "/":
            cm = _CLOSE_TAG.match(source, at)
            if at > text_start:
                append(TextToken(text_start, source[text_start:at]))
            if cm is None:
                smap.error(diagnostics, at, "wxml.bad_closing_tag")
                gt = source.find(">", at)
                pos = text_start = n if gt < 0 else gt + 1
                continue
            append(EndTag(at, cm.group(1)))
            pos = text_start = cm.end()
            continue
        if nxt in ("!", "?"):  # <!DOCTYPE …>, <?xml …?>: ignored
            if at > text_start:
                append(TextToken(text_start, source[text_start:at]))
            gt = source.find(">", at)
            pos = text_start = n if gt < 0 else gt + 1
            continue
        nm = _TAG_NAME.match(source, at + 1)
        if nm is None:  # a lone `<` in text, e.g. "a < b": keep it as text
            pos = at + 1
            continue
        if at > text_start:
            append(TextToken(text_start, source[text_start:at]))
        pos = text_start = _start_tag(source, at, nm, smap, diagnostics, tokens)
    if text_start < n:
        append(TextToken(text_start, source[text_start:]))
    return tokens


def _start_tag(
    source: str,
    at: int,
    nm: re.Match[str],
    smap: SourceMap,
    diagnostics: Diagnostics,
    tokens: list[Token],
) -> int:
    """Lex `<name attr=… >` starting at `at`; returns the offset after the tag."""
    name = nm.group()
    attrs: list[RawAttribute] = []
    pos = nm.end()
    attr_match = _ATTR.match
    end_match = _TAG_END.match
    while True:
        em = end_match(source, pos)
        if em is not None:
            self_closing = em.group(1) == "/"
            pos = em.end()
            break
        am = attr_match(source, pos)
        if am is None or am.end() == pos:
            bad = pos
            while bad < len(source) and source[bad].isspace():
                bad += 1
            if bad >= len(source):
                smap.error(diagnostics, at, "wxml.tag_unfinished", name=name)
                return len(source)
            resumed = _bad_value(source, bad, name, attrs, smap, diagnostics)
            if resumed is not None and resumed >= 0:
                pos = resumed
                continue
            if resumed is None:
                smap.error(
                    diagnostics,
                    bad,
                    "wxml.attr_unexpected",
                    char=source[bad],
                    name=name,
                )
            gt = source.find(">", bad)
            self_closing = gt > 0 and source[gt - 1] == "/"
            pos = len(source) if gt < 0 else gt + 1
            break
        value_group = 2 if am.group(2) is not None else 3 if am.group(3) is not None else 4
        value = am.group(value_group)
        attrs.append(
            RawAttribute(
                am.group(1),
                am.start(1),
                value,
                am.start(value_group) if value is not None else am.end(),
            )
        )
        pos = am.end()
    tokens.append(StartTag(at, name, attrs, self_closing))
    if name == "wxs" and not self_closing:
        wm = _WXS_END.search(source, pos)
        if wm is None:
            smap.error(diagnostics, at, "wxml.wxs_unclosed")
            tokens.append(TextToken(pos, source[pos:], raw=True))
            return len(source)
        tokens.append(TextToken(pos, source[pos : wm.start()], raw=True))
        tokens.append(EndTag(wm.start(), "wxs"))
        return wm.end()
    return pos


_QUOTED_START = re.compile(r"=\s*([\"'])")


def _bad_value(
    source: str,
    bad: int,
    tag: str,
    attrs: list[RawAttribute],
    smap: SourceMap,
    diagnostics: Diagnostics,
) -> int | None:
    """Explain a quoted value the attribute pattern rejected.

    Returns where to resume lexing the tag, -1 when the error is reported but the tag
    cannot be resumed, or None when this is not a bad quoted value.

    The usual cause is a `{{` without its `}}` inside the quotes, which would otherwise
    be reported as a puzzling "unexpected `=`".
    """
    qm = _QUOTED_START.match(source, bad)
    if qm is None or not attrs:
        return None
    quote = qm.group(1)
    start = qm.end()
    end = source.find(quote, start)
    attr = attrs.pop()  # it was taken for a valueless attribute
    value = source[start:] if end < 0 else source[start:end]
    open_at = value.find("{{")
    if open_at >= 0 and "}}" not in value[open_at:]:
        smap.error(
            diagnostics,
            start + open_at,
            "wxml.attr_mustache_unclosed",
            attr=attr.name,
        )
    else:
        smap.error(
            diagnostics,
            qm.start(1),
            "wxml.attr_unclosed",
            attr=attr.name,
            tag=tag,
            quote=quote,
        )
    return -1 if end < 0 else end + 1
