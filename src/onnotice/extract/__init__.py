"""Entity extraction from listing text: pure functions, every entity with its span."""

from __future__ import annotations

from onnotice.extract.ages import extract_ages
from onnotice.extract.contacts import extract_emails, extract_handles, extract_urls
from onnotice.extract.emojis import extract_emojis
from onnotice.extract.lexicon import Hits, scan_lexicon
from onnotice.extract.phones import extract_phones
from onnotice.extract.places import extract_locations
from onnotice.extract.prices import extract_prices
from onnotice.model import Entities
from onnotice.records import entities

__all__ = [
    "extract_ages",
    "extract_emails",
    "extract_emojis",
    "extract_entities",
    "extract_handles",
    "extract_locations",
    "extract_phones",
    "extract_prices",
    "extract_urls",
]


def extract_entities(text: str, region: str = "US", hits: Hits | None = None) -> Entities:
    """Every entity in ``text``; ``region`` is the default region for phone numbers.

    ``hits`` is ``scan_lexicon(text)`` when the caller has it already (``RuleSet.scan``).
    """
    if hits is None:
        hits = scan_lexicon(text)
    emails = extract_emails(text, hits)
    # In field order: phones, emails, ages, prices, handles, urls, locations, emojis.
    return entities(
        extract_phones(text, region, hits),
        emails,
        extract_ages(text, hits),
        extract_prices(text, hits),
        extract_handles(text, emails, hits),
        extract_urls(text, emails, hits),
        extract_locations(text, hits),
        extract_emojis(text),
    )
