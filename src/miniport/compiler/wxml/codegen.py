"""Code generator: `nodes.Document` → the JavaScript entry of one WXML file.

The entry is an object literal the view bundle registers under the file's path:

    {imports: [...], includes: [...], wxs: {name: moduleId}, templates: [...],
     create: function (R, F) { …; return function (d, o, W) { … } }}

`create` runs once per view when the file is first used. `R` is the helper module
`wxml-runtime.js`; `F` is the file's link context built by the runtime from the
metadata above (`F.wxs` the WXS module exports by name, `F.tpl(name)` template lookup
over this file and its direct imports, `F.def` to register a template, `F.include`).
The returned render function appends the file's VNodes (docs/contracts.md §1) to the
array `o`; `W`, when given, replaces the file's own WXS modules (an included file sees
the modules of the file that includes it, as in WeChat): then each name is looked up
in `W` at run time before the loop variables and the data (`I` says which case
holds). Loops are emitted as plain `for` statements over a flat item/index array and
member access goes through `R.m`, so rendering allocates little and never throws on
missing data.
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import Diagnostics
from .expressions import Expr, Scope, js_string, to_js
from .lexer import SourceMap
from .nodes import (
    Block,
    Directed,
    Document,
    Element,
    Include,
    Interp,
    Node,
    TemplateCall,
    TemplateDef,
    Text,
)


class CodeGenerator:
    def __init__(
        self,
        doc: Document,
        smap: SourceMap,
        diagnostics: Diagnostics,
        wxs_ids: dict[str, str],
        import_paths: list[str],
        include_paths: dict[int, str],
    ):
        self.doc = doc
        self.smap = smap
        self.diagnostics = diagnostics
        self.wxs_names = frozenset(wxs_ids)
        self.wxs_ids = wxs_ids
        self.import_paths = import_paths
        self.include_paths = include_paths  # Include.pos → resolved path
        self.lines: list[str] = []
        self.counter = 0

    # ------------------------------------------------------------ helpers

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("  " * depth + line)

    def on_error(self, pos: int, code: str, /, **args: object) -> None:
        self.smap.error(self.diagnostics, pos, code, **args)

    def expr(self, expr: Expr, scope: Scope) -> str:
        return to_js(expr, scope, self.on_error)

    def value(self, interp: Interp | None, scope: Scope) -> str:
        """An attribute value: a lone {{x}} keeps its type, mixed parts make a string."""
        if interp is None:
            return "true"
        single = interp.single
        if single is not None:
            return self.expr(single, scope)
        return self.string(interp, scope)

    def string(self, interp: Interp, scope: Scope) -> str:
        pieces = [
            js_string(p) if isinstance(p, str) else f"R.s({self.expr(p, scope)})"
            for p in interp.parts
        ]
        if not pieces:
            return '""'
        if isinstance(interp.parts[0], str):
            return " + ".join(pieces) if len(pieces) > 1 else pieces[0]
        return '"" + ' + " + ".join(pieces)

    # -------------------------------------------------------------- file

    def generate(self) -> str:
        top = Scope({}, self.wxs_names, included="I")
        self.lines = []
        self.emit(1, "var W = F.wxs;")
        for definition in self.doc.templates:
            self.template_def(definition)
        # `W` is a parameter so that, when this file is included, its content uses the
        # including file's WXS modules (include copies everything but <wxs>)
        self.emit(1, "return function (d, o, W) {")
        self.emit(2, "var I = !!W;")
        self.emit(2, "if (!W) W = F.wxs;")
        self.children(self.doc.children, "o", top, 2)
        self.emit(1, "};")
        body = "\n".join(self.lines)
        meta = {
            "imports": "[" + ", ".join(js_string(p) for p in self.import_paths) + "]",
            "includes": "["
            + ", ".join(js_string(p) for p in dict.fromkeys(self.include_paths.values()))
            + "]",
            "wxs": "{"
            + ", ".join(f"{js_string(k)}: {js_string(v)}" for k, v in self.wxs_ids.items())
            + "}",
            "templates": "[" + ", ".join(js_string(t.name) for t in self.doc.templates) + "]",
        }
        head = ", ".join(f"{k}: {v}" for k, v in meta.items())
        return f"{{{head}, create: function (R, F) {{\n{body}\n}}}}"

    def template_def(self, definition: TemplateDef) -> None:
        self.emit(1, f"F.def({js_string(definition.name)}, function (d, o) {{")
        self.children(definition.children, "o", Scope({}, self.wxs_names), 2)
        self.emit(1, "});")

    # ---------------------------------------------------------- children

    def children(self, nodes: list[Node], out: str, scope: Scope, depth: int) -> None:
        i = 0
        n = len(nodes)
        while i < n:
            node = nodes[i]
            if isinstance(node, Directed) and node.cond is not None and node.cond.kind == "if":
                chain = [node]
                i += 1
                while i < n:
                    nxt = nodes[i]
                    if isinstance(nxt, Directed) and nxt.cond is not None and nxt.cond.kind != "if":
                        chain.append(nxt)
                        i += 1
                        if nxt.cond.kind == "else":
                            break
                    else:
                        break
                if len(chain) == 1 and node.loop is not None:
                    # wx:for takes precedence over wx:if: the condition is per item
                    self.loop(node, out, scope, depth, with_cond=True)
                else:
                    self.chain(chain, out, scope, depth)
                continue
            if isinstance(node, Directed) and node.loop is not None:
                self.loop(node, out, scope, depth, with_cond=False)
            else:
                self.node(node, out, scope, depth)
            i += 1

    def chain(self, chain: list[Directed], out: str, scope: Scope, depth: int) -> None:
        for index, node in enumerate(chain):
            cond = node.cond
            assert cond is not None
            if cond.kind == "else":
                self.emit(depth, "} else {" if index else "{")
            else:
                test = self.value(cond.test, scope)
                keyword = "if" if index == 0 else "} else if"
                self.emit(depth, f"{keyword} ({test}) {{")
            self.node(node, out, scope, depth + 1)  # the parser keeps loops out of chains
        self.emit(depth, "}")

    def loop(self, node: Directed, out: str, scope: Scope, depth: int, with_cond: bool) -> None:
        loop = node.loop
        assert loop is not None
        seq, i, item, index = self.fresh("s"), self.fresh("i"), self.fresh("v"), self.fresh("k")
        self.emit(depth, f"var {seq} = R.seq({self.value(loop.items, scope)});")
        self.emit(depth, f"for (var {i} = 0; {i} < {seq}.length; {i} += 2) {{")
        self.emit(depth + 1, f"var {item} = {seq}[{i}], {index} = {seq}[{i} + 1];")
        inner = replace(scope, locals={**scope.locals, loop.item: item, loop.index: index})
        start = None
        if loop.key is not None:
            start = self.fresh("n")
            self.emit(depth + 1, f"var {start} = {out}.length;")
        body_depth = depth + 1
        if with_cond and node.cond is not None and node.cond.test is not None:
            self.emit(depth + 1, f"if ({self.value(node.cond.test, inner)}) {{")
            body_depth += 1
        self.node(node, out, inner, body_depth)
        if body_depth > depth + 1:
            self.emit(depth + 1, "}")
        if start is not None:
            key = item if loop.key == "*this" else f"R.m({item}, {js_string(loop.key or '')})"
            self.emit(depth + 1, f"R.key({out}, {start}, {key});")
        self.emit(depth, "}")

    def node(self, node: Node, out: str, scope: Scope, depth: int) -> None:
        if isinstance(node, Text):
            static = node.value.static
            text = js_string(static) if static is not None else self.string(node.value, scope)
            self.emit(depth, f"{out}.push({text});")
        elif isinstance(node, Element):
            self.element(node, out, scope, depth)
        elif isinstance(node, Block):
            self.children(node.children, out, scope, depth)
        elif isinstance(node, TemplateCall):
            name = self.value(node.name, scope)
            data = self.expr(node.data, scope) if node.data is not None else "{}"
            self.emit(depth, f"R.tpl(F, {name}, {data}, {out});")
        elif isinstance(node, Include):
            path = self.include_paths.get(node.pos)
            if path is not None:
                data = scope.data
                if scope.locals:
                    # an include is a copy of the file's content: it sees loop variables too
                    names = ", ".join(f"{js_string(k)}: {v}" for k, v in scope.locals.items())
                    data = f"R.scope({scope.data}, {{{names}}})"
                self.emit(depth, f"F.include({js_string(path)}, {data}, {out}, W);")

    def element(self, el: Element, out: str, scope: Scope, depth: int) -> None:
        attrs = [f"{js_string(a.name)}: {self.value(a.value, scope)}" for a in el.attrs]
        attrs += [f"{js_string(m.attr)}: {self.value(m.value, scope)}" for m in el.models]
        fields = [f"tag: {js_string(el.tag)}", "attrs: {" + ", ".join(attrs) + "}"]
        if el.events:
            events = [
                "{"
                f"name: {js_string(e.name)}, handler: {self.value(e.handler, scope)}, "
                f"capture: {_js_bool(e.capture)}, catch: {_js_bool(e.catch)}, mut: {_js_bool(e.mut)}"
                "}"
                for e in el.events
            ]
            fields.append("events: [" + ", ".join(events) + "]")
        if el.models:
            fields.append(
                "models: {"
                + ", ".join(f"{js_string(m.attr)}: {js_string(m.path)}" for m in el.models)
                + "}"
            )
        if not el.children:
            fields.append("children: []")
            self.emit(depth, f"{out}.push({{{', '.join(fields)}}});")
            return
        child = self.fresh("c")
        self.emit(depth, f"var {child} = [];")
        fields.append(f"children: {child}")
        self.emit(depth, f"{out}.push({{{', '.join(fields)}}});")
        self.children(el.children, child, scope, depth)


def _js_bool(value: bool) -> str:
    return "true" if value else "false"
