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
    "none": ("None.", "无。"),
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
    "error.server": (
        "The server could not show this page. Try again; if it keeps happening, tell an operator (the server log has the details).",
        "服务器无法显示此页面。请重试；如果问题持续，请联系平台运营（服务器日志中有详细信息）。",
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
    "org.switch": ("Switch organization", "切换组织"),
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
    "apps.suspend": ("Suspend everywhere", "全平台下线"),
    "apps.resume": ("Resume", "恢复上线"),
    "apps.suspend_confirm": (
        "Suspend {name}? It stops opening in every host app at once, and no new version can be uploaded.",
        "下线 {name}？它将立即在所有宿主应用中无法打开，并且不能上传新版本。",
    ),
    "apps.status_suspend": ("The mini-program is suspended everywhere.", "小程序已在全平台下线。"),
    "apps.status_resume": ("The mini-program is active again.", "小程序已恢复上线。"),
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
    "versions.compile_failed": (
        "The source does not compile ({count} errors). Fix them and upload again:",
        "源码编译失败（{count} 处错误），请修复后重新上传：",
    ),
    "versions.cancel": ("Cancel submission", "撤销提交"),
    "versions.release": ("Release", "发布"),
    "versions.release_confirm": (
        "Release version {version}? Host apps where the mini-program is listed can then serve it.",
        "发布版本 {version}？已上架该小程序的宿主应用将可以分发此版本。",
    ),
    "versions.withdraw_confirm": (
        "Withdraw version {version}? It will no longer be delivered to anyone.",
        "撤回版本 {version}？它将不再分发给任何用户。",
    ),
    "versions.done.submit": ("The version was submitted for review.", "版本已提交审核。"),
    "versions.done.cancel": ("The submission was cancelled.", "已撤销提交。"),
    "versions.done.release": ("The version was released.", "版本已发布。"),
    "versions.done.withdraw": ("The version was withdrawn.", "版本已撤回。"),
    "versions.reason": ("Reason", "理由"),
    "versions.uploaded_at": ("Uploaded", "上传时间"),
    "versions.package_id": ("Package id (sha256)", "包 ID（sha256）"),
    "versions.compiler": ("Compiler", "编译器"),
    "versions.review_reason": ("Review note", "审核意见"),
    "versions.pages": ("Pages", "页面"),
    "versions.no_warnings": ("No warnings.", "没有警告。"),
    "versions.is_trial": ("This is the trial version.", "这是当前体验版。"),
    "versions.open_review": ("Open in review", "进入审核"),
    "preview.title": ("Preview {name} {version}", "预览 {name} {version}"),
    "preview.scan": (
        "Trial testers open this version in a host app; here it runs in the same runtime, below.",
        "体验成员可在宿主应用中打开此版本；在这里它运行在下方的同一运行时中。",
    ),
    "preview.loading": ("Starting the mini-program…", "正在启动小程序……"),
    "preview.ready": ("Running.", "运行中。"),
    "preview.failed": ("The mini-program could not start:", "小程序无法启动："),
    "preview.device": ("Simulated phone screen", "模拟手机屏幕"),
    "preview.problems": ("Problems", "问题"),
    "preview.download": ("Download the package (.mpk)", "下载安装包（.mpk）"),
    "finding.error": ("error", "错误"),
    "finding.warning": ("warning", "警告"),
    "finding.info": ("info", "信息"),
    # review
    "review.title": ("Review {name} {version}", "审核 {name} {version}"),
    "review.empty": ("Nothing is waiting for review.", "没有待审核的版本。"),
    "review.submitted": ("Submitted", "提交时间"),
    "review.live_preview": ("Live preview", "实时预览"),
    "review.decision": ("Decision", "审核决定"),
    "review.reason": ("Reason", "理由"),
    "review.reason_hint": (
        "Required to reject; the partner sees it. Optional note when approving.",
        "驳回时必填，合作方可以看到；批准时可选填。",
    ),
    "review.approve": ("Approve", "通过"),
    "review.reject": ("Reject", "驳回"),
    "review.reject_confirm": ("Reject version {version}?", "驳回版本 {version}？"),
    "review.pick_action": ("Choose Approve or Reject.", "请选择“通过”或“驳回”。"),
    "review.done.approve": ("The version was approved.", "版本已通过审核。"),
    "review.done.reject": ("The version was rejected.", "版本已被驳回。"),
    "review.domains": ("Requested domains", "请求的域名"),
    "review.allowed": ("allowed", "已允许"),
    "review.not_allowed": ("not on the allow-list", "不在合法域名中"),
    "review.apis": ("wx APIs used", "使用的 wx 接口"),
    "review.diff": ("Changes since the released version", "与已发布版本的差异"),
    "review.diff_against": (
        "Compared with released version {version}.",
        "对比已发布版本 {version}。",
    ),
    "review.added": ("Added", "新增"),
    "review.removed": ("Removed", "删除"),
    "review.no_changes": ("No files changed.", "没有文件变化。"),
    "review.first_version": (
        "No released version to compare with: this is the first release.",
        "没有可对比的已发布版本：这是首次发布。",
    ),
    "review.pick_file": ("Choose a file to read its source.", "选择一个文件查看源码。"),
    "review.binary": ("Binary or very large file: not shown.", "二进制或过大的文件：不显示。"),
    # host apps and listings
    "hosts.new": ("New host app", "新建宿主应用"),
    "hosts.platforms": ("Platforms", "平台"),
    "hosts.bundle_ids": ("Bundle ids (one per line)", "Bundle ID（每行一个）"),
    "hosts.bundle_ids_hint": (
        "iOS/Android/HarmonyOS package names, e.g. com.example.bank",
        "iOS/Android/鸿蒙包名，例如 com.example.bank",
    ),
    "hosts.web_origins": ("Web origins (one per line)", "Web 源（每行一个）"),
    "hosts.web_origins_hint": (
        "For browser hosts, e.g. https://app.example.com",
        "浏览器宿主使用，例如 https://app.example.com",
    ),
    "hosts.enabled": ("enabled", "已启用"),
    "hosts.disabled": ("disabled", "已停用"),
    "hosts.enable": ("Enable", "启用"),
    "hosts.disable": ("Disable host app", "停用宿主应用"),
    "hosts.disable_confirm": (
        "Disable {name}? Its SDK requests will be refused at once, so no mini-program opens in it.",
        "停用 {name}？其 SDK 请求将立即被拒绝，所有小程序都无法在其中打开。",
    ),
    "hosts.enabled_notice": ("The host app was enabled.", "宿主应用已启用。"),
    "hosts.disabled_notice": ("The host app was disabled.", "宿主应用已停用。"),
    "hosts.secret_once": (
        "Copy the SDK secret now and keep it on the host's backend: it is shown only once.",
        "请立即复制 SDK 密钥并保存在宿主后端：它只显示这一次。",
    ),
    "hosts.sdk_key": ("SDK key", "SDK Key"),
    "hosts.sdk_secret": ("SDK secret", "SDK 密钥"),
    "hosts.keys": ("SDK keys", "SDK 密钥对"),
    "hosts.expires": ("expires {when}", "{when} 过期"),
    "hosts.overlap": ("Old keys stay valid for (hours)", "旧密钥继续有效（小时）"),
    "hosts.rotate": ("Rotate secret", "轮换密钥"),
    "hosts.rotate_confirm": (
        "Issue a new SDK key and secret for {name}? The current ones stop working after the overlap.",
        "为 {name} 签发新的 SDK Key 与密钥？当前密钥将在重叠期结束后失效。",
    ),
    "hosts.revoke_confirm": (
        "Revoke key {key} now? Hosts using it are refused at once.",
        "立即吊销密钥 {key}？使用它的宿主将立即被拒绝。",
    ),
    "hosts.key_revoked": ("The key was revoked.", "密钥已吊销。"),
    "listings.title": ("Listings (上架)", "上架管理"),
    "listings.state.listed": ("listed", "已上架"),
    "listings.state.unlisted": ("not listed", "未上架"),
    "listings.list": ("List", "上架"),
    "listings.delist": ("Delist", "下架"),
    "listings.delist_confirm": (
        "Delist {app} from {host}? New launches stop at once.",
        "从 {host} 下架 {app}？新的启动将立即失败。",
    ),
    "listings.listed": ("The mini-program is listed.", "小程序已上架。"),
    "listings.delisted": ("The mini-program was delisted.", "小程序已下架。"),
    # plans (links)
    "plans.title": ("Release plans", "发布计划"),
    "plans.revision": ("Revision", "修订版本"),
    "plans.listing": ("Listing", "上架状态"),
    "plans.none": ("no plan yet", "尚无计划"),
    "plans.running": ("running", "生效中"),
    "plans.paused": ("paused", "已暂停"),
    "plans.restored_from": ("restored from revision {revision}", "恢复自修订版本 {revision}"),
    "plans.pause": ("Pause rollout", "暂停灰度"),
    "plans.resume": ("Resume rollout", "恢复灰度"),
    "plans.rollback": ("Roll back to the previous plan", "回滚到上一个计划"),
    "plans.pause_confirm": (
        "Pause this rollout? Everyone gets the default version until you resume.",
        "暂停此次灰度？在恢复之前所有用户都将获得默认版本。",
    ),
    "plans.rollback_confirm": (
        "Roll back to the previous plan? It takes effect for new launches at once.",
        "回滚到上一个计划？新的启动将立即生效。",
    ),
    "plans.done.pause": ("The rollout is paused.", "灰度已暂停。"),
    "plans.done.resume": ("The rollout is running again.", "灰度已恢复。"),
    "plans.done.rollback": ("The previous plan is active again.", "已回滚到上一个计划。"),
    "plans.saved": ("The plan was saved and takes effect at once.", "计划已保存并立即生效。"),
    "plans.default_version": ("Default version", "默认版本"),
    "plans.no_default": (
        "none (users not matched by a rule get nothing)",
        "无（不匹配任何规则的用户无法打开）",
    ),
    "plans.default_hint": (
        "Users who match no rule get this version.",
        "不匹配任何规则的用户获得此版本。",
    ),
    "plans.start_at": ("Plan starts", "计划开始时间"),
    "plans.end_at": ("Plan ends", "计划结束时间"),
    "plans.utc": ("UTC", "UTC 时间"),
    "plans.guardrail": (
        "Guardrail: pause if error rate rises by (points)",
        "护栏：错误率上升超过（百分点）时自动暂停",
    ),
    "plans.guardrail_hint": (
        "Compared with the default version; empty = no guardrail.",
        "与默认版本比较；留空表示不启用。",
    ),
    "plans.guardrail_min": ("…after at least this many launches", "……至少达到此启动次数后"),
    "plans.rules": ("Rules, first match wins", "规则（按顺序，首个匹配生效）"),
    "plans.rules_hint": (
        "Conditions inside a rule must all hold; a list inside one box matches any of its values.",
        "同一规则内的条件需全部满足；同一输入框内的多个值满足其一即可。",
    ),
    "plans.rule": ("Rule", "规则"),
    "plans.rule_id": ("Rule id", "规则 ID"),
    "plans.add_rule": ("Add rule", "添加规则"),
    "plans.remove_rule": ("Remove rule", "删除规则"),
    "plans.move_up": ("Move rule up", "上移规则"),
    "plans.move_down": ("Move rule down", "下移规则"),
    "plans.users_conditions": ("Users", "用户条件"),
    "plans.device_conditions": ("Devices", "设备条件"),
    "plans.user_ids": ("User ids", "用户 ID"),
    "plans.city": ("City", "城市"),
    "plans.gender": ("Gender", "性别"),
    "plans.age_min": ("Age from", "最小年龄"),
    "plans.age_max": ("Age to", "最大年龄"),
    "plans.custom": (
        "Custom attributes (key=value, one per line)",
        "自定义属性（key=value，每行一个）",
    ),
    "plans.custom_hint": (
        "Keys the host sends as user.custom.<key>.",
        "宿主以 user.custom.<key> 传入的属性。",
    ),
    "plans.os": ("OS", "操作系统"),
    "plans.os_version": ("OS version", "系统版本"),
    "plans.model": ("Device model (regular expression)", "设备型号（正则表达式）"),
    "plans.network": ("Network", "网络类型"),
    "plans.host_version": ("Host app version", "宿主应用版本"),
    "plans.sdk_version": ("SDK version", "SDK 版本"),
    "plans.list_hint": ("Comma-separated; any value matches.", "逗号分隔，满足任一值即可。"),
    "plans.range_hint": ("A range such as >=13 <15", "版本范围，例如 >=13 <15"),
    "plans.regex_hint": ("e.g. ^Mate", "例如 ^Mate"),
    "plans.percentage": ("Share of users (%)", "用户比例（%）"),
    "plans.percentage_hint": (
        "A stable slice of users by id: raising it only adds users.",
        "按用户 ID 稳定分桶：调高比例只会增加用户，不会重新打散。",
    ),
    "plans.time_from": ("Active from", "生效开始"),
    "plans.time_to": ("Active until", "生效结束"),
    "plans.target": ("Users matched get", "匹配的用户获得"),
    "plans.one_version": ("one version", "一个版本"),
    "plans.ab": ("an A/B split", "A/B 实验"),
    "plans.variants": (
        "A/B variants: each user sticks to one, by weight.",
        "A/B 分组：按权重分配，每个用户固定在一组。",
    ),
    "plans.weight": ("Weight", "权重"),
    "plans.save": ("Save plan", "保存计划"),
    "plans.attributes": ("Audience for the estimate", "预估使用的用户分布"),
    "plans.attributes_label": ("Attribute shares (JSON)", "属性分布（JSON）"),
    "plans.attributes_hint": ("For example: {example}", "例如：{example}"),
    "plans.estimate": ("Who gets what", "版本分布预估"),
    "plans.estimate_of": ("Simulated over {users} synthetic users.", "基于 {users} 个模拟用户。"),
    "plans.estimate_empty": (
        "Add a default version or a rule to see an estimate.",
        "设置默认版本或添加规则后可查看预估。",
    ),
    "plans.by_rule": ("By rule", "按规则"),
    "plans.users": ("Users", "用户数"),
    "plans.history": ("History", "历史版本"),
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
    # audit
    "audit.filters": ("Filter the audit log", "筛选审计日志"),
    "audit.action": ("Action", "操作"),
    "audit.action_hint": (
        "e.g. version.approve, listing.delist, plan.rollback",
        "例如 version.approve、listing.delist、plan.rollback",
    ),
    "audit.subject_type": ("Subject type", "对象类型"),
    "audit.subject_type_hint": (
        "e.g. version, org, host_app, release_plan",
        "例如 version、org、host_app、release_plan",
    ),
    "audit.subject_id": ("Subject id", "对象 ID"),
    "audit.actor": ("Actor (email)", "操作人（邮箱）"),
    "audit.since": ("From (UTC date)", "开始日期（UTC）"),
    "audit.until": ("Until (UTC date)", "结束日期（UTC）"),
    "audit.bad_date": ("Use a date like 2026-05-01.", "请使用 2026-05-01 这样的日期。"),
    "audit.filter": ("Filter", "筛选"),
    "audit.export": ("Export CSV", "导出 CSV"),
    "audit.at": ("Time", "时间"),
    "audit.subject": ("Subject", "对象"),
    "audit.change": ("Before → after", "变更前 → 变更后"),
    "audit.pages": ("Pages", "分页"),
    "audit.page": ("Page {page}", "第 {page} 页"),
    "audit.previous": ("Earlier", "上一页"),
    "audit.next": ("Later", "下一页"),
    # dashboard
    "dash.observed": ("Launches and errors reported by hosts", "宿主上报的启动与错误"),
    "dash.observed_hint": (
        "Totals since the first report (hosts send them to /sdk/v1/events).",
        "自首次上报以来的累计数（宿主通过 /sdk/v1/events 上报）。",
    ),
    "dash.launches_errors": ("Launches and errors per version", "各版本启动次数与错误数"),
    "dash.launches": ("Launches", "启动次数"),
    "dash.errors": ("Errors", "错误数"),
    "dash.error_rate": ("Error rate", "错误率"),
    "dash.share": ("Share of launches", "启动占比"),
    "dash.by_version": ("By version ({total} launches)", "按版本（共 {total} 次启动）"),
    "dash.by_host": ("By host app", "按宿主应用"),
    "dash.no_events": ("No launches reported yet.", "尚未收到启动上报。"),
    "dash.planned": (
        "Share of users per version over time in {host}",
        "{host} 中各版本用户占比随时间变化",
    ),
    "dash.planned_chart": ("Planned share of users, {host}", "计划用户占比（{host}）"),
    "dash.planned_hint": (
        "Each saved plan revision run through the rollout simulator with {users} users without attributes.",
        "每个已保存的计划修订版本，用 {users} 个无属性的模拟用户计算得出。",
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

    def t(key: str, /, **values: object) -> str:
        pair = MESSAGES.get(key)
        text = pair[column] if pair else key
        return text.format(**values) if values else text

    return t


def translator_for(request: Request) -> Callable[..., str]:
    """The translator for a console request (its chosen language)."""
    console = request.app.state.console
    return translator(pick_language(request, console.default_language))
