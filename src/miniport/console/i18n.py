"""UI strings of the console in English and Simplified Chinese, and how a request picks one.

Both languages of a string sit on one line of `MESSAGES`, so a missing translation is
visible in review and caught by a test. Error messages coming from the center carry a
stable `code`; `error_text` shows the center's own translation of that code when its
catalogue has one and falls back to the English message it sent.

Language choice, first match wins:
1. the `miniport_lang` cookie set by the language switch (`/console/lang?to=zh-CN`);
2. `MINIPORT_LANGUAGE` (the deployment's default);
3. the browser's `Accept-Language`;
4. English.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

LANGUAGES = ("en", "zh-CN")
LANG_COOKIE = "miniport_lang"

# key: (English, 简体中文). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "brand": ("Miniport console", "Miniport 控制台"),
    "skip_to_content": ("Skip to content", "跳到正文"),
    "language": ("Language", "语言"),
    "switch_language": ("中文", "English"),
    "nav.main": ("Main navigation", "主导航"),
    "nav.apps": ("Mini-programs", "小程序"),
    "nav.org": ("Organization", "组织"),
    "nav.tokens": ("API tokens", "API 令牌"),
    "nav.signups": ("Partner sign-ups", "合作方注册审批"),
    "nav.reviews": ("Review queue", "审核队列"),
    "nav.hosts": ("Host apps", "宿主应用"),
    "nav.audit": ("Audit log", "审计日志"),
    "signed_in_as": ("Signed in as {email}", "已登录：{email}"),
    "sign_out": ("Sign out", "退出登录"),
    "footer": ("Miniport — self-hosted mini-program platform", "Miniport — 自托管小程序平台"),
    "save": ("Save", "保存"),
    "cancel": ("Cancel", "取消"),
    "confirm": ("Confirm", "确认"),
    "create": ("Create", "创建"),
    "delete": ("Delete", "删除"),
    "back": ("Back", "返回"),
    "none_yet": ("Nothing here yet.", "暂无内容。"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "name": ("Name", "名称"),
    "status": ("Status", "状态"),
    "created_at": ("Created", "创建时间"),
    "actions": ("Actions", "操作"),
    "confirm.title": ("Are you sure?", "确定要继续吗？"),
    "confirm.type_to_confirm": (
        "This cannot be undone. Press Confirm to continue.",
        "此操作不可撤销。点击“确认”继续。",
    ),
    # auth
    "signin.title": ("Sign in", "登录"),
    "signin.email": ("Email", "邮箱"),
    "signin.password": ("Password", "密码"),
    "signin.submit": ("Sign in", "登录"),
    "signin.no_account": ("New partner? Apply for an account", "新合作方？申请账号"),
    "signin.bad_credentials": (
        "Email or password is wrong. Check both and try again.",
        "邮箱或密码错误，请检查后重试。",
    ),
    "signin.pending": (
        "Your organization is waiting for operator approval. You can sign in once it is approved.",
        "你的组织正在等待平台审核，通过后即可登录。",
    ),
    "signin.expired": (
        "Your session has expired. Please sign in again.",
        "登录已过期，请重新登录。",
    ),
    "signin.signed_out": ("You have signed out.", "你已退出登录。"),
    "signup.title": ("Apply as a partner", "申请成为合作方"),
    "signup.org_name": ("Organization name", "组织名称"),
    "signup.submit": ("Apply", "提交申请"),
    "signup.done": (
        "Thank you. An operator will review your application; you can sign in once it is approved.",
        "申请已提交。平台运营审核通过后即可登录。",
    ),
    # errors
    "error.title": ("Something went wrong", "出错了"),
    "error.csrf": (
        "This form has expired or was sent from another site. Reload the page and submit again.",
        "表单已过期或来自其他站点。请刷新页面后重新提交。",
    ),
    "error.forbidden": (
        "You do not have permission to open this page. Ask an administrator of your organization.",
        "你没有权限访问此页面，请联系组织管理员。",
    ),
    "error.not_found": (
        "This page does not exist, or you do not have access to it.",
        "页面不存在，或你无权访问。",
    ),
    "error.unavailable": (
        "This part of the console is not available on this server yet.",
        "本服务器尚未提供控制台的这一部分。",
    ),
    "error.required": ("{field} is required.", "请填写{field}。"),
    "error.upload_failed": ("Upload failed: {reason}", "上传失败：{reason}"),
    "error.network": (
        "The connection to the server was lost. Check your network and try again.",
        "与服务器的连接中断，请检查网络后重试。",
    ),
    # home
    "home.title": ("Overview", "概览"),
    "home.welcome": ("Welcome, {name}", "欢迎，{name}"),
}


def negotiate(accept_language: str | None) -> str | None:
    """The best of our languages for an Accept-Language header, or None if none fits."""
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        fields = part.strip().split(";")
        tag = fields[0].strip().lower()
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag))
    for _, _, tag in sorted(ranked):
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return None


def normalize(value: str | None) -> str | None:
    """Map user-typed language names (zh, zh_CN, en-US) to one of LANGUAGES."""
    if not value:
        return None
    lowered = value.strip().lower().replace("_", "-")
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en"):
        return "en"
    return None


def pick_language(request: Request, default: str | None) -> str:
    """The language for this request: cookie, then the deployment default, then the browser."""
    return (
        normalize(request.cookies.get(LANG_COOKIE))
        or normalize(default)
        or negotiate(request.headers.get("accept-language"))
        or "en"
    )


def translator(lang: str) -> Callable[..., str]:
    """A `t(key, **values)` function for one language; unknown keys show as the key itself."""
    column = 1 if lang == "zh-CN" else 0

    def t(key: str, **values: object) -> str:
        pair = MESSAGES.get(key)
        text = pair[column] if pair else key
        return text.format(**values) if values else text

    return t
