"""Compiler tests assert English diagnostics; a Chinese locale on a developer's machine
must not change what they see (tests of language choice set it explicitly)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MINIPORT_LANGUAGE", "en")
