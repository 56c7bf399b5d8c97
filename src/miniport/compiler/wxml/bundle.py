"""The view bundle of a package part, and collecting the files a set of pages needs.

A bundle is one script:

    defineView({format: 1, templates: {"<path>.wxml": <entry>, …},
                wxs: {"<path>.wxs" | "<path>.wxml#<module>": function (…) {…}, …}});

The view layer evaluates it with `new Function("defineView", text)(registrar)` and
links it with `createView` from wxml-runtime.js; nothing else is in scope, so a bundle
can only reach the helpers it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..diagnostics import Diagnostics
from ..messages import phrase
from .expressions import js_string
from .paths import Ref
from .template import CompiledTemplate, compile_wxml
from .wxs import CompiledWxs, compile_wxs

BUNDLE_FORMAT = 1


def bundle_view(templates: Iterable[CompiledTemplate], wxs_modules: Iterable[CompiledWxs]) -> str:
    """Join compiled files into one view script; entries are sorted so output is deterministic."""
    template_list = sorted(templates, key=lambda t: t.path)
    modules = {m.id: m for m in wxs_modules}
    for t in template_list:
        for m in t.inline_wxs:
            modules[m.id] = m
    parts = [f"defineView({{format: {BUNDLE_FORMAT}, templates: {{"]
    parts.append(",\n".join(f"{js_string(t.path)}: {t.js}" for t in template_list))
    parts.append("},\nwxs: {")
    parts.append(",\n".join(f"{js_string(mid)}: {modules[mid].js}" for mid in sorted(modules)))
    parts.append("}});\n")
    return "\n".join(parts)


@dataclass
class View:
    """Every compiled file reachable from some entry WXML files."""

    templates: dict[str, CompiledTemplate] = field(default_factory=dict)
    wxs: dict[str, CompiledWxs] = field(default_factory=dict)

    def bundle(self) -> str:
        return bundle_view(self.templates.values(), self.wxs.values())


def compile_view(
    read: Callable[[str], str | None],
    entries: Iterable[str],
    diagnostics: Diagnostics,
    view: View | None = None,
) -> View:
    """Compile `entries` (root-relative .wxml paths) and all they import, include or require.

    `read(path)` returns a file's text or None when it does not exist; a missing
    dependency is an error at the tag (or `require`) that names it. Pass an existing
    `view` to add pages to it without compiling shared files twice.
    """
    view = view or View()
    pending: list[tuple[str, Ref | None]] = [(e, None) for e in entries]
    while pending:
        path, origin = pending.pop()
        if path in view.templates:
            continue
        source = read(path)
        if source is None:
            _missing(diagnostics, path, origin, "phrase.wxml_file")
            continue
        compiled = compile_wxml(path, source, diagnostics)
        view.templates[path] = compiled
        pending.extend((r.path, r) for r in [*compiled.imports, *compiled.includes])
        wxs_refs = list(compiled.wxs_deps)
        for inline in compiled.inline_wxs:
            wxs_refs.extend(inline.requires)
        _compile_wxs_refs(read, wxs_refs, diagnostics, view)
    return view


def _compile_wxs_refs(
    read: Callable[[str], str | None], refs: list[Ref], diagnostics: Diagnostics, view: View
) -> None:
    while refs:
        ref = refs.pop()
        if ref.path in view.wxs:
            continue
        source = read(ref.path)
        if source is None:
            _missing(diagnostics, ref.path, ref, "phrase.wxs_file")
            continue
        module = compile_wxs(ref.path, source, diagnostics)
        view.wxs[ref.path] = module
        refs.extend(module.requires)


def _missing(diagnostics: Diagnostics, path: str, origin: Ref | None, what: str) -> None:
    """`what` is the phrase code naming the kind of file (WXML or WXS)."""
    if origin is None:
        diagnostics.error(path, 1, 1, "wxml.entry_missing", what=phrase(what), path=path)
    else:
        diagnostics.error(
            origin.file,
            origin.line,
            origin.col,
            "wxml.ref_missing",
            what=phrase(what),
            path=path,
        )
