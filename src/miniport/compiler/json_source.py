"""JSON config files with source positions.

Mini-program configs (app.json, page and component .json) are strict JSON. Python's
`json` module parses them and reports syntax errors with line and column, but forgets
where each value came from once parsing succeeds. A developer who lists a page that does
not exist wants the error on that very string in app.json, so this module re-scans the
(already valid) text and records the line and column of every value by its path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from miniport.compiler.messages import render

JsonPath = tuple[str | int, ...]


@dataclass
class JsonDocument:
    """A parsed JSON file: its value and, on demand, where each nested value starts.

    Positions are only needed to report an error, so the text is re-scanned for them
    the first time one is asked for, not on every build of a healthy project.
    """

    value: Any
    text: str = ""
    _positions: dict[JsonPath, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[JsonPath, tuple[int, int]]:
        if self._positions is None:
            locator = _Locator(self.text)
            locator.value(())
            self._positions = locator.positions
        return self._positions

    def position(self, *path: str | int) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest ancestor."""
        positions = self.positions
        key: JsonPath = tuple(path)
        while key:
            if key in positions:
                return positions[key]
            key = key[:-1]
        return positions.get((), (1, 1))

    def key_position(self, *path: str | int) -> tuple[int, int]:
        """Line and column of the object key that names the value at `path`."""
        return self.positions.get(("#key", *path), self.position(*path))


class JsonSyntaxError(ValueError):
    """Invalid JSON, with the 1-based line and column of the problem.

    `code` is a `messages` code (`json.syntax…`) and `detail` Python's own description,
    which has no translation; the code's text adds the advice, in either language.
    """

    def __init__(self, code: str, detail: str, line: int, col: int):
        self.code = code
        self.detail = detail
        self.message = render(code, {"detail": detail})
        super().__init__(self.message)
        self.line = line
        self.col = col


def parse_json(text: str) -> JsonDocument:
    """Parse `text` as strict JSON and locate every value in it.

    Raises `JsonSyntaxError` with a position when the text is not valid JSON.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(_explain(exc), exc.msg, exc.lineno, exc.colno) from None
    return JsonDocument(value, text)


def _explain(exc: json.JSONDecodeError) -> str:
    """The message code whose advice fits Python's terse JSON message."""
    msg = exc.msg
    if msg.startswith("Expecting property name enclosed in double quotes"):
        return "json.syntax_key"
    if msg.startswith("Expecting ',' delimiter"):
        return "json.syntax_comma"
    if msg.startswith("Expecting value"):
        return "json.syntax_value"
    if msg.startswith("Extra data"):
        return "json.syntax_extra"
    return "json.syntax"


class _Locator:
    """Walks valid JSON text once, recording the start of every value."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.positions: dict[JsonPath, tuple[int, int]] = {}
        # Line starts let us turn an offset into (line, col) by bisection.
        self.line_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(i + 1)

    def _where(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def _skip_ws(self) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n and text[self.pos] in " \t\r\n":
            self.pos += 1

    def value(self, path: JsonPath) -> None:
        self._skip_ws()
        self.positions[path] = self._where(self.pos)
        ch = self.text[self.pos]
        if ch == "{":
            self._object(path)
        elif ch == "[":
            self._array(path)
        elif ch == '"':
            self._string()
        else:
            self._scalar()

    def _object(self, path: JsonPath) -> None:
        self.pos += 1
        self._skip_ws()
        if self.text[self.pos] == "}":
            self.pos += 1
            return
        while True:
            self._skip_ws()
            key_at = self.pos
            key = self._string()
            self.positions[("#key", *path, key)] = self._where(key_at)
            self._skip_ws()
            self.pos += 1  # ':'
            self.value((*path, key))
            self._skip_ws()
            sep = self.text[self.pos]
            self.pos += 1
            if sep == "}":
                return

    def _array(self, path: JsonPath) -> None:
        self.pos += 1
        self._skip_ws()
        if self.text[self.pos] == "]":
            self.pos += 1
            return
        index = 0
        while True:
            self.value((*path, index))
            index += 1
            self._skip_ws()
            sep = self.text[self.pos]
            self.pos += 1
            if sep == "]":
                return

    def _string(self) -> str:
        start = self.pos
        self.pos += 1
        text = self.text
        while text[self.pos] != '"':
            self.pos += 2 if text[self.pos] == "\\" else 1
        self.pos += 1
        return json.loads(text[start : self.pos])

    def _scalar(self) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n and text[self.pos] not in ",]} \t\r\n":
            self.pos += 1
