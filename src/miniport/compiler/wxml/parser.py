"""WXML parser: lexer tokens → `nodes.Document`, with every problem reported.

The parser keeps going after an error (an unclosed tag is closed where it should have
been, a broken expression becomes `undefined`), so that one build shows every mistake
in a file. Unknown tags are never errors: they are custom components or built-ins,
and only the page's `usingComponents` can tell which.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics
from ..messages import phrase
from .expressions import (
    UNDEFINED,
    Expr,
    ExpressionError,
    Literal,
    data_path,
    parse_data_expression,
    parse_expression,
)
from .lexer import (
    EndTag,
    RawAttribute,
    SourceMap,
    StartTag,
    TextToken,
    lone_mustache,
    mustaches,
    tokenize,
)
from .nodes import (
    Attr,
    Block,
    Cond,
    Directed,
    Document,
    Element,
    Event,
    Import,
    Include,
    Interp,
    Loop,
    Model,
    Node,
    Part,
    TemplateCall,
    TemplateDef,
    Text,
    Wxs,
)

_EVENT = re.compile(r"(capture-bind|capture-catch|mut-bind|bind|catch)(:?)([A-Za-z_][\w\-]*)\Z")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*\Z")
_FOR_ATTRS = {"wx:for", "wx:for-items", "wx:for-item", "wx:for-index", "wx:key"}


class Parser:
    def __init__(self, path: str, source: str, diagnostics: Diagnostics):
        self.path = path
        self.source = source
        self.smap = SourceMap(path, source)
        self.diagnostics = diagnostics
        self.doc = Document(path)

    def error(self, pos: int, code: str, /, **args: object) -> None:
        self.smap.error(self.diagnostics, pos, code, **args)

    def warning(self, pos: int, code: str, /, **args: object) -> None:
        self.smap.warning(self.diagnostics, pos, code, **args)

    def bad_expression(self, exc: ExpressionError) -> None:
        self.error(exc.pos, "wxml.bad_expression", detail=phrase(exc.code, **exc.values))

    # ----------------------------------------------------------------- values

    def interp(self, text: str, base: int) -> Interp:
        if "{{" not in text:
            return Interp([text], base)
        parts: list[Part] = []
        last = 0
        for start, end in mustaches(text):
            if start - 2 > last:
                parts.append(text[last : start - 2])
            parts.append(self.expression(text[start:end], base + start))
            last = end + 2
        if last < len(text):
            parts.append(text[last:])
        return Interp(parts, base)

    def expression(self, text: str, base: int) -> Expr:
        try:
            return parse_expression(text, base)
        except ExpressionError as exc:
            self.bad_expression(exc)
            return Literal(base, UNDEFINED)

    def attr_interp(self, attr: RawAttribute) -> Interp:
        if attr.value is None:
            return Interp([], attr.value_pos)
        return self.interp(attr.value, attr.value_pos)

    # ------------------------------------------------------------------- tree

    def parse(self) -> Document:
        tokens = tokenize(self.source, self.smap, self.diagnostics)
        root: list[Node] = self.doc.children
        # stack entries: (start tag, children list of the open node)
        stack: list[tuple[StartTag, list[Node]]] = []
        children = root
        wxs_open: Wxs | None = None
        for tok in tokens:
            if isinstance(tok, TextToken):
                if tok.raw:
                    if wxs_open is not None:
                        wxs_open.body = tok.value
                        wxs_open.body_pos = tok.pos
                    continue
                value = tok.value
                if not value.strip():
                    continue  # whitespace between tags is not content, as in WeChat
                children.append(Text(tok.pos, self.interp(value, tok.pos)))
            elif isinstance(tok, StartTag):
                node, body = self.start(tok)
                wxs_open = node if isinstance(node, Wxs) else None
                if node is not None:
                    self.attach(node, children)
                if not tok.self_closing:
                    stack.append((tok, children))
                    children = body
            else:
                children = self.end(tok, stack, children)
        for start, _ in reversed(stack):
            self.error(start.pos, "wxml.unclosed_tag", name=start.name)
        return self.doc

    def end(
        self, tok: EndTag, stack: list[tuple[StartTag, list[Node]]], children: list[Node]
    ) -> list[Node]:
        names = [start.name for start, _ in stack]
        if tok.name not in names:
            self.error(tok.pos, "wxml.stray_end_tag", name=tok.name)
            return children
        while stack:
            start, parent_children = stack.pop()
            if start.name == tok.name:
                return parent_children
            line, col = self.smap.location(tok.pos)
            self.error(
                start.pos, "wxml.mismatched_tag", name=start.name, end=tok.name, line=line, col=col
            )
        return children

    def attach(self, node: Node, children: list[Node]) -> None:
        """Append `node` to its parent, checking that wx:elif/wx:else follow a wx:if."""
        if isinstance(node, TemplateDef | Import | Wxs):
            return  # file-level declarations, kept on the document
        if isinstance(node, Directed) and node.cond is not None and node.cond.kind != "if":
            if node.loop is not None:
                self.error(node.cond.pos, "wxml.cond_with_for", kind=node.cond.kind)
                node.loop = None
            prev = children[-1] if children else None
            if not (
                isinstance(prev, Directed)
                and prev.cond is not None
                and prev.cond.kind in ("if", "elif")
                and prev.loop is None  # with wx:for, wx:if is tested per item: no chain
            ):
                self.error(node.cond.pos, "wxml.cond_orphan", kind=node.cond.kind)
                node.cond = None
        children.append(node)

    # -------------------------------------------------------------- elements

    def start(self, tok: StartTag) -> tuple[Node | None, list[Node]]:
        """Build the node for a start tag; returns it and the list its children go to."""
        name = tok.name
        attrs = {a.name: a for a in tok.attrs}
        if name == "template":
            return self.template(tok, attrs)
        if name == "import":
            src = self.src(tok, attrs)
            node: Node | None = None
            if src:
                node = Import(tok.pos, src)
                self.doc.imports.append(node)
            return node, []
        if name == "include":
            src = self.src(tok, attrs)
            inc = Include(tok.pos, src=src or "")
            self.directives(inc, tok)
            if src:
                self.doc.includes.append(inc)
                return inc, []
            return None, []
        if name == "wxs":
            return self.wxs(tok, attrs), []
        if name == "block":
            block = Block(tok.pos)
            self.directives(block, tok)
            return block, block.children
        element = Element(tok.pos, tag=name)
        self.directives(element, tok)
        self.attributes(element, tok)
        return element, element.children

    def src(self, tok: StartTag, attrs: dict[str, RawAttribute]) -> str | None:
        attr = attrs.get("src")
        if attr is None or not attr.value:
            self.error(tok.pos, "wxml.src_missing", tag=tok.name)
            return None
        if "{{" in attr.value:
            self.error(attr.value_pos, "wxml.src_dynamic", tag=tok.name)
            return None
        return attr.value.strip()

    def template(
        self, tok: StartTag, attrs: dict[str, RawAttribute]
    ) -> tuple[Node | None, list[Node]]:
        if "name" in attrs:
            attr = attrs["name"]
            name = (attr.value or "").strip()
            if not name or "{{" in name:
                self.error(attr.value_pos, "wxml.template_name")
            definition = TemplateDef(tok.pos, name)
            if any(t.name == name for t in self.doc.templates):
                self.warning(tok.pos, "wxml.template_duplicate", name=name)
            self.doc.templates.append(definition)
            return definition, definition.children
        if "is" in attrs:
            call = TemplateCall(tok.pos, name=self.attr_interp(attrs["is"]))
            data = attrs.get("data")
            if data is not None and data.value:
                body = lone_mustache(data.value)
                if body is None:
                    self.error(data.value_pos, "wxml.template_data")
                else:
                    start, end = body
                    try:
                        call.data = parse_data_expression(
                            data.value[start:end], data.value_pos + start
                        )
                    except ExpressionError as exc:
                        self.bad_expression(exc)
            self.directives(call, tok)
            return call, []  # children of <template is> are ignored, as in WeChat
        self.error(tok.pos, "wxml.template_kind")
        return None, []

    def wxs(self, tok: StartTag, attrs: dict[str, RawAttribute]) -> Wxs | None:
        module_attr = attrs.get("module")
        module = (module_attr.value or "").strip() if module_attr else ""
        if not _IDENT.match(module):
            pos = module_attr.value_pos if module_attr else tok.pos
            self.error(pos, "wxml.wxs_module")
            return None
        if any(w.module == module for w in self.doc.wxs):
            self.error(tok.pos, "wxml.wxs_duplicate", module=module)
            return None
        src_attr = attrs.get("src")
        src = src_attr.value.strip() if src_attr is not None and src_attr.value else None
        node = Wxs(tok.pos, module, src, None, tok.pos)
        self.doc.wxs.append(node)
        return node

    def directives(self, node: Directed, tok: StartTag) -> None:
        loop_attrs: dict[str, RawAttribute] = {}
        for attr in tok.attrs:
            name = attr.name
            if name in ("wx:if", "wx:elif"):
                if attr.value is None:
                    self.error(attr.pos, "wxml.cond_missing", name=name)
                    continue
                kind = "if" if name == "wx:if" else "elif"
                node.cond = Cond(kind, self.attr_interp(attr), attr.pos)  # type: ignore[arg-type]
            elif name == "wx:else":
                node.cond = Cond("else", None, attr.pos)
            elif name in _FOR_ATTRS:
                loop_attrs[name] = attr
        if not loop_attrs:
            return
        items = loop_attrs.get("wx:for") or loop_attrs.get("wx:for-items")
        if items is None:
            first = next(iter(loop_attrs.values()))
            self.warning(first.pos, "wxml.loop_attr_alone", name=first.name)
            return
        node.loop = Loop(
            self.attr_interp(items),
            self.loop_name(loop_attrs.get("wx:for-item"), "item"),
            self.loop_name(loop_attrs.get("wx:for-index"), "index"),
            None,
            items.pos,
        )
        key = loop_attrs.get("wx:key")
        if key is not None and key.value:
            value = key.value.strip()
            body = lone_mustache(value)
            node.loop.key = value[body[0] : body[1]].strip() if body else value

    def loop_name(self, attr: RawAttribute | None, default: str) -> str:
        if attr is None or not attr.value:
            return default
        value = attr.value.strip()
        body = lone_mustache(value)
        if body:
            value = value[body[0] : body[1]].strip()
        if not _IDENT.match(value):
            self.error(attr.value_pos, "wxml.loop_name", name=attr.name)
            return default
        return value

    def attributes(self, element: Element, tok: StartTag) -> None:
        for attr in tok.attrs:
            name = attr.name
            if name.startswith("wx:"):
                if name not in _FOR_ATTRS and name not in ("wx:if", "wx:elif", "wx:else"):
                    self.warning(attr.pos, "wxml.unknown_directive", name=name)
                continue
            if name.startswith("model:"):
                self.model(element, attr)
                continue
            em = _EVENT.match(name)
            if em is not None:
                prefix = em.group(1)
                element.events.append(
                    Event(
                        em.group(3),
                        attr.pos,
                        self.attr_interp(attr),
                        capture=prefix.startswith("capture"),
                        catch=prefix.endswith("catch"),
                        mut=prefix == "mut-bind",
                    )
                )
                continue
            element.attrs.append(
                Attr(name, attr.pos, None if attr.value is None else self.attr_interp(attr))
            )

    def model(self, element: Element, attr: RawAttribute) -> None:
        target = attr.name[len("model:") :]
        value = self.attr_interp(attr)
        expr = value.single
        path = data_path(expr) if expr is not None else None
        if not target or path is None:
            self.error(
                attr.value_pos,
                "wxml.model_path",
                name=attr.name,
                example=attr.name or "model:value",
            )
            return
        element.models.append(Model(target, path, value, attr.pos))


def parse(path: str, source: str, diagnostics: Diagnostics) -> tuple[Document, SourceMap]:
    parser = Parser(path, source, diagnostics)
    return parser.parse(), parser.smap
