"""Typed WXML syntax tree built by the parser and walked by the code generator.

Directives are lifted out of attributes here (`wx:if` becomes `Cond`, `wx:for` a
`Loop`, `bind:tap` an `Event`, `model:value` a `Model`) so the code generator never
has to look at attribute names again. Positions are absolute offsets into the source;
`SourceMap` turns them into line and column when an error is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .expressions import Expr

Part = str | Expr


@dataclass(slots=True)
class Interp:
    """An attribute value or text: literal strings and `{{ }}` expressions in order."""

    parts: list[Part]
    pos: int

    @property
    def single(self) -> Expr | None:
        """The expression of a lone `"{{x}}"`, whose value keeps its type."""
        if len(self.parts) == 1 and not isinstance(self.parts[0], str):
            return self.parts[0]
        return None

    @property
    def static(self) -> str | None:
        if all(isinstance(p, str) for p in self.parts):
            return "".join(self.parts)  # type: ignore[arg-type]
        return None


@dataclass(slots=True)
class Attr:
    name: str
    pos: int
    value: Interp | None  # None: valueless attribute, evaluates to true


@dataclass(slots=True)
class Event:
    name: str  # "tap"
    pos: int
    handler: Interp
    capture: bool = False
    catch: bool = False
    mut: bool = False


@dataclass(slots=True)
class Model:
    attr: str  # "value" for model:value
    path: str  # "a.b"
    value: Interp
    pos: int


@dataclass(slots=True)
class Cond:
    kind: Literal["if", "elif", "else"]
    test: Interp | None
    pos: int


@dataclass(slots=True)
class Loop:
    items: Interp
    item: str
    index: str
    key: str | None  # property name, "*this", or None
    pos: int


@dataclass(slots=True)
class Node:
    pos: int


@dataclass(slots=True)
class Text(Node):
    value: Interp


@dataclass(slots=True)
class Directed(Node):
    """A node that may carry wx:if/elif/else and wx:for."""

    cond: Cond | None = None
    loop: Loop | None = None


@dataclass(slots=True)
class Element(Directed):
    tag: str = ""
    attrs: list[Attr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Block(Directed):
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class TemplateCall(Directed):
    name: Interp | None = None
    data: Expr | None = None


@dataclass(slots=True)
class Include(Directed):
    src: str = ""


@dataclass(slots=True)
class TemplateDef(Node):
    name: str
    children: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Import(Node):
    src: str


@dataclass(slots=True)
class Wxs(Node):
    module: str
    src: str | None
    body: str | None
    body_pos: int


@dataclass
class Document:
    path: str
    children: list[Node] = field(default_factory=list)
    templates: list[TemplateDef] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    wxs: list[Wxs] = field(default_factory=list)
