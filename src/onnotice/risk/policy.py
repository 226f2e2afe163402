"""The weights and thresholds of customer risk, in one place (docs/risk.md explains each)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Severity of a notice category for the customer it is about. A conviction or guilty
# plea is the strongest public fact; a lawsuit or a regulator's action is a civil matter;
# being named is nothing. The notice pack's category ids come first (a test checks that
# every one has a severity); the short aliases serve facts written by hand.
_SEVERITY: Mapping[str, float] = MappingProxyType(
    {
        "conviction_or_plea": 1.0,
        "seizure_or_shutdown": 0.9,
        "conviction": 1.0,
        "guilty_plea": 1.0,
        "charge": 0.9,
        "criminal_charge": 0.9,
        "seizure": 0.9,
        "shutdown": 0.9,
        "trafficking_allegation": 0.8,
        "law_enforcement": 0.75,
        "law_enforcement_action": 0.75,
        "lawsuit": 0.5,
        "regulatory": 0.45,
        "regulatory_action": 0.45,
        "mention": 0.0,
    }
)


def _severity() -> Mapping[str, float]:
    return _SEVERITY


@dataclass(frozen=True, slots=True)
class RiskPolicy:
    """How facts become a customer's score and level; the defaults are documented choices."""

    low: float = 0.15
    medium: float = 0.40
    high: float = 0.70
    """Score thresholds of the levels: a score at or above ``high`` is high, and so on."""

    high_listing_weight: float = 1.0
    medium_listing_weight: float = 0.25
    """How much one listing of that level counts as adverse content."""
    share_prior: float = 5.0
    """Benign listings assumed before any are seen, so 1 high of 1 is not 100% share."""
    volume_scale: float = 3.0
    """Adverse listings at which the volume term reaches 1 - 1/e (63%)."""
    share_weight: float = 0.6
    volume_weight: float = 0.4
    listing_half_life_days: float = 730.0

    severity: Mapping[str, float] = field(default_factory=_severity)
    unknown_category_severity: float = 0.3
    notice_half_life_days: float = 1095.0
    notice_floor: float = 0.5
    """The share of a notice's severity that never decays: a conviction stays on record."""
    corroboration: float = 0.5
    """How much each further independent source adds, as a share of its own strength."""

    min_cluster_size: int = 2
    cluster_size_scale: float = 5.0

    content_weight: float = 1.0
    notice_weight: float = 1.0
    network_weight: float = 0.8
    max_refs: int = 20
    """Evidence keys listed per reason; the assessment's ``evidence`` keeps them all."""

    def __post_init__(self) -> None:
        # A policy whose thresholds overlap would silently skip a level for every customer.
        if not 0.0 < self.low < self.medium < self.high <= 1.0:
            raise ValueError(
                f"thresholds must rise within (0, 1]: low {self.low}, medium {self.medium}, "
                f"high {self.high}"
            )

    def level(self, score: float) -> str:
        """The level a score falls in."""
        if score >= self.high:
            return "high"
        if score >= self.medium:
            return "medium"
        if score >= self.low:
            return "low"
        return "none"


DEFAULT_POLICY = RiskPolicy()
