"""Rollout simulator: how many users would get each version under a plan.

Operators ask "if I save this, who gets what?" before they save. The simulator draws N
synthetic users (ids `sim-0`, `sim-1`, …) with attributes sampled from a distribution
file, and runs the very same compiled plan the server runs. Percentage buckets hash
the user id, so the share of a 10 % rule lands within a few hundredths of a point of
10 % for a million users; attribute shares follow the given distribution.

Distribution file (JSON): attribute → {value: weight}. Weights are relative; a value
`null` means "attribute not sent". Attributes are drawn independently.

    {"user.city": {"Shanghai": 25, "Beijing": 25, "Shenzhen": 50},
     "device.os": {"android": 70, "ios": 30}}
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from miniport.delivery.rules import CUSTOM_PREFIX, FIELD_KINDS, CompiledPlan, Context


class DistributionError(ValueError):
    """A distribution file that cannot be used; the message names the attribute."""


@dataclass
class SimulationResult:
    users: int
    versions: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)

    def as_json(self) -> dict[str, Any]:
        def share(counter: Counter[str]) -> list[dict[str, Any]]:
            return [
                {"name": name, "users": n, "percent": round(100 * n / self.users, 3)}
                for name, n in counter.most_common()
            ]

        return {
            "users": self.users,
            "versions": share(self.versions),
            "rules": share(self.rules),
            "reasons": share(self.reasons),
        }


def parse_distribution(data: Any) -> dict[str, tuple[list[Any], list[float]]]:
    """Check a distribution document; attribute names follow the rules' names."""
    if not isinstance(data, Mapping):
        raise DistributionError(
            'the attributes file is a JSON object: {"user.city": {"Shanghai": 1}}'
        )
    parsed: dict[str, tuple[list[Any], list[float]]] = {}
    for name, weights in data.items():
        if name in ("percentage", "time", "user.id") or not (
            name in FIELD_KINDS or name.startswith(CUSTOM_PREFIX)
        ):
            raise DistributionError(f"{name}: not an attribute that can be simulated")
        if not isinstance(weights, Mapping) or not weights:
            raise DistributionError(f'{name}: give value weights, e.g. {{"a": 1, "b": 3}}')
        values, numbers = [], []
        for raw, weight in weights.items():
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                raise DistributionError(f"{name}.{raw}: weight must be a number >= 0")
            values.append(_typed(name, raw))
            numbers.append(float(weight))
        if sum(numbers) <= 0:
            raise DistributionError(f"{name}: weights add up to zero")
        parsed[name] = (values, numbers)
    return parsed


def _typed(name: str, raw: str) -> Any:
    """JSON keys are strings; numeric attributes (age, custom numbers) become numbers."""
    if raw == "null":
        return None
    if FIELD_KINDS.get(name) == "number" or name.startswith(CUSTOM_PREFIX):
        try:
            return int(raw)
        except ValueError:
            try:
                return float(raw)
            except ValueError:
                if FIELD_KINDS.get(name) == "number":
                    raise DistributionError(f"{name}: {raw!r} is not a number") from None
    return raw


def simulate(
    plan: CompiledPlan,
    users: int,
    distribution: Mapping[str, tuple[list[Any], list[float]]] | None = None,
    *,
    seed: int = 0,
    now: float | None = None,
) -> SimulationResult:
    """Run `plan` for `users` synthetic users; deterministic for a given seed."""
    if users < 1:
        raise ValueError("simulate at least one user")
    rng = random.Random(seed)
    columns = {
        name: rng.choices(values, weights, k=users)
        for name, (values, weights) in (distribution or {}).items()
    }
    at = time.time() if now is None else now
    result = SimulationResult(users)
    for i in range(users):
        values: dict[str, Any] = {"user.id": f"sim-{i}"}
        for name, column in columns.items():
            if column[i] is not None:
                values[name] = column[i]
        decision = plan.decide(Context(values, at))
        result.versions[decision.version or "(none)"] += 1
        result.rules[decision.rule_id or "(default)"] += 1
        result.reasons[decision.reason] += 1
    return result
