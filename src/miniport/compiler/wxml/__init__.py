"""WXML compiler: lexer → parser (nodes) → code generator, plus WXS and the view bundle.

Public API:

* `compile_wxml(path, source, diagnostics) -> CompiledTemplate`
* `compile_wxs(module_id, source, diagnostics) -> CompiledWxs`
* `compile_view(read, entries, diagnostics) -> View` — entries plus every dependency
* `bundle_view(templates, wxs_modules) -> str` — the script the view layer loads

See docs/wxml.md for the generated code's contract with the runtime.
"""

from .bundle import BUNDLE_FORMAT, View, bundle_view, compile_view
from .paths import Ref, resolve
from .template import CompiledTemplate, compile_wxml
from .wxs import CompiledWxs, compile_wxs

__all__ = [
    "BUNDLE_FORMAT",
    "CompiledTemplate",
    "CompiledWxs",
    "Ref",
    "View",
    "bundle_view",
    "compile_view",
    "compile_wxml",
    "compile_wxs",
    "resolve",
]
