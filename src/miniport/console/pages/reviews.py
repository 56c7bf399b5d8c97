"""Operator review: the queue, and one version's review page with the package browser
(file tree, source viewer, diff against the released version, findings) and the
approve / reject decision. Everything shown comes from `versions.review_view`.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.review import zip_files
from miniport.center.services import versions
from miniport.console.deps import DbSession, Form, Reviewer
from miniport.console.errors import ConsoleRoute, api_error_text
from miniport.console.forms import field, needs_confirmation
from miniport.console.i18n import translator_for
from miniport.console.rendering import render
from miniport.console.viewer import Viewer

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)

SOURCE_VIEW_LIMIT = 512 * 1024


@router.get("/console/reviews")
def queue(request: Request, db: DbSession, viewer: Reviewer) -> Response:
    return render(request, "reviews.html", queue=versions.review_queue(db, viewer.principal))


def _files(
    request: Request, db: DbSession, viewer: Viewer, appid: str, version: str, v: object
) -> dict[str, bytes]:
    """The files a reviewer reads: the uploaded source if any, else the package's."""
    ctx = request.app.state.console.ctx
    what = "source" if getattr(v, "source_key", None) else "package"
    data, _name = versions.download(db, ctx, viewer.principal, appid, version, what)
    if what == "source":
        return zip_files(data)
    from miniport.package import read_package

    pkg = read_package(data)
    return {name: pkg.read(name) for name in pkg.names()}


def _page(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    appid: str,
    version: str,
    file: str = "",
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    ctx = request.app.state.console.ctx
    view = versions.review_view(db, ctx, viewer.principal, appid, version)
    v = versions.get_version(db, viewer.principal, appid, version)
    tree = view["source_tree"] or view["file_tree"]
    source: str | None = None
    binary = False
    if file:
        files = _files(request, db, viewer, appid, version, v)
        data = files.get(file)
        if data is None:
            file = ""
        elif len(data) > SOURCE_VIEW_LIMIT or b"\x00" in data[:1024]:
            binary = True
        else:
            source = data.decode("utf-8", "replace")
    return render(
        request,
        "review.html",
        status_code=status,
        app=v.mini_program,
        v=v,
        view=view,
        tree_nodes=tree.get("children", []),
        selected=file,
        source=source,
        binary=binary,
        errors=errors or {},
        can_decide=viewer.can_review and v.state == "in_review",
    )


@router.get("/console/reviews/{appid}/{version}")
def review_page(
    request: Request, appid: str, version: str, db: DbSession, viewer: Reviewer, file: str = ""
) -> Response:
    return _page(request, db, viewer, appid, version, file)


@router.post("/console/reviews/{appid}/{version}")
def decide(
    request: Request, appid: str, version: str, form: Form, db: DbSession, viewer: Reviewer
) -> Response:
    t = translator_for(request)
    action = field(form, "action")
    reason = field(form, "reason")
    if action not in ("approve", "reject"):
        return _page(
            request,
            db,
            viewer,
            appid,
            version,
            status=422,
            errors={"reason": t("review.pick_action")},
        )
    if action == "reject":
        if not reason:
            return _page(
                request,
                db,
                viewer,
                appid,
                version,
                status=422,
                errors={"reason": t("error.required", field=t("review.reason"))},
            )
        ask = needs_confirmation(
            request,
            form,
            t("review.reject_confirm", version=version),
            f"/console/reviews/{appid}/{version}",
        )
        if ask is not None:
            return ask
    try:
        versions.transition(db, viewer.principal, appid, version, action, reason)
    except ApiError as exc:
        return _page(
            request,
            db,
            viewer,
            appid,
            version,
            status=exc.status,
            errors={"reason": api_error_text(request, exc)},
        )
    return RedirectResponse(f"/console/reviews?notice=review.done.{action}", status_code=303)
