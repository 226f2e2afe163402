"""Builders of risk facts from compact specs, shared by the YAML cases and the tests."""

from __future__ import annotations

from typing import Any

from onnotice.dates import end_of
from onnotice.model import Customer
from onnotice.risk import ClusterFact, ListingFact, NoticeFact

CUSTOMER = Customer(id="acme", name="Acme Classifieds", onboarded_at="2018-01-01")
_SCORES = {"none": 0.05, "low": 0.2, "medium": 0.5, "high": 0.9}


def stamp(value: str) -> str:
    """A known time as the store writes it: a date means the end of that day."""
    return end_of(value) if "T" not in value else value


def listings(specs: list[dict[str, Any]], customer: str = "acme") -> list[ListingFact]:
    """Listings from specs ``{count, level, posted, known?, version?, id?, categories?}``.

    Each spec makes ``count`` listings (ids ``l<n>`` numbered across specs unless ``id``
    is given); ``known`` defaults to the posting date.
    """
    out: list[ListingFact] = []
    for spec in specs:
        for _ in range(int(spec.get("count", 1))):
            lid = str(spec.get("id", f"l{len(out)}"))
            out.append(
                ListingFact(
                    customer=customer,
                    listing_id=lid,
                    version=int(spec.get("version", 1)),
                    valid_at=stamp(str(spec["posted"])),
                    known_at=stamp(str(spec.get("known", spec["posted"]))),
                    score=_SCORES[spec["level"]],
                    level=spec["level"],
                    categories=tuple(spec.get("categories", ())),
                )
            )
    return out


def notices(specs: list[dict[str, Any]], customer: str = "acme") -> list[NoticeFact]:
    """Notices from specs ``{id, categories, published, observed?, sentences?, events?, ...}``."""
    return [
        NoticeFact(
            customer=customer,
            notice_id=str(spec["id"]),
            published_at=str(spec["published"]),
            observed_at=stamp(str(spec.get("observed", spec["published"]))),
            categories=tuple(spec["categories"]),
            sentences=tuple(spec.get("sentences", ())),
            events=tuple((str(d), str(c)) for d, c in spec.get("events", ())),
            title=str(spec.get("title", "")),
            url=str(spec.get("url", "")),
            source=str(spec.get("source", "")),
        )
        for spec in specs
    ]


def clusters(specs: list[dict[str, Any]], customer: str = "acme") -> list[ClusterFact]:
    """Clusters from specs ``{id, size, score, seen, known?, posted?, adverse?, ...}``."""
    return [
        ClusterFact(
            customer=customer,
            cluster_id=str(spec["id"]),
            size=int(spec["size"]),
            score=float(spec["score"]),
            valid_at=stamp(str(spec["seen"])),
            known_at=stamp(str(spec.get("known", spec["seen"]))),
            posted=tuple(stamp(str(p)) for p in spec.get("posted", ())),
            adverse=spec.get("adverse"),
            adverse_posted=tuple(stamp(str(p)) for p in spec.get("adverse_posted", ())),
        )
        for spec in specs
    ]
