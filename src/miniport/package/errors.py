"""Why a package or an uploaded zip was refused.

Every refusal names the entry it is about and carries a stable `code`, so the center
can return it as an API error and the CLI can print it in English and zh-CN.
"""

from __future__ import annotations

from typing import Any


class PackageError(Exception):
    """A package (or source zip) that cannot be written, read or trusted.

    `code` is stable (API clients switch on it); `entry` names the zip entry or manifest
    field at fault, or is None when the problem is with the whole file.
    """

    def __init__(self, code: str, message: str, message_zh: str, entry: str | None = None):
        self.code = code
        self.message = message
        self.message_zh = message_zh
        self.entry = entry
        super().__init__(message)

    def to_api_error(self) -> dict[str, Any]:
        """The `{"error": {...}}` body the HTTP API returns for this refusal."""
        details: dict[str, Any] = {}
        if self.entry is not None:
            details["entry"] = self.entry
        return {
            "error": {
                "code": f"package.{self.code}",
                "message": self.message,
                "details": details,
            }
        }

    def bilingual(self) -> str:
        """The message as a console shows it: English, then zh-CN."""
        return f"{self.message}\n{self.message_zh}"
