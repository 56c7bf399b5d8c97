"""Errors and warnings with a source position, collected rather than raised one by one.

Every stage reports through a `Diagnostics` collector so that a build shows all the
problems of a project at once, each as `FILE:LINE:COL: error: MESSAGE`.

A diagnostic is reported as a stable code plus the values of its message (see
`messages.py`), so it can be printed in English or Chinese and matched by tools
without parsing text. `message` is always the English text, as it always was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from miniport.compiler.messages import DEFAULT_LANGUAGE, render

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    message: str
    # Not compared: two reports of the same problem at the same place are one problem.
    code: str = field(default="", compare=False)
    args: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def create(
        cls,
        file: str,
        line: int,
        col: int,
        severity: Severity,
        code: str,
        args: Mapping[str, object],
    ) -> Diagnostic:
        """A diagnostic for message `code`; its English text is rendered now, once."""
        return cls(file, line, col, severity, render(code, args), code, dict(args))

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in `lang` ("en" or "zh-CN")."""
        if not self.code:
            return self.message
        return render(self.code, self.args, lang)

    def format(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """`FILE:LINE:COL: error: MESSAGE`; the severity word stays English in every
        language, because editors and CI log viewers parse it."""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.text(lang)}"

    def to_json(self) -> dict[str, object]:
        """Both languages at once, so an API client picks the one its user reads."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "message_zh": self.text("zh-CN"),
        }


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, col: int, code: str, /, **args: object) -> None:
        """Report message `code` (a key of `messages.MESSAGES`) filled in with `args`."""
        self.items.append(Diagnostic.create(file, line, col, "error", code, args))

    def warning(self, file: str, line: int, col: int, code: str, /, **args: object) -> None:
        self.items.append(Diagnostic.create(file, line, col, "warning", code, args))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.items))

    def __len__(self) -> int:
        return len(self.items)


class CompileError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic gathered so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
