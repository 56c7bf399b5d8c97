"""Signing in and out, partner sign-up, the language switch, and the console's home."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from miniport.center.errors import ApiError
from miniport.center.services import accounts, orgs
from miniport.console import i18n
from miniport.console.deps import DbSession, Form, MaybeViewer
from miniport.console.errors import ConsoleRoute, api_error_text, field_errors
from miniport.console.forms import field
from miniport.console.rendering import render
from miniport.console.security import clear_session_cookie, set_session_cookie

router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)


def _safe_next(value: str | None) -> str:
    """Only same-site console paths: never an open redirect to another host."""
    if value and value.startswith("/console/") and not value.startswith("//"):
        return value
    return "/console/apps"


@router.get("/console")
@router.get("/console/")
def home(viewer: MaybeViewer) -> Response:
    return RedirectResponse("/console/apps" if viewer else "/console/login", status_code=303)


@router.get("/console/lang")
def switch_language(request: Request, to: str = "en", next: str = "/console/") -> Response:
    """Remember the chosen language in a cookie (a preference, so no CSRF token needed)."""
    lang = i18n.normalize(to) or "en"
    target = next if next.startswith("/console") and not next.startswith("//") else "/console/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        i18n.LANG_COOKIE,
        lang,
        max_age=365 * 86400,
        samesite="lax",
        path="/",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/console/login")
def login_page(request: Request, viewer: MaybeViewer, next: str = "") -> Response:
    if viewer is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "signin.html", errors={}, email="", next_url=_safe_next(next))


@router.post("/console/login")
def login_submit(request: Request, form: Form, db: DbSession) -> Response:
    t = i18n.translator(i18n.pick_language(request, request.app.state.console.default_language))
    email = field(form, "email")
    password = field(form, "password")
    next_url = _safe_next(field(form, "next"))
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = t("error.required", field=t("signin.email"))
    if not password:
        errors["password"] = t("error.required", field=t("signin.password"))
    if not errors:
        try:
            row, token = accounts.login(db, email, password)
        except ApiError as exc:
            if exc.code == "invalid_credentials":
                errors["_form"] = t("signin.bad_credentials")
            else:
                errors["_form"] = api_error_text(request, exc)
        else:
            response = RedirectResponse(next_url, status_code=303)
            max_age = int((row.expires_at - row.created_at).total_seconds())
            set_session_cookie(request, response, token, max_age)
            return response
    return render(
        request, "signin.html", status_code=422, errors=errors, email=email, next_url=next_url
    )


@router.post("/console/logout")
def logout(
    request: Request,
    form: Form,
    db: DbSession,
    viewer: MaybeViewer,
) -> Response:
    if viewer is not None:
        accounts.logout(db, viewer.principal)
    response = RedirectResponse("/console/login?notice=signin.signed_out", status_code=303)
    clear_session_cookie(response)
    return response


SIGNUP_FIELDS = ("org_name", "description", "display_name", "email", "password")


@router.get("/console/signup")
def signup_page(request: Request) -> Response:
    return render(request, "signup.html", errors={}, values={}, done=False)


@router.post("/console/signup")
def signup_submit(request: Request, form: Form, db: DbSession) -> Response:
    t = i18n.translator_for(request)
    values = {name: field(form, name) for name in SIGNUP_FIELDS}
    labels = {"org_name": "signup.org_name", "email": "signin.email", "password": "signin.password"}
    errors = {
        name: t("error.required", field=t(label))
        for name, label in labels.items()
        if not values[name]
    }
    if not errors:
        try:
            orgs.signup_partner(
                db,
                None,
                org_name=values["org_name"],
                email=values["email"],
                password=values["password"],
                display_name=values["display_name"],
                description=values["description"],
            )
        except ApiError as exc:
            errors = field_errors(request, exc, SIGNUP_FIELDS)
        else:
            return render(request, "signup.html", errors={}, values={}, done=True)
    values.pop("password")
    return render(request, "signup.html", status_code=422, errors=errors, values=values, done=False)
