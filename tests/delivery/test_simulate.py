"""The rollout simulator lands within ±0.5 points of what the plan says."""

from __future__ import annotations

import pytest

from miniport.delivery.rules import compile_plan, parse_plan
from miniport.delivery.simulate import DistributionError, parse_distribution, simulate

PLAN = parse_plan(
    {
        "default_version": "1.0.0",
        "rules": [
            {
                "id": "sh-android-10",
                "conditions": {"user.city": "Shanghai", "device.os": "android", "percentage": 10},
                "version": "2.0.0",
            },
            {
                "id": "ab",
                "conditions": {"user.age": {"min": 18, "max": 29}},
                "variants": [{"version": "1.1.0", "weight": 1}, {"version": "1.2.0", "weight": 1}],
            },
        ],
    }
)


def test_percentages_follow_the_plan_and_the_distribution() -> None:
    dist = parse_distribution(
        {
            "user.city": {"Shanghai": 40, "Beijing": 60},
            "device.os": {"android": 50, "ios": 50},
            "user.age": {"20": 30, "40": 70},
        }
    )
    n = 200_000
    result = simulate(compile_plan(PLAN), n, dist, seed=1)
    share = {k: 100 * v / n for k, v in result.versions.items()}
    # 40% Shanghai × 50% Android × 10% = 2%.
    assert abs(share["2.0.0"] - 2.0) < 0.5
    # Of the remaining 98%, 30% are 18..29, split evenly between variants: 14.7% each.
    assert abs(share["1.1.0"] - 14.7) < 0.5
    assert abs(share["1.2.0"] - 14.7) < 0.5
    assert abs(share["1.0.0"] - 68.6) < 0.5
    assert result.rules["sh-android-10"] == result.versions["2.0.0"]
    assert result.as_json()["users"] == n


def test_without_attributes_only_unconditional_rules_apply() -> None:
    plan = compile_plan(
        parse_plan(
            {
                "default_version": "1.0.0",
                "rules": [{"conditions": {"percentage": 25}, "version": "2.0.0"}],
            }
        )
    )
    result = simulate(plan, 100_000)
    assert abs(result.versions["2.0.0"] / 1000 - 25) < 0.5


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ({"user.citty": {"x": 1}}, "user.citty"),
        ({"user.city": {"x": -1}}, "user.city.x"),
        ({"user.city": {}}, "user.city"),
        ({"user.age": {"old": 1}}, "not a number"),
        ([], "JSON object"),
    ],
)
def test_bad_distribution_files_are_refused(doc: object, fragment: str) -> None:
    with pytest.raises(DistributionError, match=fragment.replace(".", r"\.")):
        parse_distribution(doc)
