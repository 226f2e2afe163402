"""Core records: plain frozen dataclasses that every layer passes around.

Spans are character offsets into the listing's text (Python ``str`` indices), so that
``text[start:end] == span.text`` always holds; this is what makes every score explainable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LEVELS: tuple[str, ...] = ("none", "low", "medium", "high")
ENTITY_KINDS: tuple[str, ...] = (
    "phones",
    "emails",
    "ages",
    "prices",
    "handles",
    "urls",
    "locations",
    "emojis",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a listing's text that carries evidence."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Entity:
    """One extracted entity: a normalised value, its span, and kind-specific fields."""

    kind: str
    value: Any
    start: int
    end: int
    text: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        out.update(self.extra)
        out.update(start=self.start, end=self.end, text=self.text)
        return out


@dataclass(frozen=True, slots=True)
class Entities:
    """Everything extracted from one text, by kind, each in text order."""

    phones: tuple[Entity, ...] = ()
    emails: tuple[Entity, ...] = ()
    ages: tuple[Entity, ...] = ()
    prices: tuple[Entity, ...] = ()
    handles: tuple[Entity, ...] = ()
    urls: tuple[Entity, ...] = ()
    locations: tuple[Entity, ...] = ()
    emojis: tuple[Entity, ...] = ()

    def of(self, kind: str) -> tuple[Entity, ...]:
        """The entities of one kind (one of ``ENTITY_KINDS``)."""
        found: tuple[Entity, ...] = getattr(self, kind)
        return found

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {kind: [e.to_dict() for e in self.of(kind)] for kind in ENTITY_KINDS}


@dataclass(frozen=True, slots=True)
class Listing:
    """A published listing (ad, post) as received; ``record`` keeps every original field."""

    id: str
    text: str
    record: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Signal:
    """One indicator that fired on a listing, with the spans that made it fire."""

    indicator: str
    category: str
    weight: float
    pack: str
    evidence: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "category": self.category,
            "weight": self.weight,
            "pack": self.pack,
            "evidence": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Score:
    """A listing's risk in [0, 1], its level, and the signals behind it."""

    value: float
    level: str
    signals: tuple[Signal, ...]
    context: float = 0.0


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What scanning one listing yields: its score and everything extracted from it."""

    listing: Listing
    score: Score
    entities: Entities

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of one scanned listing (see docs/scan.md)."""
        return {
            "id": self.listing.id,
            "score": self.score.value,
            "level": self.score.level,
            "signals": [s.to_dict() for s in self.score.signals],
            "entities": self.entities.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record that could not be accepted, kept for the quarantine file."""

    source: str
    line: int
    reason: str
    raw: str
