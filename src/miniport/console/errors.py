"""How console pages fail: always as an HTML page in the user's language, never JSON.

The center's app turns its `ApiError`s and HTTP errors into JSON for `/api/v1`. Console
routes use `ConsoleRoute`, which catches those errors first and renders `error.html`
(or sends the browser to the sign-in page), so a user who follows a stale link, opens
a page they may not see, or posts a stale form gets a readable page, not a JSON body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from miniport.console import i18n
from miniport.console.forms import wants_json
from miniport.console.security import CsrfError

log = logging.getLogger(__name__)


class PageError(Exception):
    """A console page cannot be shown; `key` is a message in `i18n.MESSAGES`."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


class SignInRequired(Exception):
    """No valid login session; `expired` when there was one and it ran out."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("sign in required")
        self.expired = expired


def forbidden() -> PageError:
    return PageError(403, "error.forbidden")


def not_found() -> PageError:
    return PageError(404, "error.not_found")


def api_error_text(request: Request, error: Any) -> str:
    """A center `ApiError` as text in the user's language.

    English shows the API's own message, which names the specifics. Chinese shows the
    center catalogue's sentence for the error's stable code (`miniport.center.i18n`), or
    the package reader's own `message_zh`; codes the catalogue lacks fall back to a
    generic sentence by status with the English specifics in brackets.
    """
    console = request.app.state.console
    lang = i18n.pick_language(request, console.default_language)
    if lang != "zh-CN":
        return str(error.message)
    details = getattr(error, "details", None)
    if isinstance(details, dict) and details.get("message_zh"):
        return str(details["message_zh"])
    from miniport.center import i18n as center_i18n

    if error.code in center_i18n.MESSAGES:
        return center_i18n.message(error.code, "zh-CN")
    zh = _FALLBACK_ZH.get(getattr(error, "status", 0), "操作失败")
    return f"{zh}（{error.message}）"


_FALLBACK_ZH = {
    400: "请求有误",
    401: "需要登录",
    403: "没有权限",
    404: "找不到对象",
    409: "当前状态不允许此操作",
    413: "文件过大",
    422: "输入有误",
    503: "服务暂不可用",
}


class ConsoleRoute(APIRoute):
    """An APIRoute whose failures become console pages (see module docstring)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            from miniport.console.rendering import render

            try:
                return await handler(request)
            except SignInRequired as exc:
                target = "/console/login?next=" + quote(request.url.path, safe="/")
                if exc.expired:
                    target += "&notice=signin.expired"
                if wants_json(request):
                    return JSONResponse({"redirect": target}, status_code=401)
                return RedirectResponse(target, status_code=303)
            except CsrfError:
                return _page(request, 403, i18n_key="error.csrf")
            except PageError as exc:
                return _page(request, exc.status, i18n_key=exc.key, values=exc.values)
            except RequestValidationError:
                # a malformed URL (say, a non-numeric id) is a page that does not exist
                return _page(request, 404, i18n_key="error.not_found")
            except Exception as exc:  # center ApiError: shown, not leaked as JSON
                status = getattr(exc, "status", None)
                if status is None or not hasattr(exc, "code"):
                    log.exception("console page %s failed", request.url.path)
                    return _page(request, 500, i18n_key="error.server")
                text = api_error_text(request, exc)
                if wants_json(request):
                    return JSONResponse({"errors": {"_form": text}}, status_code=status)
                return render(request, "error.html", status_code=status, message=text)

        def _page(
            request: Request, status: int, i18n_key: str, values: dict[str, object] | None = None
        ) -> Response:
            from miniport.console.rendering import render

            console = request.app.state.console
            t = i18n.translator(i18n.pick_language(request, console.default_language))
            text = t(i18n_key, **(values or {}))
            if wants_json(request):
                return JSONResponse({"errors": {"_form": text}}, status_code=status)
            return render(request, "error.html", status_code=status, message=text)

        return guarded


def field_errors(request: Request, error: Any, known: tuple[str, ...] = ()) -> dict[str, str]:
    """A center error placed next to the field it names (`details.field`), else on the form."""
    details = getattr(error, "details", None)
    name = details.get("field") if isinstance(details, dict) else None
    text = api_error_text(request, error)
    if name and (not known or name in known):
        return {str(name): text}
    return {"_form": text}
