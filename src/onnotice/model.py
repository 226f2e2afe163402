"""Core records: plain frozen dataclasses that every layer passes around.

Spans are character offsets into the listing's text (Python ``str`` indices), so that
``text[start:end] == span.text`` always holds; this is what makes every score explainable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def _quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen slotted dataclass an ``__init__`` that fills its slots directly.

    The generated one sets each field through ``object.__setattr__`` (the frozen class
    refuses ordinary assignment); calling each slot's own descriptor does the same in
    about half the time, which counts for the records built for every scanned listing.
    Signature, defaults, default factories, equality, hashing, pickling, ``replace`` and
    the refusal of assignment are those of the dataclass.
    """
    params, body = [], []
    env: dict[str, Any] = {"_MISSING": MISSING}
    for f in fields(cls):  # type: ignore[arg-type]
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not MISSING:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            env[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    exec(source, env)  # noqa: S102 - built from the class's own field names only
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


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


@_quick_init
@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a listing's text that carries evidence."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@_quick_init
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


@_quick_init
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


@_quick_init
@dataclass(frozen=True, slots=True)
class Listing:
    """A published listing (ad, post) as received; ``record`` keeps every original field."""

    id: str
    text: str
    record: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int = 0


@_quick_init
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


@_quick_init
@dataclass(frozen=True, slots=True)
class Score:
    """A listing's risk in [0, 1], its level, and the signals behind it."""

    value: float
    level: str
    signals: tuple[Signal, ...]
    context: float = 0.0


@_quick_init
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


# --- The customer book, public notices and the ledger (issue 4) -------------------------
#
# Times follow the "two clocks" of DESIGN.md: ``valid`` time is when something was
# published or happened, ``known`` time is when onnotice learned it. Dates that are only
# partly known (a year, a month) are ISO 8601 strings: "2018", "2023-08", "2023-08-03".


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer in a provider's book: who it is, how it is named, what it paid."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str = ""
    onboarded_at: str | None = None
    """ISO date the customer was onboarded, if known."""
    offboarded_at: str | None = None
    revenue: tuple[tuple[str, float], ...] = ()
    """Revenue by month, as ("YYYY-MM", amount) pairs in month order."""
    monthly_revenue: float | None = None
    """A flat monthly revenue, used for months that ``revenue`` does not list."""


@dataclass(frozen=True, slots=True)
class NoticeMatch:
    """One customer a notice concerns, with the categories its own sentences carry."""

    customer: str
    categories: tuple[str, ...]
    """Notice categories from sentences about this customer; ("mention",) if none."""
    sentences: tuple[str, ...]
    """The sentences that name the customer or refer back to it."""
    evidence: tuple[Span, ...] = ()
    """Where the customer's name, alias or domain was found in the notice text."""
    how: str = "exact"
    """"exact", "alias", "domain" or "fuzzy"."""
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class NoticeEvent:
    """A dated event that a notice reports, e.g. a shutdown in 2018."""

    date: str
    """ISO 8601, as precise as the text: "2018", "2023-08" or "2023-08-03"."""
    category: str
    customer: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A public notice (article, court record, press release) as read from a document."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    published_at: str | None = None
    """Valid time: when it was published (ISO 8601, possibly partial)."""
    observed_at: str | None = None
    """Known time: when onnotice read it (ISO 8601 timestamp)."""
    path: str = ""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One leaf of the ledger: what was observed or decided, by whom, when."""

    seq: int
    time: str
    """ISO 8601 UTC timestamp with a trailing "Z"."""
    actor: str
    kind: str
    subject: str
    payload: Mapping[str, Any] = field(default_factory=dict)
