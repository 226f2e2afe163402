"""The policy is documented field by field, and its defaults keep their promises."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from onnotice.risk import DEFAULT_POLICY, RiskPolicy

DOC = Path(__file__).resolve().parents[2] / "docs" / "risk.md"


def test_every_policy_field_is_in_the_doc() -> None:
    doc = DOC.read_text("utf-8")
    for field in fields(RiskPolicy):
        assert f"`{field.name}`" in doc, f"RiskPolicy.{field.name} is not in docs/risk.md"


def test_every_severity_is_in_the_doc() -> None:
    doc = DOC.read_text("utf-8")
    for category in DEFAULT_POLICY.severity:
        assert f"`{category}`" in doc, category


def test_levels_follow_the_thresholds() -> None:
    p = DEFAULT_POLICY
    assert p.low < p.medium < p.high <= 1.0
    cases = [(0.0, "none"), (p.low, "low"), (p.medium, "medium"), (p.high, "high"), (1.0, "high")]
    assert [p.level(score) for score, _ in cases] == [level for _, level in cases]
    assert p.level(p.low - 1e-9) == "none"


def test_medium_listings_alone_cannot_reach_high() -> None:
    # The most content a customer whose every listing is medium can reach.
    p = DEFAULT_POLICY
    assert p.share_weight * p.medium_listing_weight + p.volume_weight < p.high


@pytest.mark.parametrize(
    "thresholds", [(0.5, 0.4, 0.7), (0.0, 0.4, 0.7), (0.1, 0.4, 1.2), (0.2, 0.2, 0.7)]
)
def test_thresholds_that_do_not_rise_are_refused(thresholds: tuple[float, float, float]) -> None:
    low, medium, high = thresholds
    with pytest.raises(ValueError):
        RiskPolicy(low=low, medium=medium, high=high)
