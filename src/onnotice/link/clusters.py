"""Clusters: the listings of one component, the edges that joined them, and a summary.

A cluster's id is derived from its earliest listing's id, so it does not change when
later batches add members. The score is a noisy-or of named reasons, each with its
weight, so that it explains itself; it ranks clusters for review and decides nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from onnotice.link.ids import Edge
from onnotice.link.items import LinkItem


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a cluster score: what was seen and what it adds."""

    reason: str
    weight: float


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of linked listings and what they share."""

    id: str
    members: tuple[str, ...]
    edges: tuple[Edge, ...]
    phones: tuple[str, ...]
    identifiers: tuple[str, ...]
    cities: tuple[str, ...]
    platforms: tuple[str, ...]
    first_seen: str
    last_seen: str
    posting_rate: float
    """Listings a day between the first and the last (a span under a day counts as one)."""
    movement: tuple[tuple[str, str], ...]
    """(first date, city) each time the cluster posts from a new city, in time order."""
    score: float
    reasons: tuple[Reason, ...]
    signals: dict[str, float] = field(default_factory=dict)
    """Share of members with a scan signal of each category (when they were scanned)."""
    template: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many listings the cluster holds."""
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a cluster (see docs/linking.md)."""
        ids = self.members
        out: dict[str, Any] = {
            "id": self.id,
            "size": self.size,
            "members": list(ids),
            "edges": [
                {"a": ids[e.a], "b": ids[e.b], "kind": e.kind, "evidence": e.evidence,
                 "similarity": e.similarity}
                for e in self.edges
            ],
            "template": self.template,
            "phones": list(self.phones),
            "identifiers": list(self.identifiers),
            "cities": list(self.cities),
            "platforms": list(self.platforms),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "posting_rate": self.posting_rate,
            "movement": [{"since": d, "city": c} for d, c in self.movement],
            "signals": self.signals,
            "score": self.score,
            "reasons": [{"reason": r.reason, "weight": r.weight} for r in self.reasons],
        }
        return out


def cluster_id(first_member: str) -> str:
    """A stable cluster id: a digest of its earliest listing's id."""
    return "cl-" + hashlib.sha1(first_member.encode("utf-8")).hexdigest()[:12]


def _days(first: str, last: str) -> float:
    try:
        a = dt.datetime.fromisoformat(first.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(last.replace("Z", "+00:00"))
    except ValueError:
        return 1.0
    if (a.tzinfo is None) != (b.tzinfo is None):
        return 1.0
    return max(1.0, (b - a).total_seconds() / 86400)


def _movement(items: Sequence[LinkItem]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in sorted((i for i in items if i.city), key=lambda i: (i.posted_at, i.id)):
        if not out or out[-1][1] != item.city:
            out.append((item.posted_at[:10], item.city))
    return out


# Categories whose presence across a cluster raises its priority, and by how much at most.
SIGNAL_WEIGHTS = {"minor": 0.4, "control": 0.35, "movement": 0.15, "restriction": 0.1}


def score_cluster(
    size: int,
    cities: int,
    moves: int,
    phones: int,
    obscured: float,
    rate: float,
    signals: dict[str, float] | None = None,
) -> tuple[float, tuple[Reason, ...]]:
    """A 0..1 review priority from a cluster's shape and signals, and the reasons."""
    reasons = [Reason(f"{size} linked listings", round(min(0.4, 0.1 * math.log2(size)), 3))]
    if cities >= 2:
        weight = 0.25 if moves >= 3 else 0.1
        reasons.append(Reason(f"posted from {cities} cities, {moves} moves", weight))
    if phones >= 3:
        reasons.append(Reason(f"{phones} phone numbers", 0.15))
    if obscured > 0:
        share = round(obscured, 2)
        reasons.append(Reason(f"{share:.0%} of listings hide their number", round(0.3 * share, 3)))
    if rate >= 1.0:
        reasons.append(Reason(f"{rate:.1f} listings a day", 0.15))
    for category, top in SIGNAL_WEIGHTS.items():
        share = (signals or {}).get(category, 0.0)
        if share > 0:
            reasons.append(Reason(f"{share:.0%} of listings carry {category} signals",
                                  round(top * share, 3)))
    miss = 1.0
    for r in reasons:
        miss *= 1.0 - r.weight
    return round(1.0 - miss, 4), tuple(reasons)


def build_cluster(
    items: Sequence[LinkItem], edges: Sequence[Edge], template: dict[str, Any] | None = None
) -> Cluster:
    """Summarise one component; ``items`` in input order, edges indexing into it."""
    ids = tuple(i.id for i in items)
    keys = Counter(k for i in items for k in i.ids)
    phones = tuple(sorted(k[6:] for k in keys if k.startswith("phone:")))
    others = tuple(sorted(k for k, n in keys.items() if n > 1 and not k.startswith("phone:")))
    times = sorted(i.posted_at for i in items if i.posted_at)
    first, last = (times[0], times[-1]) if times else ("", "")
    rate = round(len(items) / _days(first, last), 3) if times else 0.0
    moves = _movement(items)
    cities = tuple(sorted({i.city for i in items if i.city}))
    obscured = sum(1 for i in items if i.obscured_phones) / len(items)
    counts = Counter(c for i in items for c in i.categories)
    signals = {c: round(n / len(items), 3) for c, n in sorted(counts.items())}
    score, reasons = score_cluster(
        len(items), len(cities), len(moves) - 1, len(phones), obscured, rate, signals
    )
    return Cluster(
        id=cluster_id(ids[0]),
        members=ids,
        edges=tuple(edges),
        phones=phones,
        identifiers=others,
        cities=cities,
        platforms=tuple(sorted({i.platform for i in items if i.platform})),
        first_seen=first,
        last_seen=last,
        posting_rate=rate,
        movement=tuple(moves),
        score=score,
        reasons=reasons,
        signals=signals,
        template=template if template is not None else {},
    )
