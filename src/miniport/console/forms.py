"""Reading console forms: CSRF first, then fields; and the no-JavaScript confirmation step.

Every POST handler starts with `await posted(request)`, which refuses a request whose
CSRF token is missing or wrong before any field is looked at. Destructive handlers then
call `needs_confirmation(...)`: unless the form carries `confirmed=yes` (set by the
confirm dialog, or by the confirmation page this returns), nothing is changed.
"""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from miniport.console.rendering import render
from miniport.console.security import CSRF_FIELD, CSRF_HEADER, verify_csrf


async def posted(request: Request) -> FormData:
    """The request's form after its CSRF token is checked (field or X-CSRF-Token header)."""
    form = await request.form()
    submitted = request.headers.get(CSRF_HEADER) or _text(form.get(CSRF_FIELD))
    verify_csrf(request, request.app.state.console.secret, submitted)
    return form


def field(form: FormData, name: str) -> str:
    """A text field, stripped; missing fields are empty strings."""
    return _text(form.get(name)).strip()


def lines(form: FormData, name: str) -> list[str]:
    """A textarea of one item per line (or comma-separated), blanks dropped."""
    raw = _text(form.get(name)).replace(",", "\n")
    return [item.strip() for item in raw.splitlines() if item.strip()]


def needs_confirmation(
    request: Request, form: FormData, message: str, back: str
) -> Response | None:
    """A confirmation page unless the form says `confirmed=yes`; None means go ahead."""
    if field(form, "confirmed") == "yes":
        return None
    fields = [
        (key, value)
        for key, value in form.multi_items()
        if key not in (CSRF_FIELD, "confirmed") and isinstance(value, str)
    ]
    return render(
        request,
        "confirm.html",
        message=message,
        action=request.url.path,
        fields=fields,
        back=back,
    )


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _text(value: str | UploadFile | None) -> str:
    return value if isinstance(value, str) else ""
