"""Jinja2 rendering for console pages: one environment, one `render` that every page uses.

`render` adds what every template needs — the translator `t`, the language, the CSRF
token, the signed-in viewer and the navigation for their role — so page handlers pass
only their own data. Templates are autoescaped; nothing user-supplied is marked safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from miniport.console import i18n
from miniport.console.security import CSRF_FIELD, csrf_token, remember_csrf_nonce

TEMPLATES = Path(__file__).parent / "templates"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _format_time
    env.filters["filesize"] = _format_size
    return env


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page in the request's language with the frame's shared context."""
    console = request.app.state.console
    lang = i18n.pick_language(request, console.default_language)
    t = i18n.translator(lang)
    viewer = getattr(request.state, "viewer", None)
    notice = request.query_params.get("notice")
    html = console.templates.get_template(template).render(
        request=request,
        t=t,
        lang=lang,
        other_lang="en" if lang == "zh-CN" else "zh-CN",
        csrf_field=CSRF_FIELD,
        csrf_token=csrf_token(request, console.secret),
        viewer=viewer,
        nav=console.navigation(viewer) if viewer else [],
        notice=notice if notice in i18n.MESSAGES else None,
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Language"] = lang
    response.headers["Cache-Control"] = "no-store"
    # console pages are never framed by other sites (clickjacking) nor leak their URLs
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    remember_csrf_nonce(request, response)
    return response


def _format_time(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _format_size(value: int | None) -> str:
    if value is None:
        return ""
    size = float(value)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} MiB"
