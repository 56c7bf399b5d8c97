"""The catalogue of API error codes in English and Simplified Chinese.

The API answers with an English `message` and a stable `code`. Clients that show
errors to people (the console, the CLI) look the code up here to show a short,
translated sentence; the API's `message` carries the specifics (which field, which
file and line). `package.*` codes come from the package reader, which brings its own
zh-CN text, so they are not repeated here.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh-CN")

MESSAGES: dict[str, tuple[str, str]] = {
    # authentication
    "authentication_required": ("Log in first.", "请先登录。"),
    "invalid_credentials": ("Wrong email or password.", "邮箱或密码错误。"),
    "invalid_token": (
        "The API token is unknown, revoked or expired.",
        "API 令牌无效、已撤销或已过期。",
    ),
    "session_expired": ("Your session has ended; log in again.", "会话已过期，请重新登录。"),
    "account_disabled": ("This account is disabled.", "该账号已停用。"),
    "login_required": (
        "Log in as the invited account to accept.",
        "请用受邀账号登录后再接受邀请。",
    ),
    "wrong_account": ("This invitation is for another account.", "该邀请属于其他账号。"),
    # authorization
    "forbidden": ("Your role does not allow this.", "你的角色无权执行此操作。"),
    "token_scope_missing": (
        "This API token lacks the scope needed.",
        "该 API 令牌缺少所需的权限范围。",
    ),
    "owner_required": ("Only an owner can do this.", "只有所有者可以执行此操作。"),
    "self_review": ("You cannot review a version you uploaded.", "不能审核自己上传的版本。"),
    "operator_org_fixed": (
        "The operator organization cannot change status.",
        "运营方组织的状态不能更改。",
    ),
    # not found
    "not_found": ("No such endpoint.", "接口不存在。"),
    "organization_not_found": ("Organization not found.", "组织不存在。"),
    "mini_program_not_found": ("Mini-program not found.", "小程序不存在。"),
    "version_not_found": ("Version not found.", "版本不存在。"),
    "member_not_found": ("Member not found.", "成员不存在。"),
    "invitation_not_found": ("Invitation not found.", "邀请不存在。"),
    "host_app_not_found": ("Host app not found.", "宿主应用不存在。"),
    "sdk_key_not_found": ("SDK key not found.", "SDK 密钥不存在。"),
    "listing_not_found": ("Listing not found.", "上架记录不存在。"),
    "api_token_not_found": ("API token not found.", "API 令牌不存在。"),
    "source_not_found": ("This version has no source upload.", "该版本没有上传源码。"),
    "user_not_found": ("User not found.", "用户不存在。"),
    # conflicts
    "invalid_transition": (
        "This change is not allowed in the current state.",
        "当前状态下不允许此操作。",
    ),
    "version_exists": (
        "This version number is taken; use a new one.",
        "该版本号已被使用，请使用新的版本号。",
    ),
    "email_taken": ("An account with this email exists.", "该邮箱已注册。"),
    "slug_taken": ("This identifier is taken.", "该标识已被占用。"),
    "name_taken": ("This name is taken.", "该名称已被占用。"),
    "already_member": ("Already a member.", "已经是成员。"),
    "last_owner": ("An organization needs at least one owner.", "组织至少需要一名所有者。"),
    "mini_program_suspended": ("The mini-program is suspended.", "该小程序已被暂停。"),
    "no_approved_version": ("No version has passed review yet.", "尚无通过审核的版本。"),
    # validation
    "validation_failed": ("Some input is invalid.", "输入有误。"),
    "required": ("This field is required.", "此项为必填项。"),
    "too_long": ("This value is too long.", "内容过长。"),
    "invalid_email": ("Not a valid email address.", "邮箱地址无效。"),
    "weak_password": ("The password is too short.", "密码太短。"),
    "invalid_slug": (
        "Use lowercase letters, digits and hyphens.",
        "请使用小写字母、数字和连字符。",
    ),
    "invalid_role": ("Unknown or unsuitable role.", "角色无效。"),
    "invalid_scope": ("Unknown or missing token scopes.", "令牌权限范围无效。"),
    "scope_escalation": ("A token cannot grant more than it has.", "令牌不能授予超出自身的权限。"),
    "invalid_name": ("Give a name.", "请填写名称。"),
    "invalid_invitation": ("The invitation is invalid or expired.", "邀请无效或已过期。"),
    "reason_required": ("Give a reason.", "请填写原因。"),
    "invalid_domain": (
        "Not a valid request domain (https://host).",
        "请求域名无效（须为 https://域名）。",
    ),
    "invalid_origin": ("Not a valid web origin.", "Web 来源无效。"),
    "invalid_bundle_id": ("Not a valid bundle id.", "包名无效。"),
    "invalid_platform": ("Unknown platform.", "未知平台。"),
    "invalid_overlap": ("The overlap period is out of range.", "过渡期超出范围。"),
    "invalid_icon": (
        "The icon must be an https or data:image URL.",
        "图标须为 https 或 data:image 地址。",
    ),
    "too_many_tags": ("Too many tags.", "标签过多。"),
    "too_many_testers": ("Too many testers.", "体验成员过多。"),
    "invalid_trial_version": (
        "This version cannot be the trial version.",
        "该版本不能设为体验版。",
    ),
    "invalid_version": (
        "Use a semantic version such as 1.2.0.",
        "请使用语义化版本号，例如 1.2.0。",
    ),
    "invalid_kind": (
        "The upload kind must be auto, source or mpk.",
        "上传类型须为 auto、source 或 mpk。",
    ),
    "invalid_action": ("Unknown action.", "未知操作。"),
    "org_required": ("Choose the owning organization.", "请选择所属组织。"),
    "empty_upload": ("The uploaded file is empty.", "上传的文件为空。"),
    "upload_too_large": ("The upload is too large.", "上传文件过大。"),
    "compile_failed": (
        "The source does not compile; see the listed errors.",
        "源码编译失败，请查看错误列表。",
    ),
    "manifest_mismatch": (
        "The package does not match this mini-program or version.",
        "包与该小程序或版本不一致。",
    ),
    # service
    "compiler_unavailable": (
        "This server cannot compile sources; upload a built package.",
        "服务器暂不能编译源码，请上传已构建的包。",
    ),
    "not_ready": ("The service is not ready.", "服务尚未就绪。"),
    "http_error": ("The request failed.", "请求失败。"),
    "method_not_allowed": ("This method is not allowed here.", "不支持该请求方法。"),
    # release plans and the host API (delivery)
    "invalid_plan": (
        "The release plan is not valid; see the fields listed.",
        "发布计划有误，请按所列字段修改。",
    ),
    "plan_unchanged": ("The plan is already in that state.", "发布计划已处于该状态。"),
    "no_previous_plan": (
        "There is no earlier plan revision to roll back to.",
        "没有可回滚的上一个计划版本。",
    ),
    "missing_signature": (
        "The request is not signed; send the X-Miniport signature headers.",
        "请求未签名，请携带 X-Miniport 签名请求头。",
    ),
    "bad_signature": ("The request signature is wrong.", "请求签名不正确。"),
    "bad_algorithm": ("This signature algorithm is not supported.", "不支持该签名算法。"),
    "bad_nonce": ("The nonce is malformed.", "随机串（nonce）格式不正确。"),
    "stale_timestamp": (
        "The request timestamp is more than 60 seconds from the server clock.",
        "请求时间戳与服务器时间相差超过 60 秒。",
    ),
    "replayed_nonce": (
        "This request was already received (replayed nonce).",
        "请求重复（nonce 已使用）。",
    ),
    "unknown_key": ("The SDK key is unknown or revoked.", "SDK Key 不存在或已撤销。"),
    "host_disabled": ("This host app is disabled.", "该宿主应用已停用。"),
    "bad_token": ("The session token is not valid.", "会话令牌无效。"),
    "expired_token": ("The session token has expired.", "会话令牌已过期。"),
    "token_not_allowed": (
        "This call needs a signed request from the host backend, not a session token.",
        "该接口需要宿主后端签名请求，不能使用会话令牌。",
    ),
    "package_not_found": ("No deliverable package has this id.", "没有该编号的可下发包。"),
}


def message(code: str, lang: str = "en") -> str:
    """The short message for `code` in `lang` ("en" or "zh-CN"); falls back to English,
    then to the code itself so an unknown code still shows something stable."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    return pair[1] if lang.lower().startswith("zh") else pair[0]


def bilingual(code: str) -> str:
    """English and Chinese on one line, for terminals."""
    en, zh = MESSAGES.get(code, (code, code))
    return en if en == zh else f"{en} / {zh}"
