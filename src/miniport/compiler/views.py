"""The view stage of a build: every .wxml/.wxs file of each part → its view bundle.

This is the seam between the build pipeline and the WXML compiler (`compiler/wxml/`):
the build hands over file contents and the cache, and gets back one JavaScript view
bundle per part. Keeping the adapter here means a change in how WXML is compiled
touches one small module, not the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable

from miniport.compiler.cache import BuildCache
from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.project import Project


def build_views(
    project: Project,
    read: Callable[[str], bytes],
    cache: BuildCache,
    diags: Diagnostics,
) -> dict[str, str]:
    """The view bundle of each part, keyed by part root ("" for the main package)."""
    try:
        from miniport.compiler.wxml import bundle_view, compile_wxml  # noqa: F401
    except ImportError:
        diags.error("app.json", 1, 1, "the WXML compiler is not available in this build of miniport")
        return {}
    raise NotImplementedError
