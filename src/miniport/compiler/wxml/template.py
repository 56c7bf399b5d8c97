"""`compile_wxml`: one WXML file → a `CompiledTemplate` (its bundle entry + dependencies)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostics
from .codegen import CodeGenerator
from .parser import parse
from .paths import Ref, resolve
from .wxs import CompiledWxs, compile_wxs


@dataclass
class CompiledTemplate:
    """The compiled form of one WXML file.

    `js` is the file's entry in the view bundle (see codegen.py and docs/wxml.md);
    `imports`, `includes` and `wxs_deps` are the files it needs, each with the position
    of the tag that asked for it; `inline_wxs` are its `<wxs>` bodies, already compiled.
    """

    path: str
    js: str
    imports: list[Ref] = field(default_factory=list)
    includes: list[Ref] = field(default_factory=list)
    wxs_deps: list[Ref] = field(default_factory=list)
    inline_wxs: list[CompiledWxs] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)


def compile_wxml(path: str, source: str, diagnostics: Diagnostics) -> CompiledTemplate:
    """Compile `source`, known as `path` from the mini-program root; errors go to `diagnostics`.

    Always returns a result, so a build can go on collecting errors from other files;
    callers must check `diagnostics.has_errors()` before shipping the output.
    """
    doc, smap = parse(path, source, diagnostics)
    result = CompiledTemplate(path, "", templates=[t.name for t in doc.templates])

    def ref(pos: int, src: str, ext: str, what: str) -> Ref | None:
        line, col = smap.location(pos)
        resolved = resolve(path, src, ext)
        if resolved is None:
            diagnostics.error(
                path,
                line,
                col,
                "wxml.src_outside",
                tag=what,
                src=src,
            )
            return None
        return Ref(resolved, path, line, col)

    import_paths: list[str] = []
    for imp in doc.imports:
        r = ref(imp.pos, imp.src, ".wxml", "<import>")
        if r is not None:
            result.imports.append(r)
            if r.path not in import_paths:
                import_paths.append(r.path)
    include_paths: dict[int, str] = {}
    for inc in doc.includes:
        r = ref(inc.pos, inc.src, ".wxml", "<include>")
        if r is not None:
            result.includes.append(r)
            include_paths[inc.pos] = r.path
    wxs_ids: dict[str, str] = {}
    for w in doc.wxs:
        if w.src is not None:
            if w.body and w.body.strip():
                smap.warning(
                    diagnostics,
                    w.pos,
                    "wxml.wxs_src_and_body",
                    module=w.module,
                )
            if not w.src.endswith(".wxs"):
                line, col = smap.location(w.pos)
                diagnostics.error(path, line, col, "wxml.wxs_src_ext", src=w.src)
                continue
            r = ref(w.pos, w.src, ".wxs", "<wxs>")
            if r is not None:
                result.wxs_deps.append(r)
                wxs_ids[w.module] = r.path
        else:
            module_id = f"{path}#{w.module}"
            result.inline_wxs.append(
                compile_wxs(
                    module_id,
                    w.body or "",
                    diagnostics,
                    file=path,
                    base_offset=w.body_pos,
                    file_source=source,
                )
            )
            wxs_ids[w.module] = module_id
    result.js = CodeGenerator(
        doc, smap, diagnostics, wxs_ids, import_paths, include_paths
    ).generate()
    return result
