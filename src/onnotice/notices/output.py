"""The stable JSON shape of an analysed notice, as ``notices add --format json`` prints it.

    {"id", "published_at", "observed_at", "source", "url", "title",
     "matches": [{"customer", "categories", "sentences", "how", "similarity",
                  "evidence": [{"start", "end", "text"}]}],
     "events": [{"date", "category", "customer", "sentence"}]}

A customer only mentioned has ``"categories": ["mention"]``; dates are ISO 8601 as
precise as known (a year alone where only the year is known).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from onnotice.model import Notice, NoticeEvent, NoticeMatch


def match_to_dict(match: NoticeMatch) -> dict[str, Any]:
    """One matched customer in the output shape."""
    return {
        "customer": match.customer,
        "categories": list(match.categories),
        "sentences": list(match.sentences),
        "how": match.how,
        "similarity": match.similarity,
        "evidence": [span.to_dict() for span in match.evidence],
    }


def event_to_dict(event: NoticeEvent) -> dict[str, Any]:
    """One dated event in the output shape."""
    return {
        "date": event.date,
        "category": event.category,
        "customer": event.customer,
        "sentence": event.sentence,
    }


def notice_to_dict(
    notice: Notice, matches: Sequence[NoticeMatch], events: Sequence[NoticeEvent]
) -> dict[str, Any]:
    """An analysed notice in the stable output shape."""
    return {
        "id": notice.id,
        "published_at": notice.published_at,
        "observed_at": notice.observed_at,
        "source": notice.source,
        "url": notice.url,
        "title": notice.title,
        "matches": [match_to_dict(m) for m in matches],
        "events": [event_to_dict(e) for e in events],
    }
