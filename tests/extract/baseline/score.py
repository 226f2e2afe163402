"""``score_signals`` as it was at commit fae4e41."""

from __future__ import annotations

from collections.abc import Iterable

from onnotice.model import Score, Signal
from onnotice.rules.schema import Scoring


def _noisy_or(weights: Iterable[float]) -> float:
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return 1.0 - miss


def score_signals(signals: Iterable[Signal], scoring: Scoring) -> Score:
    ordered = tuple(sorted(signals, key=lambda s: s.indicator))
    context = _noisy_or(s.weight for s in ordered if s.category == "context" and s.weight > 0)
    risk = _noisy_or(s.weight for s in ordered if s.category != "context" and s.weight > 0)
    for s in ordered:
        if s.category != "context" and s.weight < 0:
            risk *= 1.0 + s.weight
    gate = max(context, scoring.no_context_gate)
    value = scoring.context_base * context + (1.0 - scoring.context_base) * risk * gate
    value = round(min(1.0, max(0.0, value)), 4)
    return Score(
        value=value, level=scoring.level(value), signals=ordered, context=round(context, 4)
    )
