"""The view stage of a build: every .wxml file of each part → the part's view bundle.

This is the seam between the build pipeline and the WXML compiler (`compiler/wxml/`,
which owns templates, WXS and the bundle format). The build needs three things the
per-file compiler does not do: a cache, so an unchanged file is not compiled again;
checks that look across files (a missing `<import>` target, an import or include
cycle); and the split into parts.

Which files go into which part's bundle: every .wxml file of the project, and every
WXS module any of them uses, goes into the bundle of the part that holds the file.
Bundle keys are paths from the mini-program root, so the runtime merges the main
bundle's definition with a subpackage's without clashes, and a subpackage page can use
a template or WXS module of the main package. An independent subpackage runs without
the main package, so its bundle also carries whatever it needs from outside its root.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from miniport.compiler.cache import BuildCache, Compute
from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.project import Project
from miniport.compiler.wxml import (
    CompiledTemplate,
    CompiledWxs,
    Ref,
    bundle_view,
    compile_wxml,
    compile_wxs,
)


def build_views(
    project: Project,
    read: Callable[[str], bytes],
    cache: BuildCache,
    diags: Diagnostics,
) -> dict[str, str]:
    """The view bundle of each part, keyed by part root ("" for the main package)."""
    stage = _ViewStage(project, read, cache, diags)
    return stage.run()


def _ref_to_json(ref: Ref) -> list[Any]:
    return [ref.path, ref.file, ref.line, ref.col]


def _ref_from_json(value: list[Any]) -> Ref:
    return Ref(value[0], value[1], value[2], value[3])


def _wxs_to_json(module: CompiledWxs) -> dict[str, Any]:
    return {
        "id": module.id,
        "js": module.js,
        "requires": [_ref_to_json(r) for r in module.requires],
    }


def _wxs_from_json(value: dict[str, Any]) -> CompiledWxs:
    return CompiledWxs(value["id"], value["js"], [_ref_from_json(r) for r in value["requires"]])


class _ViewStage:
    def __init__(
        self,
        project: Project,
        read: Callable[[str], bytes],
        cache: BuildCache,
        diags: Diagnostics,
    ):
        self.project = project
        self.read = read
        self.cache = cache
        self.diags = diags
        self.templates: dict[str, CompiledTemplate] = {}
        self.wxs: dict[str, CompiledWxs] = {}

    def cached(self, stage: str, path: str, compute: Compute) -> Any:
        return self.cache.compile(stage, path, self.read(path), compute, self.diags)

    def template(self, path: str) -> CompiledTemplate | None:
        if path in self.templates:
            return self.templates[path]

        def compute(text: str, local: Diagnostics) -> dict[str, Any]:
            t = compile_wxml(path, text, local)
            return {
                "js": t.js,
                "imports": [_ref_to_json(r) for r in t.imports],
                "includes": [_ref_to_json(r) for r in t.includes],
                "wxs_deps": [_ref_to_json(r) for r in t.wxs_deps],
                "inline_wxs": [_wxs_to_json(m) for m in t.inline_wxs],
                "templates": list(t.templates),
            }

        value = self.cached("wxml", path, compute)
        if value is None:
            return None
        compiled = CompiledTemplate(
            path,
            value["js"],
            imports=[_ref_from_json(r) for r in value["imports"]],
            includes=[_ref_from_json(r) for r in value["includes"]],
            wxs_deps=[_ref_from_json(r) for r in value["wxs_deps"]],
            inline_wxs=[_wxs_from_json(m) for m in value["inline_wxs"]],
            templates=list(value["templates"]),
        )
        self.templates[path] = compiled
        return compiled

    def wxs_module(self, ref: Ref) -> CompiledWxs | None:
        path = ref.path
        if path in self.wxs:
            return self.wxs[path]
        if not self.project.exists(path):
            self.diags.error(
                ref.file,
                ref.line,
                ref.col,
                "wxs.file_missing",
                path=path,
            )
            return None
        value = self.cached(
            "wxs", path, lambda text, local: _wxs_to_json(compile_wxs(path, text, local))
        )
        if value is None:
            return None
        module = _wxs_from_json(value)
        self.wxs[path] = module
        return module

    def run(self) -> dict[str, str]:
        project = self.project
        for path in project.files:
            if path.endswith(".wxml"):
                self.template(path)
        # Dependencies: every referenced file must exist; WXS modules are compiled as found.
        for template in list(self.templates.values()):
            for ref in (*template.imports, *template.includes):
                if ref.path not in self.templates:
                    what = "<import>" if ref in template.imports else "<include>"
                    self.diags.error(
                        ref.file,
                        ref.line,
                        ref.col,
                        "wxml.import_missing",
                        tag=what,
                        path=ref.path,
                    )
            pending = [*template.wxs_deps, *(r for m in template.inline_wxs for r in m.requires)]
            while pending:
                ref = pending.pop()
                known = ref.path in self.wxs
                module = self.wxs_module(ref)
                if module is not None and not known:
                    pending.extend(module.requires)
        self.check_cycles()
        self.check_parts()
        return {root: self.bundle(root) for root in project.parts}

    def check_parts(self) -> None:
        """A template may use files of its own part and of the main package only.

        Another subpackage's bundle may not be loaded when this one renders. (An
        independent subpackage carries what it uses, see `bundle`.)
        """
        project = self.project
        for template in self.templates.values():
            part = project.part_of(template.path)
            if project.is_independent(part):
                continue
            for ref in (*template.imports, *template.includes, *template.wxs_deps):
                target_part = project.part_of(ref.path)
                if target_part and target_part != part:
                    self.diags.error(
                        ref.file,
                        ref.line,
                        ref.col,
                        "subpackage.file_outside",
                        target=ref.path,
                        part=target_part,
                    )

    def check_cycles(self) -> None:
        """An <import>/<include> chain that comes back to its start is an error.

        A cycle of includes would recurse forever at render time, and an import cycle
        means two files each expect the other's templates first; both are reported at
        the tag that closes the cycle, naming the chain.
        """
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        stack: list[str] = []

        def visit(path: str) -> None:
            state[path] = 1
            stack.append(path)
            template = self.templates[path]
            for ref in (*template.imports, *template.includes):
                target = ref.path
                if target not in self.templates:
                    continue
                if state.get(target) == 1:
                    chain = " → ".join([*stack[stack.index(target) :], target])
                    kind = "<import>" if ref in template.imports else "<include>"
                    self.diags.error(
                        ref.file,
                        ref.line,
                        ref.col,
                        "wxml.import_cycle",
                        tag=kind,
                        chain=chain,
                    )
                elif target not in state:
                    visit(target)
            stack.pop()
            state[path] = 2

        for path in sorted(self.templates):
            if path not in state:
                visit(path)

    def bundle(self, root: str) -> str:
        project = self.project
        templates = [t for p, t in self.templates.items() if project.part_of(p) == root]
        modules = [m for p, m in self.wxs.items() if project.part_of(p) == root]
        sub = next((s for s in project.subpackages if s.root == root), None)
        if sub is not None and sub.independent:
            templates, modules = self.with_outside_deps(templates, modules)
        return bundle_view(templates, modules)

    def with_outside_deps(
        self, templates: list[CompiledTemplate], modules: list[CompiledWxs]
    ) -> tuple[list[CompiledTemplate], list[CompiledWxs]]:
        """Add every file the given ones reach, wherever it lives."""
        seen_t = {t.path: t for t in templates}
        seen_m = {m.id: m for m in modules}
        pending = list(templates)
        while pending:
            t = pending.pop()
            for ref in (*t.imports, *t.includes):
                target = self.templates.get(ref.path)
                if target is not None and target.path not in seen_t:
                    seen_t[target.path] = target
                    pending.append(target)
            wxs_refs = [*t.wxs_deps, *(r for m in t.inline_wxs for r in m.requires)]
            while wxs_refs:
                ref = wxs_refs.pop()
                module = self.wxs.get(ref.path)
                if module is not None and module.id not in seen_m:
                    seen_m[module.id] = module
                    wxs_refs.extend(module.requires)
        return list(seen_t.values()), list(seen_m.values())
