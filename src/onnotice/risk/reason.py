"""What an assessment says and why: reasons with their evidence, and the assessment itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a customer carries risk, in words a reviewer reads, with its evidence."""

    kind: str
    """"content", "notice" or "network"."""
    text: str
    weight: float
    """This reason's own contribution to its component, in [0, 1]."""
    evidence: tuple[str, ...]
    """Evidence keys: ``listing:<id>@<version>``, ``notice:<id>``, ``cluster:<id>@<size>``."""
    sentences: tuple[str, ...] = ()
    """For a notice: the sentences about the customer that carry its categories."""
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The reason as JSON for the ``risk`` output contract."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "weight": self.weight,
            "evidence": list(self.evidence),
        }
        if self.sentences:
            out["sentences"] = list(self.sentences)
        if self.url:
            out["url"] = self.url
        return out


@dataclass(frozen=True, slots=True)
class Assessment:
    """A customer's risk as of a date in one view (known or public), and what it rests on."""

    customer: str
    as_of: str
    view: str
    level: str
    score: float
    reasons: tuple[Reason, ...]
    evidence: frozenset[str]
    """Every evidence key that raised the score (what a decision on it covers)."""
    content: float = 0.0
    notice: float = 0.0
    network: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The view as JSON: level, score, reasons, and the three components."""
        return {
            "level": self.level,
            "score": self.score,
            "reasons": [r.to_dict() for r in self.reasons],
            "components": {
                "content": self.content,
                "notice": self.notice,
                "network": self.network,
            },
        }


Component = tuple[float, tuple[Reason, ...], frozenset[str]]
"""One component's strength in [0, 1], its reasons, and the evidence keys behind it."""
NOTHING: Component = (0.0, (), frozenset())
