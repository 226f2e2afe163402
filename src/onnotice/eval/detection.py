"""Scan results against planted indicators: per-category and per-level precision and recall.

Scoring is per listing. For a category (the part of an indicator id before the dot,
``minor`` of ``minor.youth_terms``) a listing is truly positive when an indicator of that
category was planted in it, and predicted positive when a signal of that category fired.
For a level, a listing is truly positive when its kind is one of ``positive_kinds``
(``trafficking`` by default) and predicted positive when it scored at that level or above.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from onnotice.model import LEVELS


@dataclass(frozen=True, slots=True)
class Counts:
    """True and false positives and false negatives, with the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted positives that are true (1.0 when nothing was predicted)."""
        return round(self.tp / (self.tp + self.fp), 4) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of true positives that were predicted (1.0 when there were none)."""
        return round(self.tp / (self.tp + self.fn), 4) if self.tp + self.fn else 1.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall}


@dataclass(frozen=True, slots=True)
class DetectionScores:
    """Per-category and per-level counts over the listings present on both sides."""

    listings: int
    categories: dict[str, Counts] = field(default_factory=dict)
    levels: dict[str, Counts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TruthRecord:
    """What was planted in one listing: its kind and the indicator ids."""

    kind: str
    indicators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """What a scan said of one listing: its level and the indicator ids that fired."""

    level: str
    indicators: tuple[str, ...]


def _category(indicator: str) -> str:
    return indicator.partition(".")[0]


def _tally(pairs: Iterable[tuple[bool, bool]]) -> Counts:
    tp = fp = fn = 0
    for truly, said in pairs:
        tp += truly and said
        fp += said and not truly
        fn += truly and not said
    return Counts(tp, fp, fn)


def score_detection(
    truth: Mapping[str, TruthRecord],
    predicted: Mapping[str, Predicted],
    *,
    positive_kinds: tuple[str, ...] = ("trafficking",),
    levels: tuple[str, ...] = ("high", "medium"),
) -> DetectionScores:
    """Per-category and per-level precision and recall of ``predicted`` against ``truth``."""
    both = [lid for lid in truth if lid in predicted]
    planted = {lid: {_category(i) for i in truth[lid].indicators} for lid in both}
    fired = {lid: {_category(i) for i in predicted[lid].indicators} for lid in both}
    names = sorted(set().union(*planted.values(), *fired.values())) if both else []
    categories = {
        c: _tally((c in planted[lid], c in fired[lid]) for lid in both) for c in names
    }
    by_level = {}
    for level in levels:
        floor = LEVELS.index(level)
        by_level[level] = _tally(
            (truth[lid].kind.partition(":")[0] in positive_kinds,
             LEVELS.index(predicted[lid].level) >= floor)
            for lid in both
        )
    return DetectionScores(len(both), categories, by_level)
