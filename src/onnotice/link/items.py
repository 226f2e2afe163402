"""What linking needs from a listing: its identifiers, text, place, time and platform.

Identifiers are keys of the form ``kind:value``. Phones are E.164 after de-obfuscation,
emails and handles are the extractors' normalised values, and an ``account`` is the
poster field of the record scoped by its platform: the same user name on two sites is
two accounts, and one name reused by strangers on different sites should not link them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from onnotice.extract.contacts import extract_emails, extract_handles
from onnotice.extract.lexicon import scan_lexicon
from onnotice.extract.phones import extract_phones
from onnotice.extract.places import extract_locations
from onnotice.link.shingles import shingle_batch
from onnotice.model import Listing, ScanResult

STRONG_KINDS = ("phone", "email", "image")
"""Identifiers that name one person or device; they merge before the weaker ones."""
STRONG_PREFIXES = tuple(f"{kind}:" for kind in STRONG_KINDS)
"""``key.startswith(STRONG_PREFIXES)``: whether a key is strong, without splitting it."""
WEAK_KINDS = ("handle", "account")
_PLATFORM_FIELDS = ("site", "platform", "customer", "source_site")
_POSTER_FIELDS = ("poster", "poster_handle", "account", "user", "username")
_CITY_FIELDS = ("city", "location")
_TIME_FIELDS = ("posted_at", "date", "created_at")
_IMAGE_FIELDS = ("images", "image_hashes")


@dataclass(frozen=True, slots=True)
class LinkItem:
    """One listing reduced to what linking reads; ``ids`` are ``kind:value`` keys."""

    id: str
    text: str
    ids: tuple[str, ...] = ()
    city: str = ""
    posted_at: str = ""
    platform: str = ""
    obscured_phones: int = 0
    categories: tuple[str, ...] = ()
    """Categories of the scan signals that fired on the listing, when it was scanned."""


def _field(record: Mapping[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = record.get(name)
        if isinstance(value, str):
            value = value.strip()
            if value:
                return value
    return ""


def _images(record: Mapping[str, Any]) -> list[str]:
    for name in _IMAGE_FIELDS:
        value = record.get(name)
        if isinstance(value, list):
            return [str(v).strip().lower() for v in value if str(v).strip()]
    return []


def link_item(
    listing: Listing, region: str = "US", scanned: ScanResult | None = None
) -> LinkItem:
    """Extract the identifiers of one listing (phones, emails, handles, account, images).

    Given the listing's ``ScanResult``, its entities are used rather than extracted
    again, and the categories of its signals are kept for the cluster summary.
    """
    text, record = listing.text, listing.record
    if scanned is not None:
        hits = None
        found = scanned.entities
        phones, emails, handles = found.phones, found.emails, found.handles
        categories = tuple(sorted({s.category for s in scanned.score.signals}))
    else:
        hits = scan_lexicon(text)
        phones = extract_phones(text, region, hits)
        emails = extract_emails(text, hits)
        handles = extract_handles(text, emails, hits)
        categories = ()
    keys = {f"phone:{p.value}" for p in phones}
    keys.update(f"email:{e.value}" for e in emails)
    # A messenger named without a handle ("text me on telegram") identifies no one.
    keys.update(f"handle:{h.value}" for h in handles if h.extra.get("handle"))
    keys.update(f"image:{h}" for h in _images(record))
    platform = _field(record, _PLATFORM_FIELDS)
    poster = _field(record, _POSTER_FIELDS).lower()
    if poster:
        keys.add(f"account:{platform}/{poster}")
    city = _field(record, _CITY_FIELDS)
    if not city:
        places = scanned.entities.locations if scanned else extract_locations(text, hits)
        city = str(places[0].value) if places else ""
    # Cities and platforms repeat across a corpus: one string object each (pickling
    # then sends each once a batch, and a million items hold a few hundred strings).
    return LinkItem(
        id=listing.id,
        text=text,
        ids=tuple(sorted(keys)),
        city=sys.intern(city),
        posted_at=_field(record, _TIME_FIELDS),
        platform=sys.intern(platform),
        obscured_phones=sum(1 for p in phones if p.extra.get("obfuscated")),
        categories=categories,
    )


def link_batch(
    listings: Sequence[Listing], region: str = "US"
) -> tuple[list[LinkItem], npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """The link items of a batch of listings and the shingles of their texts, as
    ``Linker.add_shingled`` takes them: the per-listing work, for a worker process."""
    flat, sizes = shingle_batch([listing.text for listing in listings])
    return [link_item(listing, region) for listing in listings], flat, sizes


def id_kind(key: str) -> str:
    """The kind of an identifier key (``phone`` of ``phone:+14155550100``)."""
    return key.partition(":")[0]
