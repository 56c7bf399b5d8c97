"""Validators for the center's own value formats: request domains, origins, bundle ids,
slugs and semantic versions. Each raises `Invalid` naming the field (with its index
for list items), so an API client can point at the exact input that is wrong.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import semver

from miniport.center.errors import Invalid

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
_BUNDLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$")
DOMAIN_SCHEMES = ("https", "wss")


def _hostname_ok(host: str) -> bool:
    if not host or len(host) > 253 or "." not in host:
        return False
    return all(_LABEL.match(label) for label in host.split("."))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def request_domain(value: str, field: str) -> str:
    """A WeChat-style request domain: `https://api.example.com` (or wss://, a port).

    Like WeChat we refuse IP addresses, localhost, paths and credentials: a domain is
    a promise about which servers a mini-program talks to, checked by the host bridge.
    """
    raw = value.strip()
    parts = urlsplit(raw if "://" in raw else "https://" + raw)
    host = (parts.hostname or "").lower()
    problem = None
    if parts.scheme not in DOMAIN_SCHEMES:
        problem = f"scheme must be https or wss, not {parts.scheme}"
    elif parts.username or parts.password:
        problem = "credentials are not allowed"
    elif parts.path not in ("", "/") or parts.query or parts.fragment:
        problem = "only scheme, host and optional port are allowed (no path or query)"
    elif _is_ip(host) or host == "localhost" or host.endswith(".localhost"):
        problem = "IP addresses and localhost are not allowed"
    elif not _hostname_ok(host):
        problem = "the host name is not valid"
    if problem:
        raise Invalid(
            "invalid_domain",
            f"Request domain '{value}' is not valid: {problem}. Use a form like "
            "https://api.example.com.",
            field=field,
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def request_domains(values: list[str], field: str = "allowed_domains") -> list[str]:
    out: list[str] = []
    for i, v in enumerate(values):
        d = request_domain(v, f"{field}[{i}]")
        if d not in out:
            out.append(d)
    return out


def web_origin(value: str, field: str) -> str:
    parts = urlsplit(value.strip())
    host = (parts.hostname or "").lower()
    ok = (
        parts.scheme in ("http", "https")
        and host
        and not parts.username
        and parts.path in ("", "/")
        and not parts.query
        and not parts.fragment
        and (host == "localhost" or _is_ip(host) or _hostname_ok(host))
    )
    if not ok:
        raise Invalid(
            "invalid_origin",
            f"Web origin '{value}' is not valid; use scheme://host[:port] such as "
            "https://app.example.com, without a path.",
            field=field,
        )
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def bundle_id(value: str, field: str) -> str:
    v = value.strip()
    if not _BUNDLE.match(v) or len(v) > 255:
        raise Invalid(
            "invalid_bundle_id",
            f"Bundle id '{value}' is not valid; use reverse-DNS form like com.example.app.",
            field=field,
        )
    return v


def slug(value: str, field: str = "slug") -> str:
    v = value.strip().lower()
    if not _SLUG.match(v):
        raise Invalid(
            "invalid_slug",
            f"'{value}' is not a valid identifier; use 1-64 lowercase letters, digits and "
            "hyphens, not starting or ending with a hyphen.",
            field=field,
        )
    return v


def slugify(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
    return s or "org"


def semantic_version(value: str, field: str = "version") -> str:
    try:
        semver.Version.parse(value.strip())
    except (ValueError, TypeError) as exc:
        raise Invalid(
            "invalid_version",
            f"'{value}' is not a semantic version; use MAJOR.MINOR.PATCH such as 1.2.0.",
            field=field,
        ) from exc
    return value.strip()


def text(value: str | None, field: str, max_len: int, *, required: bool = False) -> str:
    v = (value or "").strip()
    if required and not v:
        raise Invalid("required", f"{field} is required.", field=field)
    if len(v) > max_len:
        raise Invalid(
            "too_long", f"{field} is longer than {max_len} characters; shorten it.", field=field
        )
    return v
