"""A scan result as the JSON bytes every writer and the store use."""

from __future__ import annotations

from typing import Any

import orjson

from onnotice.model import Entity, ScanResult

__all__ = ["result_json"]


def result_json(result: ScanResult) -> bytes:
    """``orjson.dumps(result.to_dict())``, built in one function instead of four layers.

    The same keys in the same order (``Entity.to_dict`` flattens ``extra`` between the
    value and the span, later keys overriding), so the same bytes; measured ~20% less
    than ``to_dict`` and ``dumps``. Handing orjson the dataclasses themselves was slower.
    """
    signals = [
        {
            "indicator": s.indicator,
            "category": s.category,
            "weight": s.weight,
            "pack": s.pack,
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in s.evidence],
        }
        for s in result.score.signals
    ]
    found = result.entities
    # In model.ENTITY_KINDS order, as to_dict gives them (tests compare the bytes); read
    # by attribute rather than getattr with a name, and most kinds empty in most listings.
    kinds = {
        "phones": _entities(found.phones),
        "emails": _entities(found.emails),
        "ages": _entities(found.ages),
        "prices": _entities(found.prices),
        "handles": _entities(found.handles),
        "urls": _entities(found.urls),
        "locations": _entities(found.locations),
        "emojis": _entities(found.emojis),
    }
    record = {
        "id": result.listing.id,
        "score": result.score.value,
        "level": result.score.level,
        "signals": signals,
        "entities": kinds,
    }
    return orjson.dumps(record)


def _entities(of_kind: tuple[Entity, ...]) -> list[dict[str, Any]]:
    if not of_kind:
        return []
    return [
        {"value": e.value, **e.extra, "start": e.start, "end": e.end, "text": e.text}
        for e in of_kind
    ]
