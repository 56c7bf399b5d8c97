"""Compile errors on the upload form read in the console's language."""

from __future__ import annotations

from miniport.center.errors import ApiError
from miniport.console.pages.versions import diagnostics_of

ERROR = ApiError(
    "compile_failed",
    "The sources do not compile.",
    {
        "diagnostics": [
            {
                "file": "app.json",
                "line": 4,
                "col": 3,
                "message": "page pages/missing/missing has no .wxml file",
                "message_zh": "页面 pages/missing/missing 缺少 .wxml 文件",
            },
            {"location": "a.wxss:1:1", "message": "only English here"},
        ]
    },
)


def test_chinese_console_shows_chinese_compile_errors_with_positions() -> None:
    rows = diagnostics_of(ERROR, "zh-CN")
    assert rows[0] == {"where": "app.json:4:3", "message": "页面 pages/missing/missing 缺少 .wxml 文件"}
    assert rows[1] == {"where": "a.wxss:1:1", "message": "only English here"}


def test_english_console_shows_english_compile_errors() -> None:
    assert diagnostics_of(ERROR, "en")[0]["message"] == "page pages/missing/missing has no .wxml file"
