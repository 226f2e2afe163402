"""Continuous screening: when a re-assessment should alert, given what was already decided."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onnotice.model import LEVELS
from onnotice.risk.clock import instant
from onnotice.risk.facts import DecisionFact
from onnotice.risk.reason import Assessment, Reason

_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class AlertDecision:
    """An alert to raise: the level rose on evidence no decision has covered yet."""

    customer: str
    view: str
    as_of: str
    previous_level: str
    level: str
    score: float
    new_evidence: tuple[str, ...]
    """Evidence keys behind the assessment that no earlier decision covers."""
    reasons: tuple[Reason, ...]
    """The reasons that rest on new evidence."""
    last_decision: DecisionFact | None = None

    def to_dict(self) -> dict[str, Any]:
        """The alert as JSON."""
        last = self.last_decision
        return {
            "customer": self.customer,
            "view": self.view,
            "as_of": self.as_of,
            "previous_level": self.previous_level,
            "level": self.level,
            "score": self.score,
            "new_evidence": list(self.new_evidence),
            "reasons": [r.to_dict() for r in self.reasons],
            "last_decision": None
            if last is None
            else {"action": last.action, "made_at": last.made_at, "level": last.level_at_decision},
        }


def evaluate_alert(
    previous: Assessment | None,
    current: Assessment,
    decisions: Sequence[DecisionFact],
) -> AlertDecision | None:
    """An alert when ``current`` rises above ``previous`` on evidence not yet decided on.

    A decision covers the evidence it was made on: a rise that rests only on covered
    evidence (say, the level dipped as benign listings came and rose back as they went)
    does not alert again, while a rise on any evidence no decision covers does, whatever
    level the last decision was made at (issue 4: "new evidence does").
    Decisions about other customers or made after ``current.as_of`` are ignored.
    """
    before = previous.level if previous is not None else "none"
    if _RANK[current.level] <= _RANK[before]:
        return None
    relevant = [
        d
        for d in decisions
        if d.customer == current.customer and instant(d.made_at) <= current.as_of
    ]
    covered: set[str] = set()
    for decision in relevant:
        covered |= decision.covers
    new = current.evidence - covered
    if not new:
        return None
    last = max(relevant, key=lambda d: instant(d.made_at)) if relevant else None
    return AlertDecision(
        customer=current.customer,
        view=current.view,
        as_of=current.as_of,
        previous_level=before,
        level=current.level,
        score=current.score,
        new_evidence=tuple(sorted(new)),
        reasons=tuple(r for r in current.reasons if _rests_on(r, new)),
        last_decision=last,
    )


def _rests_on(reason: Reason, new: frozenset[str]) -> bool:
    # A content reason lists only its first refs, so any new listing makes it new.
    if reason.kind == "content":
        return any(key.startswith("listing:") for key in new)
    return any(key in new for key in reason.evidence)
