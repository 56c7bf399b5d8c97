"""Every error code the center can answer with has an English and a Chinese sentence
in the catalogue the console and CLI translate from."""

from __future__ import annotations

import re
from pathlib import Path

import miniport.center
from miniport.center import i18n

SOURCE = Path(miniport.center.__file__).parent
RAISED = re.compile(
    r"\b(?:Invalid|Conflict|Forbidden|Unauthorized|NotFound|Unavailable|PayloadTooLarge|ApiError)"
    r"\(\s*f?\"([a-z_]+)\""
)
NOT_FOUND = re.compile(r"not_found\(\"([a-z_]+)\"")
CJK = re.compile(r"[\u4e00-\u9fff]")


def raised_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        codes |= set(RAISED.findall(text))
        codes |= {f"{kind}_not_found" for kind in NOT_FOUND.findall(text)}
    return codes


def test_every_raised_code_is_in_the_catalogue() -> None:
    codes = raised_codes()
    assert len(codes) > 40, "the scan found the error codes"
    missing = sorted(codes - set(i18n.MESSAGES))
    assert missing == []


def test_catalogue_entries_are_translated() -> None:
    for code, (en, zh) in i18n.MESSAGES.items():
        assert en and en[0].isupper(), code
        assert CJK.search(zh), code
    assert i18n.message("version_exists", "zh-CN").startswith("该版本号")
    assert i18n.message("version_exists").startswith("This version number")
    assert i18n.message("some_future_code", "zh-CN") == "some_future_code"
