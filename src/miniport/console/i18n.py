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
    "error.number": ("Enter a whole number.", "请输入整数。"),
    "error.upload_failed": ("Upload failed: {reason}", "上传失败：{reason}"),
    "error.network": (
        "The connection to the server was lost. Check your network and try again.",
        "与服务器的连接中断，请检查网络后重试。",
    ),
    "signup.display_name": ("Your name", "你的姓名"),
    "signup.description": ("What does your organization build?", "你的组织开发什么？"),
    "signup.password_hint": ("At least 10 characters.", "至少 10 个字符。"),
    # organization
    "org.title": ("Organization", "组织"),
    "org.kind": ("Kind", "类型"),
    "org.kind.operator": ("Platform operator", "平台运营方"),
    "org.kind.partner": ("Partner", "合作方"),
    "org.status.pending": ("waiting for approval", "等待审核"),
    "org.status.active": ("active", "正常"),
    "org.status.rejected": ("rejected", "已拒绝"),
    "org.status.suspended": ("suspended", "已停用"),
    "org.pending_note": (
        "Your organization is waiting for an operator's approval. You can create mini-programs once it is approved.",
        "你的组织正在等待平台审核，通过后即可创建小程序。",
    ),
    "org.rejected_note": ("Your application was rejected: {reason}", "你的申请被拒绝：{reason}"),
    "org.identifier": ("Identifier", "标识"),
    "org.contact": ("Contact", "联系邮箱"),
    "org.members": ("Members", "成员"),
    "org.member": ("Member", "成员"),
    "org.role": ("Role", "角色"),
    "org.since": ("Since", "加入时间"),
    "org.change_role": ("Change role", "修改角色"),
    "org.remove": ("Remove", "移除"),
    "org.remove_confirm": ("Remove {email} from {org}?", "将 {email} 移出 {org}？"),
    "org.invite": ("Invite a member", "邀请成员"),
    "org.invite_email": ("Email", "邮箱"),
    "org.invite_send": ("Invite", "发送邀请"),
    "org.invite_link": (
        "Invitation created. Send this link to {email}; it works once and for 7 days:",
        "邀请已创建。请把此链接发给 {email}，仅可使用一次，7 天内有效：",
    ),
    "org.invitations": ("Open invitations", "待接受的邀请"),
    "org.invite_revoke": ("Withdraw", "撤回"),
    "org.invite_revoke_confirm": (
        "Withdraw the invitation for {email}?",
        "撤回对 {email} 的邀请？",
    ),
    "org.expires": ("Expires", "过期时间"),
    "org.role_changed": ("The role was changed.", "角色已修改。"),
    "org.member_removed": ("The member was removed.", "成员已移除。"),
    "org.invite_withdrawn": ("The invitation was withdrawn.", "邀请已撤回。"),
    "role.owner": ("owner", "所有者"),
    "role.admin": ("admin", "管理员"),
    "role.developer": ("developer", "开发者"),
    "role.reviewer": ("reviewer", "审核员"),
    "role.viewer": ("viewer", "只读成员"),
    "invite.title": ("Join {org}", "加入 {org}"),
    "invite.accept": ("Accept invitation", "接受邀请"),
    "invite.accepted": ("Welcome! You are now a member.", "欢迎！你已成为成员。"),
    # partner sign-ups (operator)
    "signups.title": ("Partner sign-ups", "合作方注册审批"),
    "signups.pending": ("Waiting for a decision", "待处理"),
    "signups.decided": ("Decided", "已处理"),
    "signups.applied": ("Applied", "申请时间"),
    "signups.approve": ("Approve", "批准"),
    "signups.reject": ("Reject", "拒绝"),
    "signups.reason": ("Reason (required to reject)", "理由（拒绝时必填）"),
    "signups.reject_confirm": ("Reject the sign-up of {org}?", "拒绝 {org} 的注册申请？"),
    "signups.approved": ("The partner was approved.", "合作方已批准。"),
    "signups.rejected": ("The sign-up was rejected.", "注册申请已拒绝。"),
    "signups.description": ("About", "简介"),
    # mini-programs
    "apps.title": ("Mini-programs", "小程序"),
    "apps.new": ("New mini-program", "新建小程序"),
    "apps.appid": ("AppID", "AppID"),
    "apps.owner": ("Organization", "所属组织"),
    "apps.description": ("Description", "简介"),
    "apps.category": ("Category", "类目"),
    "apps.tags": ("Tags (comma-separated)", "标签（逗号分隔）"),
    "apps.domains": ("Allowed request domains (one per line)", "request 合法域名（每行一个）"),
    "apps.domains_hint": (
        "https:// or wss:// origins that wx.request and sockets may reach, e.g. https://api.example.com",
        "wx.request 与 socket 可访问的 https:// 或 wss:// 源，例如 https://api.example.com",
    ),
    "apps.created": ("The mini-program was created.", "小程序已创建。"),
    "apps.saved": ("Changes saved.", "修改已保存。"),
    "apps.info": ("Information", "基本信息"),
    "apps.icon": ("Icon", "图标"),
    "apps.icon_upload": (
        "Upload an icon (PNG, JPEG, GIF or WebP, up to 256 KiB)",
        "上传图标（PNG、JPEG、GIF 或 WebP，不超过 256 KiB）",
    ),
    "apps.icon_saved": ("The icon was updated.", "图标已更新。"),
    "apps.icon_bad_type": (
        "This file is not a PNG, JPEG, GIF or WebP image. Choose an image file.",
        "该文件不是 PNG、JPEG、GIF 或 WebP 图片，请选择图片文件。",
    ),
    "apps.icon_too_big": (
        "The icon is larger than 256 KiB. Use a smaller image.",
        "图标超过 256 KiB，请使用更小的图片。",
    ),
    "apps.icon_missing": ("Choose an image file first.", "请先选择图片文件。"),
    "apps.status.active": ("active", "正常"),
    "apps.status.suspended": ("suspended", "已下线"),
    "apps.testers": ("Trial testers (体验成员), one per line", "体验成员，每行一个"),
    "apps.testers_hint": (
        "Host user ids (or member emails) who may open the trial version.",
        "可打开体验版的宿主用户 ID（或成员邮箱）。",
    ),
    "apps.testers_saved": ("Trial testers saved.", "体验成员已保存。"),
    "apps.trial": ("Trial version", "体验版"),
    "apps.trial_none": ("none", "无"),
    "apps.set_trial": ("Make trial version", "设为体验版"),
    "apps.trial_saved": ("Trial version set.", "体验版已设置。"),
    "apps.preview": ("Preview", "预览"),
    "apps.dashboard": ("Dashboard", "数据看板"),
    "apps.none_yet_partner": (
        "No mini-programs yet. Create the first one below.",
        "还没有小程序，在下方创建第一个。",
    ),
    # versions
    "versions.title": ("Versions", "版本"),
    "versions.version": ("Version", "版本号"),
    "versions.version_hint": (
        "Semantic version, e.g. 1.2.0; a number cannot be reused.",
        "语义化版本号，如 1.2.0；版本号不可重复使用。",
    ),
    "versions.notes": ("Release notes", "版本说明"),
    "versions.size": ("Package size", "包大小"),
    "versions.file": ("Source zip or built .mpk", "源码 zip 或已构建的 .mpk"),
    "versions.drop_hint": ("Drop the file here, or choose it.", "把文件拖到这里，或点击选择。"),
    "versions.progress": ("Upload progress", "上传进度"),
    "versions.upload": ("Upload a new version", "上传新版本"),
    "versions.upload_submit": ("Upload", "上传"),
    "versions.uploaded": ("The version was uploaded and compiled.", "版本已上传并编译成功。"),
    "versions.compile_errors": ("Compile errors", "编译错误"),
    "versions.file_missing": (
        "Choose a .zip or .mpk file to upload.",
        "请选择要上传的 .zip 或 .mpk 文件。",
    ),
    "versions.submit": ("Submit for review", "提交审核"),
    "versions.submitted": ("The version was submitted for review.", "版本已提交审核。"),
    "versions.withdraw": ("Withdraw", "撤回"),
    "versions.state.uploaded": ("uploaded", "已上传"),
    "versions.state.in_review": ("in review", "审核中"),
    "versions.state.approved": ("approved", "审核通过"),
    "versions.state.rejected": ("rejected", "审核驳回"),
    "versions.state.released": ("released", "已发布"),
    "versions.state.withdrawn": ("withdrawn", "已撤回"),
    "versions.warnings": ("Compiler warnings", "编译警告"),
    "versions.findings": ("Automatic findings", "自动检查结果"),
    "versions.manifest": ("Manifest", "清单"),
    "versions.files": ("Files", "文件"),
    "versions.preview_unavailable": (
        "The simulator cannot open this version on this server yet.",
        "本服务器的模拟器暂时无法打开此版本。",
    ),
    # plans (links)
    "plans.title": ("Release plans", "发布计划"),
    # API tokens
    "tokens.title": ("API tokens", "API 令牌"),
    "tokens.intro": (
        "Tokens let the miniport CLI and CI act as you. Give each one only the scopes it needs.",
        "令牌让 miniport 命令行和 CI 以你的身份操作。每个令牌只授予所需的权限范围。",
    ),
    "tokens.name": ("Token name", "令牌名称"),
    "tokens.scopes": ("Scopes", "权限范围"),
    "tokens.scope.read": ("read — see organizations and mini-programs", "read — 查看组织和小程序"),
    "tokens.scope.write": (
        "write — create mini-programs, upload, submit",
        "write — 创建小程序、上传、提交审核",
    ),
    "tokens.scope.review": (
        "review — review versions (operators)",
        "review — 审核版本（平台运营）",
    ),
    "tokens.scope.admin": ("admin — manage members and the platform", "admin — 管理成员与平台"),
    "tokens.expires": ("Expires after (days, empty = never)", "有效期（天，留空表示永不过期）"),
    "tokens.create": ("Create token", "创建令牌"),
    "tokens.created": (
        "Token created. Copy it now: it is shown only once.",
        "令牌已创建。请立即复制：它只显示这一次。",
    ),
    "tokens.prefix": ("Starts with", "开头"),
    "tokens.last_used": ("Last used", "最近使用"),
    "tokens.expires_at": ("Expires", "过期时间"),
    "tokens.never": ("never", "从不"),
    "tokens.revoke": ("Revoke", "撤销"),
    "tokens.revoked": ("revoked", "已撤销"),
    "tokens.revoke_confirm": (
        "Revoke the token “{name}”? Scripts that use it will stop working at once.",
        "撤销令牌“{name}”？使用它的脚本将立即失效。",
    ),
    "tokens.revoked_notice": ("The token was revoked.", "令牌已撤销。"),
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


def translator_for(request: Request) -> Callable[..., str]:
    """The translator for a console request (its chosen language)."""
    console = request.app.state.console
    return translator(pick_language(request, console.default_language))
