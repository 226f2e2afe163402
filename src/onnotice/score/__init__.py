"""Signals to a score: how much a listing looks like trafficking, and why.

The score answers two questions in turn. Is commercial sex offered at all? The
``context`` indicators say so, as a strength ``C`` in [0, 1]. Given that, how many
trafficking indicators fire, and how strong are they? Those combine as a noisy-or
``R`` (each indicator an independent chance of being right), damped by indicators with
negative weights (published evidence says they are *less* common in trafficking ads).

    score = context_base * C + (1 - context_base) * R * max(C, no_context_gate)

So an ad for a band, a car or a lost cat that says "young" or "new in town" stays at
``none`` or ``low`` (no context: R counts at a quarter), and an adult independent
provider with no trafficking indicator scores ``context_base`` at most: ``low``, never
``medium``. Signals are combined in indicator-id order, so the score is the same
whatever order the packs were loaded in.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import Final

from onnotice.extract import extract_entities
from onnotice.model import Entities, Listing, ScanResult, Score, Signal
from onnotice.records import scan_result, score
from onnotice.rules import RuleSet
from onnotice.rules.schema import Scoring

__all__ = ["scan_listing", "scan_text", "score_signals"]

_BY_INDICATOR: Final = attrgetter("indicator")


def score_signals(signals: Iterable[Signal], scoring: Scoring) -> Score:
    """Combine signals into a score in [0, 1] and its level."""
    ordered = tuple(sorted(signals, key=_BY_INDICATOR))
    # One pass, multiplying in the same order as separate noisy-ors would, so the floats
    # are the same to the bit.
    context_miss = risk_miss = 1.0
    damping: list[float] = []
    for s in ordered:
        if s.category == "context":
            if s.weight > 0:
                context_miss *= 1.0 - s.weight
        elif s.weight > 0:
            risk_miss *= 1.0 - s.weight
        elif s.weight < 0:
            damping.append(s.weight)
    context = 1.0 - context_miss
    risk = 1.0 - risk_miss
    for weight in damping:
        risk *= 1.0 + weight
    gate = max(context, scoring.no_context_gate)
    value = scoring.context_base * context + (1.0 - scoring.context_base) * risk * gate
    value = round(min(1.0, max(0.0, value)), 4)
    return score(value, scoring.level(value), ordered, round(context, 4))


def scan_text(text: str, rules: RuleSet, region: str = "US") -> tuple[Entities, Score]:
    """Extract entities from ``text`` and score it against ``rules``."""
    # One Hyperscan pass over the text serves the extractors and the rule packs alike.
    hits, found = rules.scan(text)
    entities = extract_entities(text, region, hits)
    return entities, score_signals(rules.signals(text, entities, found), rules.scoring)


def scan_listing(listing: Listing, rules: RuleSet, region: str = "US") -> ScanResult:
    """Scan one listing: its entities, signals, score and level."""
    found, scored = scan_text(listing.text, rules, region)
    return scan_result(listing, scored, found)
