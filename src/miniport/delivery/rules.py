"""The rules engine of release plans: parse, validate, compile and evaluate.

A plan is an ordered list of rules and a default version. The first rule whose
conditions all hold decides the version (conditions are ANDed across fields; a list
inside one field is ORed). A rule names one version or several weighted variants
(an A/B experiment), chosen by a stable hash of the user so the same user always
lands in the same variant.

Everything is checked when a plan is saved (`parse_plan`), so resolution never meets
an unknown attribute, a bad regex or an empty range: errors name the offending field
(`rules[1].conditions.device.os_version`) and say what to write instead. Plans are then
compiled into plain predicates (`compile_plan`) evaluated against a flat context, with
no I/O on the way. The JSON shape is documented in `docs/delivery.md`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

#: Percentage buckets: 10 000 of them, so a plan can target 0.01 % steps.
BUCKETS = 10_000

# The attributes a rule may name, and the kind of value each holds. Custom user
# attributes are `user.custom.<key>`; anything else is a typo and refused at save time.
FIELD_KINDS: dict[str, str] = {
    "user.id": "string",
    "user.city": "string",
    "user.gender": "string",
    "user.age": "number",
    "device.os": "string",
    "device.os_version": "version",
    "device.model": "string",
    "device.network": "string",
    "host.version": "version",
    "sdk.version": "version",
    "percentage": "percentage",
    "time": "time",
}
CUSTOM_PREFIX = "user.custom."
_CUSTOM_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
_RULE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
_VERSION = re.compile(r"^\d+(\.\d+){0,3}([-+][0-9A-Za-z.-]+)?$")
_COMPARATOR = re.compile(r"^(>=|<=|==|!=|>|<|=)?\s*(\S+)$")
MAX_RULES = 200
MAX_LIST = 10_000
MAX_REGEX = 200


class PlanValidationError(Exception):
    """A plan that cannot be saved; `errors` lists (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))

    def as_details(self) -> list[dict[str, str]]:
        return [{"field": f, "message": m} for f, m in self.errors]


# --------------------------------------------------------------------------- versions


@lru_cache(maxsize=4096)
def version_key(text: str) -> tuple[int, ...]:
    """Numeric key of a dotted version (`8.0.32` → (8, 0, 32)); suffixes like `-beta` are
    ignored and trailing zeros do not matter (`13` == `13.0`). Unparseable → ().
    """
    numbers: list[int] = []
    for part in re.split(r"[.]", re.split(r"[-+ ]", text.strip(), maxsplit=1)[0]):
        if not part.isdigit():
            break
        numbers.append(int(part))
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


_OPS: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "=": lambda a, b: a == b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def parse_version_range(spec: str) -> list[tuple[str, tuple[int, ...]]]:
    """`">=1.2 <2"` → [(">=", (1, 2)), ("<", (2,))]; all comparators must hold.

    Comparators are separated by spaces or commas; a bare version means `=`.
    Raises ValueError with a message meant for the user.
    """
    parts = [p for p in re.split(r"[\s,]+", spec.strip()) if p]
    # Allow ">= 1.2" (operator and version separated by a space).
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1] in _OPS:
            merged[-1] += part
        else:
            merged.append(part)
    if not merged:
        raise ValueError('empty version range; write e.g. ">=1.2.0 <2.0.0"')
    comparators: list[tuple[str, tuple[int, ...]]] = []
    for part in merged:
        match = _COMPARATOR.match(part)
        if not match or not _VERSION.match(match.group(2)):
            raise ValueError(f'{part!r} is not a version comparator; write e.g. ">=1.2.0 <2.0.0"')
        comparators.append((match.group(1) or "=", version_key(match.group(2))))
    lows = [v for op, v in comparators if op in (">", ">=")]
    highs = [v for op, v in comparators if op in ("<", "<=")]
    if lows and highs and max(lows) > min(highs):
        raise ValueError(f"version range {spec!r} can never match (lower bound above upper)")
    return comparators


# --------------------------------------------------------------------------- plan model


@dataclass(frozen=True)
class Variant:
    version: str
    weight: int
    name: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    conditions: dict[str, Any]
    version: str | None = None
    variants: tuple[Variant, ...] = ()
    name: str | None = None

    def target_versions(self) -> list[str]:
        return [self.version] if self.version else [v.version for v in self.variants]


@dataclass(frozen=True)
class Guardrail:
    """Pause the rollout when a new version's error rate exceeds the default's by more
    than `max_error_rate_increase` percentage points, once it has `min_launches`."""

    max_error_rate_increase: float
    min_launches: int = 200


@dataclass(frozen=True)
class Plan:
    default_version: str | None
    rules: tuple[Rule, ...] = ()
    salt: str = ""
    start_at: datetime | None = None
    end_at: datetime | None = None
    guardrail: Guardrail | None = None

    def target_versions(self) -> set[str]:
        versions = {v for rule in self.rules for v in rule.target_versions()}
        if self.default_version:
            versions.add(self.default_version)
        return versions

    def to_json(self) -> dict[str, Any]:
        """The canonical JSON form (what is stored and what `plan show` prints)."""
        rules = []
        for rule in self.rules:
            item: dict[str, Any] = {"id": rule.id}
            if rule.name:
                item["name"] = rule.name
            item["conditions"] = rule.conditions
            if rule.version:
                item["version"] = rule.version
            else:
                item["variants"] = [
                    {
                        "version": v.version,
                        "weight": v.weight,
                        **({"name": v.name} if v.name else {}),
                    }
                    for v in rule.variants
                ]
            rules.append(item)
        return {
            "default_version": self.default_version,
            "rules": rules,
            "salt": self.salt,
            "start_at": _iso(self.start_at),
            "end_at": _iso(self.end_at),
            "guardrail": (
                {
                    "max_error_rate_increase": self.guardrail.max_error_rate_increase,
                    "min_launches": self.guardrail.min_launches,
                }
                if self.guardrail
                else None
            ),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


# --------------------------------------------------------------------------- parsing


def _parse_time(value: Any, where: str, errors: list[tuple[str, str]]) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                errors.append((where, "add a time zone, e.g. 2026-12-01T08:00:00+08:00 or ...Z"))
                return None
            return parsed.astimezone(UTC)
    errors.append((where, f"{value!r} is not an ISO 8601 time; write e.g. 2026-12-01T08:00:00Z"))
    return None


def _check_condition(name: str, value: Any, where: str, errors: list[tuple[str, str]]) -> None:
    if name.startswith(CUSTOM_PREFIX):
        if not _CUSTOM_KEY.match(name[len(CUSTOM_PREFIX) :]):
            errors.append((where, "custom attribute keys are letters, digits, _ . - (max 64)"))
            return
        kind = "any"
    elif name in FIELD_KINDS:
        kind = FIELD_KINDS[name]
    else:
        known = ", ".join(sorted(FIELD_KINDS)) + ", user.custom.<key>"
        errors.append((where, f"unknown attribute {name!r}; known attributes: {known}"))
        return
    if kind == "percentage":
        _check_percentage(value, where, errors)
    elif kind == "time":
        if not isinstance(value, dict) or not set(value) <= {"from", "to"} or not value:
            errors.append((where, 'write a time window as {"from": ISO time, "to": ISO time}'))
            return
        start = _parse_time(value.get("from"), f"{where}.from", errors)
        end = _parse_time(value.get("to"), f"{where}.to", errors)
        if start and end and start >= end:
            errors.append((where, "the window ends before it starts"))
    else:
        alternatives = value if isinstance(value, list) else [value]
        if not alternatives:
            errors.append(
                (where, "an empty list never matches; remove the condition or add values")
            )
        if len(alternatives) > MAX_LIST:
            errors.append((where, f"at most {MAX_LIST} values in one list"))
            return
        for i, alt in enumerate(alternatives):
            _check_alternative(
                kind, alt, f"{where}[{i}]" if isinstance(value, list) else where, errors
            )


def _check_alternative(kind: str, alt: Any, where: str, errors: list[tuple[str, str]]) -> None:
    if isinstance(alt, dict) and set(alt) == {"regex"}:
        if kind not in ("string", "any"):
            errors.append((where, "regex is only for text attributes"))
            return
        pattern = alt["regex"]
        if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_REGEX:
            errors.append(
                (where, f"regex must be a non-empty string of at most {MAX_REGEX} characters")
            )
            return
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append((where, f"bad regex {pattern!r}: {exc}"))
        return
    if isinstance(alt, dict) and alt and set(alt) <= {"min", "max"}:
        if kind not in ("number", "any"):
            errors.append((where, 'min/max ranges are for numbers; versions use e.g. ">=1.2 <2"'))
            return
        low, high = alt.get("min"), alt.get("max")
        for bound, label in ((low, "min"), (high, "max")):
            if bound is not None and (
                isinstance(bound, bool) or not isinstance(bound, int | float)
            ):
                errors.append((f"{where}.{label}", f"{bound!r} is not a number"))
                return
        if low is not None and high is not None and low > high:
            errors.append((where, f"empty range: min {low} is above max {high}"))
        return
    if kind == "version":
        if not isinstance(alt, str):
            errors.append((where, 'a version condition is a range like ">=1.2.0 <2.0.0"'))
            return
        try:
            parse_version_range(alt)
        except ValueError as exc:
            errors.append((where, str(exc)))
        return
    if kind == "number":
        if isinstance(alt, bool) or not isinstance(alt, int | float):
            errors.append(
                (where, f'{alt!r} is not a number; use a number or {{"min": 18, "max": 30}}')
            )
        return
    if kind == "string":
        if not isinstance(alt, str) or not alt:
            errors.append((where, f'{alt!r} is not a text value; use "text" or {{"regex": "..."}}'))
        return
    if isinstance(alt, bool | int | float | str):  # kind "any": custom attributes
        return
    errors.append((where, f"{alt!r} is not a value, a list, {{'regex': ...}} or {{'min'/'max'}}"))


def _check_percentage(value: Any, where: str, errors: list[tuple[str, str]]) -> None:
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        low, high = value["from"], value["to"]
    else:
        low, high = 0, value
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, int | float) or not 0 <= bound <= 100:
            errors.append((where, 'a percentage is a number 0..100, or {"from": 10, "to": 20}'))
            return
    if low >= high:
        errors.append((where, "the percentage slice is empty"))
    elif any(abs(b * 100 - round(b * 100)) > 1e-6 for b in (low, high)):
        errors.append((where, "percentages have a precision of 0.01"))


def parse_plan(data: Any, *, salt: str | None = None) -> Plan:
    """Validate a plan document and return it; raise PlanValidationError listing every
    problem at once (a user fixing a file wants all of them, not the first).

    `salt` is used when the document has none (the service keeps a plan's salt across
    edits, so raising a percentage only adds users and never reshuffles them).
    """
    errors: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise PlanValidationError([("", "a plan is a JSON object")])
    allowed = {"default_version", "rules", "salt", "start_at", "end_at", "guardrail"}
    for key in data:
        if key not in allowed:
            errors.append((key, f"unknown plan field; allowed: {', '.join(sorted(allowed))}"))
    default = data.get("default_version")
    if default is not None and not (isinstance(default, str) and _VERSION.match(default)):
        errors.append(("default_version", f"{default!r} is not a version like 1.2.0"))
        default = None
    raw_rules = data.get("rules", [])
    rules: list[Rule] = []
    if not isinstance(raw_rules, list):
        errors.append(("rules", "rules is a list"))
        raw_rules = []
    if len(raw_rules) > MAX_RULES:
        errors.append(("rules", f"at most {MAX_RULES} rules in one plan"))
    seen_ids: set[str] = set()
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, index, f"rules[{index}]", errors)
        if rule is None:
            continue
        if rule.id in seen_ids:
            errors.append((f"rules[{index}].id", f"duplicate rule id {rule.id!r}"))
        seen_ids.add(rule.id)
        rules.append(rule)
    plan_salt = data.get("salt") or salt or ""
    if not isinstance(plan_salt, str) or len(plan_salt) > 64:
        errors.append(("salt", "salt is a string of at most 64 characters"))
        plan_salt = ""
    start = _parse_time(data.get("start_at"), "start_at", errors)
    end = _parse_time(data.get("end_at"), "end_at", errors)
    if start and end and start >= end:
        errors.append(("end_at", "the plan ends before it starts"))
    guardrail = _parse_guardrail(data.get("guardrail"), errors)
    if errors:
        raise PlanValidationError(errors)
    return Plan(
        default_version=default,
        rules=tuple(rules),
        salt=plan_salt,
        start_at=start,
        end_at=end,
        guardrail=guardrail,
    )


def _parse_rule(raw: Any, index: int, where: str, errors: list[tuple[str, str]]) -> Rule | None:
    if not isinstance(raw, dict):
        errors.append((where, "a rule is a JSON object"))
        return None
    allowed = {"id", "name", "conditions", "version", "variants"}
    for key in raw:
        if key not in allowed:
            errors.append(
                (f"{where}.{key}", f"unknown rule field; allowed: {', '.join(sorted(allowed))}")
            )
    rule_id = raw.get("id", f"rule-{index + 1}")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        errors.append((f"{where}.id", "rule ids are letters, digits, _ . - (max 64)"))
        rule_id = f"rule-{index + 1}"
    conditions = raw.get("conditions", {})
    if not isinstance(conditions, dict):
        errors.append((f"{where}.conditions", "conditions is an object of attribute: value"))
        conditions = {}
    for name, value in conditions.items():
        _check_condition(name, value, f"{where}.conditions.{name}", errors)
    version, variants = raw.get("version"), raw.get("variants")
    parsed_variants: list[Variant] = []
    if (version is None) == (variants is None):
        errors.append((where, 'give exactly one of "version" or "variants"'))
    elif version is not None:
        if not isinstance(version, str) or not _VERSION.match(version):
            errors.append((f"{where}.version", f"{version!r} is not a version like 1.2.0"))
    else:
        if not isinstance(variants, list) or not variants:
            errors.append((f"{where}.variants", "variants is a non-empty list"))
        else:
            for i, item in enumerate(variants):
                vwhere = f"{where}.variants[{i}]"
                if not isinstance(item, dict) or not set(item) <= {"version", "weight", "name"}:
                    errors.append((vwhere, 'a variant is {"version": "1.2.0", "weight": 50}'))
                    continue
                v, w = item.get("version"), item.get("weight", 1)
                if not isinstance(v, str) or not _VERSION.match(v):
                    errors.append((f"{vwhere}.version", f"{v!r} is not a version like 1.2.0"))
                    continue
                if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 1_000_000:
                    errors.append(
                        (f"{vwhere}.weight", "weight is a whole number from 1 to 1000000")
                    )
                    continue
                parsed_variants.append(Variant(v, w, item.get("name")))
    name = raw.get("name")
    return Rule(
        id=rule_id,
        conditions=conditions,
        version=version if isinstance(version, str) else None,
        variants=tuple(parsed_variants),
        name=name if isinstance(name, str) else None,
    )


def _parse_guardrail(raw: Any, errors: list[tuple[str, str]]) -> Guardrail | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not set(raw) <= {"max_error_rate_increase", "min_launches"}:
        errors.append(("guardrail", 'write {"max_error_rate_increase": 2.0, "min_launches": 200}'))
        return None
    limit = raw.get("max_error_rate_increase")
    launches = raw.get("min_launches", 200)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit <= 100:
        errors.append(
            ("guardrail.max_error_rate_increase", "percentage points, above 0 and at most 100")
        )
        return None
    if isinstance(launches, bool) or not isinstance(launches, int) or launches < 1:
        errors.append(("guardrail.min_launches", "a whole number of launches, at least 1"))
        return None
    return Guardrail(float(limit), launches)


# --------------------------------------------------------------------------- evaluation


@dataclass
class Context:
    """What a host tells us about the user and the device, flattened to `field: value`
    (`user.city`, `device.os_version`, `user.custom.vip`) plus the evaluation time."""

    values: dict[str, Any]
    now: float
    _buckets: dict[str, int] = field(default_factory=dict)

    @property
    def identity(self) -> str | None:
        """Whom percentage buckets and variants hash: the user id, else the device id."""
        uid = self.values.get("user.id") or self.values.get("device.id")
        return str(uid) if uid not in (None, "") else None

    def bucket(self, salt: str, scope: str = "") -> int | None:
        identity = self.identity
        if identity is None:
            return None
        memo = f"{salt}\x00{scope}"
        cached = self._buckets.get(memo)
        if cached is None:
            cached = stable_bucket(f"{salt}:{scope}:{identity}")
            self._buckets[memo] = cached
        return cached


def stable_bucket(text: str, buckets: int = BUCKETS) -> int:
    """A uniform, stable bucket in [0, buckets): same input, same bucket, every process."""
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") % buckets


Predicate = Callable[[Context], bool]


def _casefold(value: Any) -> str:
    return str(value).casefold()


def _compile_alternative(kind: str, alt: Any) -> Callable[[Any], bool]:
    if isinstance(alt, dict) and "regex" in alt:
        pattern = re.compile(alt["regex"], re.IGNORECASE)
        return lambda v: isinstance(v, str) and pattern.search(v) is not None
    if isinstance(alt, dict):
        low, high = alt.get("min"), alt.get("max")

        def in_range(v: Any) -> bool:
            if isinstance(v, bool) or not isinstance(v, int | float):
                return False
            return (low is None or v >= low) and (high is None or v <= high)

        return in_range
    if kind == "version":
        comparators = [(_OPS[op], ref) for op, ref in parse_version_range(alt)]

        def in_versions(v: Any) -> bool:
            if not isinstance(v, str) or not version_key(v):
                return False
            key = version_key(v)
            return all(op(key, ref) for op, ref in comparators)

        return in_versions
    if isinstance(alt, str):
        folded = alt.casefold()
        return lambda v: (
            v is not None and not isinstance(v, bool | dict | list) and _casefold(v) == folded
        )
    if isinstance(alt, bool):
        return lambda v: v is alt
    return lambda v: not isinstance(v, bool) and isinstance(v, int | float) and v == alt


def _compile_condition(name: str, value: Any, salt: str) -> Predicate:
    kind = "any" if name.startswith(CUSTOM_PREFIX) else FIELD_KINDS[name]
    if kind == "percentage":
        if isinstance(value, dict):
            low, high = round(value["from"] * 100), round(value["to"] * 100)
        else:
            low, high = 0, round(value * 100)

        def in_slice(ctx: Context) -> bool:
            bucket = ctx.bucket(salt)
            return bucket is not None and low <= bucket < high

        return in_slice
    if kind == "time":
        errors: list[tuple[str, str]] = []
        start = _parse_time(value.get("from"), "", errors)
        end = _parse_time(value.get("to"), "", errors)
        t0 = start.timestamp() if start else float("-inf")
        t1 = end.timestamp() if end else float("inf")
        return lambda ctx: t0 <= ctx.now < t1
    alternatives = value if isinstance(value, list) else [value]
    # Plain strings (the common case: cities, user ids, OS names) become one set lookup.
    plain = {a.casefold() for a in alternatives if isinstance(a, str) and kind != "version"}
    others = [
        _compile_alternative(kind, a)
        for a in alternatives
        if not (isinstance(a, str) and kind != "version")
    ]

    # Hot path: every resolve runs these. The common shapes get a closure of their own.
    if plain and not others:

        def holds_plain(ctx: Context) -> bool:
            v = ctx.values.get(name)
            if v.__class__ is str:
                return v.casefold() in plain  # type: ignore[union-attr]
            return (
                v is not None
                and isinstance(v, int | float)
                and not isinstance(v, bool)
                and (str(v).casefold() in plain)
            )

        return holds_plain
    if not plain and len(others) == 1:
        only = others[0]

        def holds_one(ctx: Context) -> bool:
            v = ctx.values.get(name)
            return v is not None and only(v)

        return holds_one

    def holds(ctx: Context) -> bool:
        v = ctx.values.get(name)
        if v is None:
            return False
        if (
            plain
            and isinstance(v, str | int | float)
            and not isinstance(v, bool)
            and _casefold(v) in plain
        ):
            return True
        return any(match(v) for match in others)

    return holds


@dataclass(frozen=True)
class Decision:
    """The outcome of one plan for one context."""

    version: str | None
    reason: str  # "rule", "default", "paused", "outside_schedule"
    rule_id: str | None = None
    variant: str | None = None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    predicates: tuple[Predicate, ...]
    cumulative: tuple[tuple[int, Variant], ...]  # (upper bound, variant) for weighted choice
    total_weight: int
    salt: str

    def choose(self, ctx: Context) -> tuple[str, str | None] | None:
        """The version (and variant label) for a context whose conditions all hold."""
        if self.rule.version:
            return self.rule.version, None
        bucket = ctx.bucket(self.salt, f"variant:{self.rule.id}")
        if bucket is None:  # an experiment needs someone to be sticky to
            return None
        point = bucket * self.total_weight // BUCKETS
        for upper, variant in self.cumulative:
            if point < upper:
                return variant.version, variant.name or variant.version
        return None  # unreachable: point < total_weight


def compile_rule(rule: Rule, salt: str) -> CompiledRule:
    predicates = tuple(_compile_condition(n, v, salt) for n, v in rule.conditions.items())
    # Cheap, selective conditions first would be nice; keep the author's order instead,
    # except that percentage (a hash) goes last so cheap attribute checks short-circuit.
    predicates = tuple(
        p
        for n, p in sorted(
            zip(rule.conditions, predicates, strict=True), key=lambda x: x[0] == "percentage"
        )
    )
    cumulative: list[tuple[int, Variant]] = []
    total = 0
    for variant in rule.variants:
        total += variant.weight
        cumulative.append((total, variant))
    return CompiledRule(rule, predicates, tuple(cumulative), total, salt)


@dataclass(frozen=True)
class CompiledPlan:
    plan: Plan
    rules: tuple[CompiledRule, ...]
    paused: bool = False

    def decide(
        self, ctx: Context, allowed: Callable[[str, Context], bool] | None = None
    ) -> Decision:
        """First matching rule wins; `allowed(version, ctx)` lets the caller skip a rule
        whose version this user may not get (trial versions outside their testers)."""
        default = self.plan.default_version
        if self.paused:
            return Decision(default, "paused")
        start, end = self.plan.start_at, self.plan.end_at
        if (start and ctx.now < start.timestamp()) or (end and ctx.now >= end.timestamp()):
            return Decision(default, "outside_schedule")
        for compiled in self.rules:
            # Written out rather than a method call per rule: this loop is the hot path.
            for predicate in compiled.predicates:
                if not predicate(ctx):
                    break
            else:
                picked = compiled.choose(ctx)
                if picked is None:
                    continue
                version, variant = picked
                if allowed is not None and not allowed(version, ctx):
                    continue
                return Decision(version, "rule", compiled.rule.id, variant)
        return Decision(default, "default")


def compile_plan(plan: Plan, *, paused: bool = False) -> CompiledPlan:
    return CompiledPlan(plan, tuple(compile_rule(r, plan.salt) for r in plan.rules), paused)


def flatten_context(
    user: Mapping[str, Any] | None,
    device: Mapping[str, Any] | None,
    host: Mapping[str, Any] | None,
    sdk: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The nested wire context → `field: value` as rules name them."""
    values: dict[str, Any] = {}
    for prefix, part in (("user", user), ("device", device), ("host", host), ("sdk", sdk)):
        for key, value in (part or {}).items():
            if key == "custom" and prefix == "user" and isinstance(value, Mapping):
                for ckey, cvalue in value.items():
                    values[f"{CUSTOM_PREFIX}{ckey}"] = cvalue
            elif value is not None:
                values[f"{prefix}.{key}"] = value
    return values
