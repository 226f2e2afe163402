"""Content risk: how many of a customer's listings scored medium or high, and how recently."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection

from onnotice.risk.clock import day
from onnotice.risk.facts import ListingFact
from onnotice.risk.policy import RiskPolicy
from onnotice.risk.reason import NOTHING, Component, Reason


def content_risk(
    listings: Collection[ListingFact], today: int, policy: RiskPolicy, total: int | None = None
) -> Component:
    """The content component in [0, 1], its reasons, and the listings behind it.

    ``listings`` holds one (the latest) version per listing in the view; ``today`` is the
    as-of day's ordinal, from which a listing's age decays its weight; ``total``, when
    given, is the number of listings in the view, of which ``listings`` may be a part.
    """
    decay = math.log(2) / policy.listing_half_life_days
    weights = {"high": policy.high_listing_weight, "medium": policy.medium_listing_weight}
    total = max(total or 0, len(listings))
    adverse = 0.0
    # (-weight, key, valid_at, categories) per adverse listing: strongest first, then by key.
    tiers: dict[str, list[tuple[float, str, str, tuple[str, ...]]]] = {"high": [], "medium": []}
    # Most listings are benign: pick out the few adverse ones before any arithmetic.
    for fact in [f for f in listings if f.level in weights]:
        # A listing posted after as-of (known early, dated late) counts as new.
        weight = weights[fact.level] * math.exp(-decay * max(0, today - day(fact.valid_at)))
        adverse += weight
        tiers[fact.level].append((-weight, fact.key, fact.valid_at, fact.categories))
    if adverse <= 0.0:
        return NOTHING
    # The prior keeps a few listings from reading as a large share; the volume term
    # keeps a big platform's small share of many bad listings from reading as nothing.
    share = adverse / (total + policy.share_prior)
    volume = 1.0 - math.exp(-adverse / policy.volume_scale)
    score = min(1.0, policy.share_weight * share + policy.volume_weight * volume)
    reasons: list[Reason] = []
    evidence: set[str] = set()
    for level, found in tiers.items():
        if not found:
            continue
        found.sort()
        keys = [item[1] for item in found]
        evidence.update(keys)
        since = min(item[2] for item in found)[:7]
        mass = -sum(item[0] for item in found)
        categories = [c for item in found for c in item[3]]
        said = _indicators(categories) if categories else ""
        reasons.append(
            Reason(
                kind="content",
                text=(
                    f"{len(found)} of {total} listings ({100 * len(found) / total:.1f}%) "
                    f"scored {level} since {since}{said}"
                ),
                weight=round(score * mass / adverse, 4),
                evidence=tuple(keys[: policy.max_refs]),
            )
        )
    return score, tuple(reasons), frozenset(evidence)


def _indicators(categories: list[str]) -> str:
    """The three most frequent categories, ties by name, as "; indicators: a (3), b (1)"."""
    counts = Counter(categories)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    return "; indicators: " + ", ".join(f"{name} ({n})" for name, n in top)
