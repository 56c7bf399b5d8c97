"""Between the release-plan editor's form fields and delivery's plan document.

The editor shows each rule as a fieldset of plain inputs (`rules-0-city`,
`rules-0-percentage`, …) so it works without JavaScript; this module turns those
fields into the JSON document `miniport.delivery.rules.parse_plan` validates, turns a
stored document back into fields, and maps validation errors (named by document path,
e.g. `rules[0].conditions.device.os_version`) back to the input that caused them.
The rules engine stays the only judge of what a valid plan is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData

MAX_VARIANTS = 4

# form suffix -> (document attribute, how the text box is read)
LIST_FIELDS: dict[str, str] = {
    "user_ids": "user.id",
    "city": "user.city",
    "gender": "user.gender",
    "os": "device.os",
    "network": "device.network",
}
RANGE_FIELDS: dict[str, str] = {
    "os_version": "device.os_version",
    "host_version": "host.version",
    "sdk_version": "sdk.version",
}
FIELD_OF_ATTRIBUTE: dict[str, str] = {
    **{attr: name for name, attr in LIST_FIELDS.items()},
    **{attr: name for name, attr in RANGE_FIELDS.items()},
    "device.model": "model",
    "user.age": "age_min",
    "percentage": "percentage",
    "time": "time_from",
}


@dataclass
class RuleFields:
    """One rule as the editor shows it: every value is the text of an input."""

    id: str = ""
    name: str = ""
    user_ids: str = ""
    city: str = ""
    gender: str = ""
    age_min: str = ""
    age_max: str = ""
    os: str = ""
    os_version: str = ""
    model: str = ""
    network: str = ""
    host_version: str = ""
    sdk_version: str = ""
    percentage: str = ""
    time_from: str = ""
    time_to: str = ""
    custom: str = ""
    mode: str = "version"
    version: str = ""
    variants: list[tuple[str, str, str]] = field(default_factory=list)
    """(name, version, weight) rows for an A/B split."""


@dataclass
class PlanFields:
    default_version: str = ""
    start_at: str = ""
    end_at: str = ""
    guardrail_increase: str = ""
    guardrail_min_launches: str = ""
    rules: list[RuleFields] = field(default_factory=list)


def _items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _number(text: str) -> int | float | str:
    """A number if the text is one; otherwise the text (the engine then names the error)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _time_in(text: str) -> str | None:
    """A `datetime-local` value (taken as UTC) as the ISO time the engine reads."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text):
        return text + ":00Z"
    return text


def _time_out(value: str | None) -> str:
    """An ISO time from a document as a `datetime-local` value (UTC, minutes)."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return value
    return parsed.strftime("%Y-%m-%dT%H:%M")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def fields_from_form(form: FormData) -> PlanFields:
    """Read the editor's inputs, rules in the order their indexes appear."""
    indexes = sorted(
        {int(m.group(1)) for key in form for m in [re.match(r"rules-(\d+)-", key)] if m}
    )
    rules = []
    for i in indexes:
        p = f"rules-{i}-"
        rule = RuleFields()
        for name in RuleFields.__dataclass_fields__:
            if name != "variants":
                setattr(rule, name, _text(form, p + name))
        rule.mode = rule.mode or "version"
        for j in range(MAX_VARIANTS):
            row = (
                _text(form, f"{p}variant-{j}-name"),
                _text(form, f"{p}variant-{j}-version"),
                _text(form, f"{p}variant-{j}-weight"),
            )
            if row[1]:
                rule.variants.append(row)
        rules.append(rule)
    return PlanFields(
        default_version=_text(form, "default_version"),
        start_at=_text(form, "start_at"),
        end_at=_text(form, "end_at"),
        guardrail_increase=_text(form, "guardrail_increase"),
        guardrail_min_launches=_text(form, "guardrail_min_launches"),
        rules=rules,
    )


def _conditions(rule: RuleFields) -> dict[str, Any]:
    conditions: dict[str, Any] = {}
    for name, attribute in LIST_FIELDS.items():
        values = _items(getattr(rule, name))
        if values:
            conditions[attribute] = values if len(values) > 1 else values[0]
    for name, attribute in RANGE_FIELDS.items():
        value = getattr(rule, name)
        if value:
            conditions[attribute] = value
    if rule.model:
        conditions["device.model"] = {"regex": rule.model}
    if rule.age_min or rule.age_max:
        span: dict[str, Any] = {}
        if rule.age_min:
            span["min"] = _number(rule.age_min)
        if rule.age_max:
            span["max"] = _number(rule.age_max)
        conditions["user.age"] = span
    if rule.percentage:
        conditions["percentage"] = _number(rule.percentage)
    if rule.time_from or rule.time_to:
        window = {}
        if rule.time_from:
            window["from"] = _time_in(rule.time_from)
        if rule.time_to:
            window["to"] = _time_in(rule.time_to)
        conditions["time"] = window
    for line in rule.custom.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            typed = [_number(v) for v in _items(value)]
            conditions["user.custom." + key.strip()] = (
                typed if len(typed) > 1 else (typed[0] if typed else "")
            )
    return conditions


def document_from_fields(fields: PlanFields) -> dict[str, Any]:
    """The plan document for `parse_plan`; unreadable numbers pass through as text so
    the engine reports them against their field."""
    rules = []
    for index, rule in enumerate(fields.rules):
        item: dict[str, Any] = {"id": rule.id or f"rule-{index + 1}"}
        if rule.name:
            item["name"] = rule.name
        item["conditions"] = _conditions(rule)
        if rule.mode == "variants":
            item["variants"] = [
                {
                    "version": version,
                    "weight": _number(weight or "1"),
                    **({"name": name} if name else {}),
                }
                for name, version, weight in rule.variants
            ]
        else:
            item["version"] = rule.version or None
        rules.append(item)
    document: dict[str, Any] = {
        "default_version": fields.default_version or None,
        "rules": rules,
        "start_at": _time_in(fields.start_at),
        "end_at": _time_in(fields.end_at),
    }
    if fields.guardrail_increase:
        guard: dict[str, Any] = {"max_error_rate_increase": _number(fields.guardrail_increase)}
        if fields.guardrail_min_launches:
            guard["min_launches"] = _number(fields.guardrail_min_launches)
        document["guardrail"] = guard
    return document


def fields_from_document(document: dict[str, Any] | None) -> PlanFields:
    """A stored plan as editor fields (what the editor shows before any change)."""
    if not document:
        return PlanFields()
    rules = []
    for raw in document.get("rules", []):
        conditions = raw.get("conditions", {})
        rule = RuleFields(id=raw.get("id", ""), name=raw.get("name") or "")
        for name, attribute in LIST_FIELDS.items():
            value = conditions.get(attribute)
            if value is not None:
                values = value if isinstance(value, list) else [value]
                setattr(rule, name, ("\n" if name == "user_ids" else ", ").join(map(str, values)))
        for name, attribute in RANGE_FIELDS.items():
            if attribute in conditions:
                setattr(rule, name, str(conditions[attribute]))
        model = conditions.get("device.model")
        if isinstance(model, dict):
            rule.model = str(model.get("regex", ""))
        age = conditions.get("user.age")
        if isinstance(age, dict):
            rule.age_min = "" if age.get("min") is None else str(age["min"])
            rule.age_max = "" if age.get("max") is None else str(age["max"])
        if "percentage" in conditions:
            pct = conditions["percentage"]
            rule.percentage = str(pct.get("to")) if isinstance(pct, dict) else str(pct)
        window = conditions.get("time")
        if isinstance(window, dict):
            rule.time_from = _time_out(window.get("from"))
            rule.time_to = _time_out(window.get("to"))
        rule.custom = "\n".join(
            f"{key[len('user.custom.') :]}={', '.join(map(str, v)) if isinstance(v, list) else v}"
            for key, v in conditions.items()
            if key.startswith("user.custom.")
        )
        if raw.get("variants"):
            rule.mode = "variants"
            rule.variants = [
                (v.get("name") or "", v["version"], str(v.get("weight", 1)))
                for v in raw["variants"]
            ]
        else:
            rule.version = raw.get("version") or ""
        rules.append(rule)
    guard = document.get("guardrail") or {}
    return PlanFields(
        default_version=document.get("default_version") or "",
        start_at=_time_out(document.get("start_at")),
        end_at=_time_out(document.get("end_at")),
        guardrail_increase=str(guard.get("max_error_rate_increase", "")) if guard else "",
        guardrail_min_launches=str(guard.get("min_launches", "")) if guard else "",
        rules=rules,
    )


def input_for(path: str) -> str:
    """The editor input named by a validation error's document path.

    `rules[2].conditions.device.os_version` → `rules-2-os_version`;
    `rules[0].variants[1].weight` → `rules-0-variant-1-weight`; plan-level paths map to
    their own inputs; anything unrecognised goes on the form as a whole (`_form`).
    """
    top = {
        "default_version": "default_version",
        "start_at": "start_at",
        "end_at": "end_at",
        "guardrail": "guardrail_increase",
        "guardrail.max_error_rate_increase": "guardrail_increase",
        "guardrail.min_launches": "guardrail_min_launches",
    }
    if path in top:
        return top[path]
    m = re.match(r"^rules\[(\d+)\](.*)$", path)
    if not m:
        return "_form"
    index, rest = m.group(1), m.group(2)
    prefix = f"rules-{index}-"
    if rest in ("", ".version"):
        return prefix + "version"
    if rest == ".id":
        return prefix + "id"
    v = re.match(r"^\.variants\[(\d+)\](?:\.(version|weight))?", rest)
    if v:
        return f"{prefix}variant-{v.group(1)}-{v.group(2) or 'version'}"
    if rest.startswith(".variants"):
        return prefix + "version"
    c = re.match(r"^\.conditions\.(.+?)(\[\d+\])?(\.(from|to|min|max))?$", rest)
    if c:
        attribute, bound = c.group(1), c.group(4)
        if attribute.startswith("user.custom."):
            return prefix + "custom"
        if attribute == "user.age":
            return prefix + ("age_max" if bound == "max" else "age_min")
        if attribute == "time":
            return prefix + ("time_to" if bound == "to" else "time_from")
        if attribute in FIELD_OF_ATTRIBUTE:
            return prefix + FIELD_OF_ATTRIBUTE[attribute]
    return prefix + "version"


def errors_by_input(errors: list[tuple[str, str]]) -> dict[str, str]:
    """Validation errors keyed by input name; several on one input are joined."""
    out: dict[str, str] = {}
    for path, message in errors:
        name = input_for(path)
        out[name] = f"{out[name]} {message}" if name in out else message
    return out
