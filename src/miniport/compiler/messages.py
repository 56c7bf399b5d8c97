"""The compiler's diagnostic texts in English and zh-CN, keyed by stable codes.

Each stage reports a code and the values to fill in (`page`, `path`, …) rather than a
finished sentence, so the same diagnostic can be shown in either language, and tools
(the center's API, editors, CI) can match on the code without parsing English.

Templates use `str.format` syntax: `{page!r}` quotes a value the way the English
messages always have, and literal braces are doubled (`{{`, `}}`). A value may itself
be a phrase (`phrase(code, …)`, rendered in the same language, for parts of a sentence
such as "the main package") or a text already given in both languages
(`localized(en, zh)`, for messages that come from outside the compiler).

Codes are checked by tests/compiler/test_messages.py: every code the compiler uses must
be here with both texts, and both texts must take the same values (except that the
`json.syntax_*` texts in Chinese leave out Python's English description, which their
code already implies).
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from typing import Literal

Language = Literal["en", "zh-CN"]
LANGUAGES: tuple[Language, ...] = ("en", "zh-CN")
DEFAULT_LANGUAGE: Language = "en"

_PHRASE = "$phrase"

# code → (English, zh-CN). English texts are the messages the compiler has always
# printed; keep them word for word, tests and users' CI filters match on them.
MESSAGES: dict[str, tuple[str, str]] = {
    # -- finding the project ------------------------------------------------------------
    "project.not_a_directory": (
        "not a directory; pass the folder that holds app.json",
        "这不是一个目录，请传入包含 app.json 的文件夹",
    ),
    "project.miniprogram_root_type": (
        "miniprogramRoot must be a string",
        "miniprogramRoot 必须是字符串",
    ),
    "project.miniprogram_root_missing": (
        "miniprogramRoot {root!r} has no app.json; point it at the folder that holds app.json",
        "miniprogramRoot {root!r} 下没有 app.json，请让它指向包含 app.json 的文件夹",
    ),
    "project.no_app_json": (
        "no app.json here (and no project.config.json with miniprogramRoot); "
        "pass the mini-program's root folder",
        "这里没有 app.json（也没有设置了 miniprogramRoot 的 project.config.json），"
        "请传入小程序的根目录",
    ),
    # -- files and JSON -----------------------------------------------------------------
    "file.not_utf8": (
        "not UTF-8 text; save the file as UTF-8",
        "文件不是 UTF-8 编码，请另存为 UTF-8",
    ),
    "file.unreadable": (
        "cannot read: {reason}",
        "无法读取文件：{reason}",
    ),
    "json.syntax": (
        "invalid JSON: {detail}",
        "JSON 格式错误：{detail}",
    ),
    "json.syntax_key": (
        "invalid JSON: {detail} (JSON needs double-quoted keys and allows no trailing comma "
        "or comment)",
        "JSON 格式错误：这里应是用双引号括起来的键名（JSON 不允许末尾逗号和注释）",
    ),
    "json.syntax_comma": (
        "invalid JSON: {detail} (a comma is missing between two items)",
        "JSON 格式错误：两项之间少了逗号",
    ),
    "json.syntax_value": (
        "invalid JSON: {detail} (a value is missing, or there is a trailing comma, a comment "
        "or single quotes)",
        "JSON 格式错误：缺少值，或者写了末尾逗号、注释或单引号",
    ),
    "json.syntax_extra": (
        "invalid JSON: {detail} (the file has text after its closing bracket)",
        "JSON 格式错误：结尾的括号后面还有多余内容",
    ),
    "config.not_object": (
        "{file} must hold a JSON object",
        "{file} 的内容必须是一个 JSON 对象",
    ),
    "config.style_isolation": (
        "styleIsolation {value!r} is not one of {allowed}",
        "styleIsolation 的值 {value!r} 无效，可选值为 {allowed}",
    ),
    # -- app.json -----------------------------------------------------------------------
    "app.not_object": (
        "app.json must hold a JSON object",
        "app.json 的内容必须是一个 JSON 对象",
    ),
    "app.alias_not_object": (
        "resolveAlias must map aliases to paths",
        "resolveAlias 必须是从别名到路径的映射",
    ),
    "app.alias_entry": (
        "resolveAlias {alias!r}: the path must be a string that ends in '*' exactly when the "
        'alias does, e.g. "~/*": "/*"',
        "resolveAlias {alias!r}：路径必须是字符串，并且只有别名以 '*' 结尾时路径才以 '*' 结尾，"
        '例如 "~/*": "/*"',
    ),
    "app.pages_missing": (
        'app.json needs a "pages" list naming at least one page',
        'app.json 缺少 "pages" 列表，请至少列出一个页面',
    ),
    "app.pages_empty": (
        '"pages" must be a non-empty list of page paths',
        '"pages" 必须是非空的页面路径列表',
    ),
    "app.file_missing": (
        "{key} {value!r}: file not found",
        "{key} 指定的 {value!r} 文件不存在",
    ),
    "app.entry_not_page": (
        "entryPagePath {entry!r} is not a listed page",
        "entryPagePath {entry!r} 不在页面列表中",
    ),
    "page.duplicate": (
        "page {page!r} is listed twice",
        "页面 {page!r} 在列表中出现了两次",
    ),
    "page.path_empty": (
        "a page path must be a non-empty string",
        "页面路径必须是非空字符串",
    ),
    "page.path_form": (
        "page {page!r} must be a path from the root without extension, e.g. 'pages/index/index'",
        "页面 {page!r} 应写成从根目录算起、不带扩展名的路径，例如 'pages/index/index'",
    ),
    "page.missing": (
        "page {page!r} not found: no {page}.wxml; create the page's .wxml and .js, "
        "or remove it from the list",
        "找不到页面 {page!r}：没有 {page}.wxml。请创建该页面的 .wxml 和 .js，或者把它从列表中删掉",
    ),
    "page.missing_wxml": (
        "page {page!r} not found: no {page}.wxml; create it, or fix the path",
        "找不到页面 {page!r}：没有 {page}.wxml。请创建它，或者修正路径",
    ),
    "page.no_js": (
        "page {page!r} has no {page}.js; it will run with Page({{}})",
        "页面 {page!r} 没有 {page}.js，将按 Page({{}}) 运行",
    ),
    "subpackage.both_keys": (
        'use either "subpackages" or "subPackages", not both',
        '"subpackages" 和 "subPackages" 只能写一个',
    ),
    "subpackage.not_list": (
        '"{key}" must be a list',
        '"{key}" 必须是列表',
    ),
    "subpackage.root_missing": (
        'each subpackage needs a "root" folder (a string)',
        '每个分包都需要用 "root" 指定目录（字符串）',
    ),
    "subpackage.root_invalid": (
        "subpackage root {root!r} must be a folder",
        "分包的 root {root!r} 必须是一个文件夹",
    ),
    "subpackage.overlap": (
        "subpackage root {root!r} overlaps subpackage {other!r}",
        "分包目录 {root!r} 与分包 {other!r} 的目录重叠",
    ),
    "subpackage.no_pages": (
        "subpackage {root!r} lists no pages; add its pages",
        "分包 {root!r} 没有列出任何页面，请补上它的页面",
    ),
    "subpackage.file_outside": (
        "{target} is in subpackage {part!r}, which this file cannot load; "
        "move it to the main package",
        "{target} 位于分包 {part!r} 中，当前文件无法加载它，请把它移到主包",
    ),
    "tabbar.no_list": (
        'tabBar needs a "list" of tabs',
        'tabBar 需要一个 "list" 标签列表',
    ),
    "tabbar.custom_missing": (
        "tabBar.custom is true but custom-tab-bar/index.wxml is missing; add the custom tab "
        "bar component there",
        "tabBar.custom 为 true，但缺少 custom-tab-bar/index.wxml，请在这里添加自定义 tabBar 组件",
    ),
    "tabbar.count": (
        "tabBar.list has {count} tabs; WeChat allows 2 to 5",
        "tabBar.list 有 {count} 个标签，微信只允许 2 到 5 个",
    ),
    "tabbar.item_not_object": (
        "a tab must be an object with pagePath",
        "每个标签都必须是带 pagePath 的对象",
    ),
    "tabbar.page_not_main": (
        'tab pagePath {page!r} is not a page of the main package; list it in "pages"',
        'tabBar 的 pagePath {page!r} 不是主包页面，请把它加到 "pages" 中',
    ),
    "tabbar.icon_missing": (
        "tab {key} {icon!r}: file not found",
        "tabBar 的 {key} 指定的 {icon!r} 文件不存在",
    ),
    # -- components ---------------------------------------------------------------------
    "component.no_json": (
        'component {path!r} has no {path}.json; add one with {{"component": true}}',
        '组件 {path!r} 缺少 {path}.json，请添加一个，内容写上 {{"component": true}}',
    ),
    "component.not_declared": (
        'used as a component but lacks "component": true; add it',
        '被当作组件使用，但没有声明 "component": true，请加上',
    ),
    "component.using_not_object": (
        "usingComponents must map tag names to component paths",
        "usingComponents 必须是从标签名到组件路径的映射",
    ),
    "component.path_type": (
        "component {tag!r}: path must be a string",
        "组件 {tag!r} 的路径必须是字符串",
    ),
    "component.plugin": (
        "component {tag!r}: plugins are not supported; ignored",
        "组件 {tag!r} 来自插件，暂不支持插件，已忽略",
    ),
    "component.missing": (
        "component {tag!r} not found at {target!r}: no .wxml/.js there, nor index.* in that "
        "folder, nor a miniprogram_npm package of that name; fix the path or copy the npm "
        "package into miniprogram_npm/",
        "在 {target!r} 找不到组件 {tag!r}：那里没有 .wxml/.js，该文件夹下没有 index.*，"
        "也没有同名的 miniprogram_npm 包。请修正路径，或者把 npm 包复制到 miniprogram_npm/",
    ),
    "component.generic_missing": (
        "default component of generic {generic!r} not found at {target!r}; fix the path",
        "抽象节点 {generic!r} 的默认组件在 {target!r} 找不到，请修正路径",
    ),
    "component.independent_outside": (
        "component {tag!r} lives in {where}, but independent subpackage {part!r} runs without "
        "it; copy the component into the subpackage",
        "组件 {tag!r} 位于{where}，但独立分包 {part!r} 运行时不会加载它，请把组件复制到该分包中",
    ),
    "component.other_subpackage": (
        "component {tag!r} lives in subpackage {target_part!r} but is used from {where}; "
        "move it to the main package",
        "组件 {tag!r} 位于分包 {target_part!r}，却在{where}中使用，请把它移到主包",
    ),
    # -- WXML -----------------------------------------------------------------------------
    "wxml.mustache_unclosed": (
        "`{{{{` is never closed; add the matching `}}}}`",
        "`{{{{` 没有闭合，请补上对应的 `}}}}`",
    ),
    "wxml.comment_unclosed": (
        "comment `<!--` is never closed; add `-->`",
        "注释 `<!--` 没有结束，请补上 `-->`",
    ),
    "wxml.bad_closing_tag": (
        "malformed closing tag; write it as </name>",
        "结束标签格式不对，应写成 </name>",
    ),
    "wxml.tag_unfinished": (
        "tag <{name}> is not finished; close it with `>` or `/>`",
        "标签 <{name}> 没有写完，请用 `>` 或 `/>` 结束",
    ),
    "wxml.attr_unexpected": (
        'unexpected `{char}` in tag <{name}>; attributes look like name="value" '
        "(check for an unbalanced quote)",
        '标签 <{name}> 中出现了意外的 `{char}`；属性应写成 name="value"（请检查引号是否成对）',
    ),
    "wxml.wxs_unclosed": (
        "<wxs> is never closed; add </wxs> after the script",
        "<wxs> 没有闭合，请在脚本后面补上 </wxs>",
    ),
    "wxml.attr_mustache_unclosed": (
        "`{{{{` in the value of {attr} is never closed; add the matching `}}}}`",
        "{attr} 的值里 `{{{{` 没有闭合，请补上对应的 `}}}}`",
    ),
    "wxml.attr_unclosed": (
        "the value of {attr} in <{tag}> is never closed; add the closing {quote}",
        "<{tag}> 中 {attr} 的值没有结束，请补上结尾的 {quote}",
    ),
    "wxml.unclosed_tag": (
        "<{name}> is never closed; add </{name}> or write <{name} />",
        "<{name}> 没有闭合，请补上 </{name}>，或写成 <{name} />",
    ),
    "wxml.stray_end_tag": (
        "</{name}> closes nothing: no <{name}> is open here; remove it",
        "</{name}> 没有对应的开始标签：这里没有未闭合的 <{name}>，请删除它",
    ),
    "wxml.mismatched_tag": (
        "<{name}> is not closed before </{end}> at line {line} column {col}; add </{name}>",
        "<{name}> 在第 {line} 行第 {col} 列的 </{end}> 之前没有闭合，请补上 </{name}>",
    ),
    "wxml.cond_with_for": (
        "wx:{kind} cannot be combined with wx:for on one element; move the loop to an inner "
        "<block>",
        "同一个元素上不能同时用 wx:{kind} 和 wx:for，请把循环移到内层的 <block> 上",
    ),
    "wxml.cond_orphan": (
        "wx:{kind} must directly follow an element with wx:if or wx:elif (and without wx:for)",
        "wx:{kind} 必须紧跟在带 wx:if 或 wx:elif（且不带 wx:for）的元素后面",
    ),
    "wxml.cond_missing": (
        '{name} needs a condition, e.g. {name}="{{{{ ok }}}}"',
        '{name} 缺少条件，例如 {name}="{{{{ ok }}}}"',
    ),
    "wxml.loop_attr_alone": (
        "{name} has no effect without wx:for on the same element",
        "同一元素上没有 wx:for 时，{name} 不起作用",
    ),
    "wxml.loop_name": (
        '{name} must be a plain variable name, e.g. {name}="row"',
        '{name} 必须是简单的变量名，例如 {name}="row"',
    ),
    "wxml.unknown_directive": (
        "unknown directive {name} is ignored",
        "未知指令 {name}，已忽略",
    ),
    "wxml.model_path": (
        '{name} must bind one data path, e.g. {example}="{{{{ form.name }}}}"',
        '{name} 只能绑定一个数据路径，例如 {example}="{{{{ form.name }}}}"',
    ),
    "wxml.src_missing": (
        '<{tag}> needs a src attribute, e.g. <{tag} src="./item.wxml" />',
        '<{tag}> 缺少 src 属性，例如 <{tag} src="./item.wxml" />',
    ),
    "wxml.src_dynamic": (
        "<{tag} src> must be a static path, not an expression",
        "<{tag} src> 必须是固定路径，不能是表达式",
    ),
    "wxml.src_outside": (
        "{tag} src {src!r} points outside the mini-program; use a path inside it",
        "{tag} 的 src {src!r} 指向了小程序之外，请使用小程序内的路径",
    ),
    "wxml.template_name": (
        '<template name> must be a static name, e.g. <template name="item">',
        '<template name> 必须是固定名称，例如 <template name="item">',
    ),
    "wxml.template_duplicate": (
        'template "{name}" is defined twice in this file; the last one wins',
        '本文件中模板 "{name}" 定义了两次，以最后一个为准',
    ),
    "wxml.template_data": (
        '<template data> must be one {{{{ }}}} expression, e.g. data="{{{{a, b}}}}"',
        '<template data> 必须是单个 {{{{ }}}} 表达式，例如 data="{{{{a, b}}}}"',
    ),
    "wxml.template_kind": (
        '<template> needs name="…" (to define) or is="…" (to use)',
        '<template> 需要 name="…"（定义模板）或 is="…"（使用模板）',
    ),
    "wxml.wxs_module": (
        '<wxs> needs module="name" with a valid identifier, e.g. <wxs module="utils">',
        '<wxs> 需要 module="name"，且名称必须是合法标识符，例如 <wxs module="utils">',
    ),
    "wxml.wxs_duplicate": (
        'WXS module "{module}" is declared twice in this file; rename one',
        '本文件中 WXS 模块 "{module}" 声明了两次，请给其中一个改名',
    ),
    "wxml.wxs_src_and_body": (
        '<wxs module="{module}"> has both src and a body; the body is ignored',
        '<wxs module="{module}"> 同时写了 src 和内联代码，内联代码会被忽略',
    ),
    "wxml.wxs_src_ext": (
        "<wxs src> must name a .wxs file, not {src!r}",
        "<wxs src> 必须指向 .wxs 文件，而不是 {src!r}",
    ),
    "wxml.bad_expression": (
        "bad expression: {detail}",
        "表达式有误：{detail}",
    ),
    "wxml.call_not_wxs": (
        "function calls are only allowed on WXS modules, and {what} is not one; declare it "
        'with <wxs module="…"> or compute the value in the page\'s JS',
        '只能调用 WXS 模块里的函数，而 {what} 不是 WXS 模块；请用 <wxs module="…"> 声明它，'
        "或者在页面的 JS 里算好这个值",
    ),
    "wxml.spread_outside": (
        "`...` spread is only allowed inside an array or object literal",
        "`...` 展开只能用在数组或对象字面量里",
    ),
    "wxml.ref_missing": (
        "{what} {path} does not exist; check the src path (relative to this file, or / for "
        "the project root)",
        "{what} {path} 不存在，请检查 src 路径（相对于当前文件，或以 / 开头表示项目根目录）",
    ),
    "wxml.entry_missing": (
        "{what} {path} does not exist",
        "{what} {path} 不存在",
    ),
    "wxml.import_missing": (
        "{tag} target {path} does not exist; fix the src path (relative to this file, or "
        "starting with / from the root)",
        "{tag} 引用的 {path} 不存在，请修正 src 路径（相对于当前文件，或以 / 开头从根目录算起）",
    ),
    "wxml.import_cycle": (
        "{tag} cycle: {chain}; remove one of these {tag} tags",
        "{tag} 循环引用：{chain}，请删掉其中一个 {tag} 标签",
    ),
    "wxs.file_missing": (
        "WXS file {path} does not exist; fix the src path (relative to this file, or "
        "starting with / from the root)",
        "WXS 文件 {path} 不存在，请修正 src 路径（相对于当前文件，或以 / 开头从根目录算起）",
    ),
    "wxs.require_invalid": (
        "WXS can only require .wxs files inside the project, not {src!r}; use a relative "
        "path like './util.wxs'",
        "WXS 只能 require 项目内的 .wxs 文件，不能是 {src!r}；请使用 './util.wxs' 这样的相对路径",
    ),
    # -- {{ }} expressions (shown after "bad expression: ") -------------------------------
    "expr.unterminated_string": (
        "unterminated string starting with {quote}",
        "以 {quote} 开头的字符串没有结束",
    ),
    "expr.unexpected_char": (
        "unexpected character `{char}` in expression",
        "表达式中有意外的字符 `{char}`",
    ),
    "expr.expected": (
        "expected `{text}` {what}, found {found}",
        "{what}应为 `{text}`，但遇到了{found}",
    ),
    "expr.trailing": (
        "unexpected {found} after the end of the expression",
        "表达式结束后还有多余的{found}",
    ),
    "expr.property_after_dot": (
        "expected a property name after `.`, found {found}",
        "`.` 后面应为属性名，但遇到了{found}",
    ),
    "expr.expected_value": (
        "unexpected {found}; expected a value",
        "这里应为一个值，但遇到了{found}",
    ),
    "expr.property_name": (
        "expected a property name, found {found}",
        "这里应为属性名，但遇到了{found}",
    ),
    "expr.colon_after_property": (
        "expected `:` after property {name}",
        "属性 {name} 后面应为 `:`",
    ),
    # -- WXSS -----------------------------------------------------------------------------
    "wxss.comment_unclosed": (
        "comment is never closed; add */",
        "注释没有结束，请补上 */",
    ),
    "wxss.string_unclosed": (
        "string is never closed; add the closing quote",
        "字符串没有结束，请补上结尾的引号",
    ),
    "wxss.no_selector": (
        "a rule has no selector before '{{'",
        "'{{' 前面缺少选择器",
    ),
    "wxss.unexpected_close": (
        "unexpected '}}' with no block open; remove it",
        "多余的 '}}'：前面没有未闭合的块，请删除",
    ),
    "wxss.unfinished_rule": (
        "unfinished rule {text!r}; add its {{ }}",
        "规则 {text!r} 不完整，请补上它的 {{ }}",
    ),
    "wxss.brace_unclosed": (
        "'{{' is never closed; add the matching '}}'",
        "'{{' 没有闭合，请补上对应的 '}}'",
    ),
    "wxss.import_syntax": (
        'cannot read {statement!r}; write @import "path.wxss";',
        '无法识别 {statement!r}，请写成 @import "path.wxss";',
    ),
    "wxss.import_remote": (
        "@import of a remote sheet {target!r} is not allowed",
        "不允许 @import 远程样式表 {target!r}",
    ),
    "wxss.import_missing": (
        "@import {written!r}: {resolved} not found; fix the path",
        "@import {written!r}：找不到 {resolved}，请修正路径",
    ),
    "wxss.unexpected_statement": (
        "unexpected {text!r} outside a rule; remove it",
        "规则之外出现了意外的 {text!r}，请删除",
    ),
    "wxss.import_cycle": (
        "@import cycle: {chain}; remove one import",
        "@import 循环引用：{chain}，请删掉其中一个 @import",
    ),
    # -- JS -------------------------------------------------------------------------------
    "js.string_unclosed": (
        "string is never closed; add the closing quote",
        "字符串没有结束，请补上结尾的引号",
    ),
    "js.comment_unclosed": (
        "comment is never closed; add */",
        "注释没有结束，请补上 */",
    ),
    "js.template_unclosed": (
        "template literal is never closed; add the closing backtick",
        "模板字符串没有结束，请补上结尾的反引号",
    ),
    "js.regex_unclosed": (
        "regular expression is never closed",
        "正则表达式没有结束",
    ),
    "js.import_syntax": (
        "cannot read this import; write import … from 'module'",
        "无法识别这条 import，请写成 import … from 'module'",
    ),
    "js.export_syntax": (
        "cannot read this export declaration",
        "无法识别这条 export 声明",
    ),
    "js.unexpected_eof": (
        "unexpected end of file in an import or export declaration",
        "import 或 export 声明还没写完，文件就结束了",
    ),
    "js.require_missing": (
        "cannot find module {spec!r}; fix the path, or copy the npm package into miniprogram_npm/",
        "找不到模块 {spec!r}，请修正路径，或者把 npm 包复制到 miniprogram_npm/",
    ),
    "js.require_outside_independent": (
        "{spec!r} is outside independent subpackage {part!r}, which runs without it; copy "
        "the module into the subpackage",
        "{spec!r} 不在独立分包 {part!r} 内，而独立分包运行时不会加载它，请把该模块复制到分包中",
    ),
    "js.require_other_subpackage": (
        "{spec!r} is in subpackage {part!r}, which this file cannot load; move the module to "
        "the main package",
        "{spec!r} 位于分包 {part!r} 中，当前文件无法加载它，请把该模块移到主包",
    ),
    # -- the package ----------------------------------------------------------------------
    "build.reserved_folder": (
        "the folder name {name!r} is reserved; rename it",
        "文件夹名 {name!r} 是保留名称，请重命名",
    ),
    "package.invalid": (
        "{detail}",
        "{detail}",
    ),
    "package.part_too_large": (
        "{what} is {size_kb} ({size} bytes) after compiling, over the limit of {limit_kb} "
        "(--max-part-size); largest source files: {largest}. Move pages into a subpackage or "
        "shrink assets",
        "{what}编译后为 {size_kb}（{size} 字节），超过了 {limit_kb} 的上限（--max-part-size）；"
        "最大的源文件：{largest}。请把部分页面移到分包，或压缩资源文件",
    ),
    "package.too_large": (
        "the whole package is {size_kb} ({size} bytes), over the limit of {limit_kb} "
        "(--max-total-size); largest source files: {largest}. Remove or shrink assets",
        "整个包为 {size_kb}（{size} 字节），超过了 {limit_kb} 的上限（--max-total-size）；"
        "最大的源文件：{largest}。请删除或压缩资源文件",
    ),
    "internal.crash": (
        "internal error in the {stage} stage ({exc_type}: {detail}); this is a Miniport bug: "
        "please report it with this file",
        "{stage} 阶段发生内部错误（{exc_type}: {detail}）。这是 Miniport 的缺陷，"
        "请附上这个文件报告给我们",
    ),
    # -- phrases: parts of the sentences above ----------------------------------------------
    "phrase.main_package": ("the main package", "主包"),
    "phrase.subpackage": ("subpackage {root!r}", "分包 {root!r}"),
    "phrase.wxml_file": ("WXML file", "WXML 文件"),
    "phrase.wxs_file": ("WXS file", "WXS 文件"),
    "phrase.end_of_expression": ("end of expression", "表达式结尾"),
    # zh: leading space because it follows Chinese text directly ("但遇到了 `x`").
    "phrase.token": ("`{token}`", " `{token}`"),
    "phrase.name": ("`{name}`", "`{name}`"),
    "phrase.this_value": ("this value", "这个值"),
    "phrase.in_conditional": ("in a ?: conditional", "?: 条件表达式中"),
    "phrase.close_bracket": ("to close `[`", "闭合 `[` 处"),
    "phrase.close_paren": ("to close `(`", "闭合 `(` 处"),
    "phrase.close_list": ("to close the list", "列表结尾处"),
    "phrase.close_object": ("to close the object literal", "对象字面量结尾处"),
}


def phrase(code: str, **args: object) -> dict[str, object]:
    """Part of a sentence, rendered in the language of the message that holds it.

    A plain dict (not a class) so diagnostics holding phrases still go into the build
    cache, which stores plain data.
    """
    if code not in MESSAGES:
        raise KeyError(f"unknown message code {code!r}")
    return {_PHRASE: code, **args}


def part_phrase(part: str) -> dict[str, object]:
    """Say "the main package" or "subpackage 'x'" for a part root ("" is main)."""
    return phrase("phrase.subpackage", root=part) if part else phrase("phrase.main_package")


def localized(en: str, zh: str) -> dict[str, str]:
    """A value that already exists in both languages (e.g. a package-format error)."""
    return {"en": en, "zh-CN": zh}


def render(code: str, args: Mapping[str, object], lang: str = DEFAULT_LANGUAGE) -> str:
    """The text of message `code` in `lang` ("en" or "zh-CN"), filled in with `args`."""
    en, zh = MESSAGES[code]
    template = zh if normalize_language(lang) == "zh-CN" else en
    values = {key: _value(value, lang) for key, value in args.items()}
    return template.format(**values)


def _value(value: object, lang: str) -> object:
    if isinstance(value, Mapping):
        if _PHRASE in value:
            inner = {k: v for k, v in value.items() if k != _PHRASE}
            return _Literal(render(str(value[_PHRASE]), inner, lang))
        if "en" in value and "zh-CN" in value:
            return _Literal(str(value["zh-CN" if normalize_language(lang) == "zh-CN" else "en"]))
    return value


class _Literal(str):
    """A rendered phrase: `!r` must not put quotes around a piece of sentence."""

    def __repr__(self) -> str:
        return str(self)


def placeholders(template: str) -> set[str]:
    """The value names a template uses (for checking that translations agree)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def normalize_language(value: str | None) -> Language | None:
    """Map "zh", "zh_CN.UTF-8", "zh-Hans" to "zh-CN" and "en", "en_US" to "en"; else None.

    Every Chinese locale maps to zh-CN because it is the only Chinese catalogue we have,
    and Simplified Chinese is closer to a zh-TW reader than English is.
    """
    if not value:
        return None
    lowered = value.strip().lower().replace("_", "-")
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en") or lowered.split(".")[0] in ("c", "posix"):
        return "en"
    return None


def language_from_env(environ: Mapping[str, str] | None = None) -> Language:
    """MINIPORT_LANGUAGE, else the locale (LC_ALL, LC_MESSAGES, LANG), else English.

    The locale variables are read in POSIX precedence order: the first one that is set
    decides, so `LC_ALL=C` overrides a Chinese `LANG`, as it does for other programs.
    """
    env = os.environ if environ is None else environ
    chosen = normalize_language(env.get("MINIPORT_LANGUAGE"))
    if chosen is not None:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalize_language(value) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE
