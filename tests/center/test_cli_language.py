"""`miniport upload` shows the center's compile errors in the user's language."""

from __future__ import annotations

import httpx
import pytest
import typer

from miniport.cli import center as cli

REFUSED = {
    "error": {
        "code": "compile_failed",
        "message": "The sources do not compile.",
        "details": {
            "diagnostics": [
                {
                    "location": "pages/index/index.wxml:3:5",
                    "severity": "error",
                    "code": "wxml.unclosed_tag",
                    "message": "<view> is not closed",
                    "message_zh": "<view> 标签没有闭合",
                }
            ]
        },
    }
}


def refuse(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(typer.Exit):
        cli._result(httpx.Response(422, json=REFUSED))
    return capsys.readouterr().err


def test_compile_errors_in_english_by_default(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    for name in ("MINIPORT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    err = refuse(capsys)
    assert "pages/index/index.wxml:3:5: error: <view> is not closed" in err
    assert "标签没有闭合" not in err


def test_compile_errors_in_chinese_when_asked(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MINIPORT_LANGUAGE", "zh-CN")
    err = refuse(capsys)
    assert "pages/index/index.wxml:3:5: error: <view> 标签没有闭合" in err
