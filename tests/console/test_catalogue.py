"""Every UI string the console uses exists in both languages (no raw keys on screen)."""

from __future__ import annotations

import re
from pathlib import Path

from miniport.console import i18n

CONSOLE = Path(i18n.__file__).parent
# t("key"), t('key'), t("prefix." ~ var) (checked by prefix), notice=key in redirects
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_][\w.]*)["']""")
DYNAMIC = re.compile(r"""\bt\(\s*["']([a-z_][\w.]*\.)["']\s*~""")
NOTICE = re.compile(r"notice=([a-z_]+\.[\w.]+)(?![\w.{])")


def _sources() -> list[Path]:
    return [*CONSOLE.rglob("*.html"), *CONSOLE.rglob("*.py")]


def test_every_literal_key_is_in_the_catalogue() -> None:
    missing = set()
    found = 0
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for key in LITERAL.findall(text) + NOTICE.findall(text):
            found += 1
            if key.endswith("."):
                continue
            if key not in i18n.MESSAGES:
                missing.add(f"{path.name}: {key}")
    assert found > 300, "the key scanner no longer finds the console's strings"
    assert not missing, sorted(missing)


def test_every_dynamic_prefix_has_entries() -> None:
    for path in _sources():
        for prefix in DYNAMIC.findall(path.read_text(encoding="utf-8")):
            assert any(k.startswith(prefix) for k in i18n.MESSAGES), f"{path.name}: {prefix}*"


def test_states_and_roles_shown_by_prefix_are_all_translated() -> None:
    from miniport.center.models.orgs import ORG_STATUSES, ROLES
    from miniport.center.services.versions import STATES

    for state in STATES:
        assert f"versions.state.{state}" in i18n.MESSAGES
    for role in ROLES:
        assert f"role.{role}" in i18n.MESSAGES
    for status in ORG_STATUSES:
        assert f"org.status.{status}" in i18n.MESSAGES
    for notice in ("submit", "cancel", "release", "withdraw"):
        assert f"versions.done.{notice}" in i18n.MESSAGES
