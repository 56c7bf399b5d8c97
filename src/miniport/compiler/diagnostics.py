"""Errors and warnings with a source position, collected rather than raised one by one.

Every stage reports through a `Diagnostics` collector so that a build shows all the
problems of a project at once, each as `FILE:LINE:COL: error: MESSAGE`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(file, line, col, "error", message))

    def warning(self, file: str, line: int, col: int, message: str) -> None:
        self.items.append(Diagnostic(file, line, col, "warning", message))

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
