"""Network risk: organised networks of linked listings that reach a customer's platform."""

from __future__ import annotations

import math
from collections.abc import Iterable

from onnotice.risk.combine import corroborate
from onnotice.risk.facts import ClusterFact
from onnotice.risk.policy import RiskPolicy
from onnotice.risk.reason import NOTHING, Component, Reason


def network_risk(clusters: Iterable[ClusterFact], policy: RiskPolicy) -> Component:
    """The network component in [0, 1], its reasons, and the clusters behind it.

    A network counts as far as its listings carry indicators: a shop's product ads linked
    by its one phone number are a business, not an operation, so a cluster none of whose
    listings scored medium or high adds nothing.
    """
    scored: list[tuple[float, ClusterFact]] = []
    for fact in clusters:
        if fact.size < policy.min_cluster_size or fact.score <= 0.0 or fact.adverse == 0:
            continue
        # A pair of linked ads is weak evidence of an organisation; twenty is strong.
        strength = min(1.0, fact.score) * (1.0 - math.exp(-fact.size / policy.cluster_size_scale))
        if fact.adverse is not None:
            strength *= min(1.0, fact.adverse / fact.size)
        scored.append((strength, fact))
    if not scored:
        return NOTHING
    scored.sort(key=lambda item: (-item[0], item[1].cluster_id))
    score = corroborate([s for s, _ in scored], policy.corroboration)
    reasons = [
        Reason(
            kind="network",
            text=(
                f"network {fact.cluster_id}: {fact.size} linked listings{_adverse(fact)} "
                f"(cluster score {fact.score:.2f}) since {fact.valid_at[:7]}"
            ),
            weight=round(strength if i == 0 else policy.corroboration * strength, 4),
            evidence=(fact.key,),
        )
        for i, (strength, fact) in enumerate(scored)
    ]
    return score, tuple(reasons), frozenset(fact.key for _, fact in scored)


def _adverse(fact: ClusterFact) -> str:
    return "" if fact.adverse is None else f", {fact.adverse} of them medium or high"
