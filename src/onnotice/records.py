"""Constructors of the core records for the compiled scan path, a few times cheaper.

The records of ``onnotice.model`` are frozen slotted dataclasses with a Python
``__init__``: ~3,000 instructions a record and ~15 records a listing (callgrind), about a
tenth of a scan. Compiled (setup.py), making the object and filling its slots through
their own descriptors, as that ``__init__`` does, costs a fraction. Each function returns
what calling the class with the same arguments returns; ``tests/test_records.py`` checks
it field by field and fails if a record grows a field or a ``__post_init__`` these skip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from onnotice.model import Entities, Entity, Listing, ScanResult, Score, Signal, Span

__all__ = ["entities", "entity", "listing", "scan_result", "score", "signal", "span"]

_Set = Callable[[object, object], None]


def _setter(cls: type, name: str) -> _Set:
    setter: _Set = cls.__dict__[name].__set__
    return setter


_new: Final = object.__new__

_SPAN_START: Final = _setter(Span, "start")
_SPAN_END: Final = _setter(Span, "end")
_SPAN_TEXT: Final = _setter(Span, "text")

_ENTITY_KIND: Final = _setter(Entity, "kind")
_ENTITY_VALUE: Final = _setter(Entity, "value")
_ENTITY_START: Final = _setter(Entity, "start")
_ENTITY_END: Final = _setter(Entity, "end")
_ENTITY_TEXT: Final = _setter(Entity, "text")
_ENTITY_EXTRA: Final = _setter(Entity, "extra")

_SIGNAL_INDICATOR: Final = _setter(Signal, "indicator")
_SIGNAL_CATEGORY: Final = _setter(Signal, "category")
_SIGNAL_WEIGHT: Final = _setter(Signal, "weight")
_SIGNAL_PACK: Final = _setter(Signal, "pack")
_SIGNAL_EVIDENCE: Final = _setter(Signal, "evidence")

_SCORE_VALUE: Final = _setter(Score, "value")
_SCORE_LEVEL: Final = _setter(Score, "level")
_SCORE_SIGNALS: Final = _setter(Score, "signals")
_SCORE_CONTEXT: Final = _setter(Score, "context")

_PHONES: Final = _setter(Entities, "phones")
_EMAILS: Final = _setter(Entities, "emails")
_AGES: Final = _setter(Entities, "ages")
_PRICES: Final = _setter(Entities, "prices")
_HANDLES: Final = _setter(Entities, "handles")
_URLS: Final = _setter(Entities, "urls")
_LOCATIONS: Final = _setter(Entities, "locations")
_EMOJIS: Final = _setter(Entities, "emojis")

_RESULT_LISTING: Final = _setter(ScanResult, "listing")
_RESULT_SCORE: Final = _setter(ScanResult, "score")
_RESULT_ENTITIES: Final = _setter(ScanResult, "entities")

_LISTING_ID: Final = _setter(Listing, "id")
_LISTING_TEXT: Final = _setter(Listing, "text")
_LISTING_RECORD: Final = _setter(Listing, "record")
_LISTING_SOURCE: Final = _setter(Listing, "source")
_LISTING_LINE: Final = _setter(Listing, "line")


def span(start: int, end: int, text: str) -> Span:
    """``Span(start, end, text)``."""
    obj: Span = _new(Span)
    _SPAN_START(obj, start)
    _SPAN_END(obj, end)
    _SPAN_TEXT(obj, text)
    return obj


def entity(
    kind: str, value: Any, start: int, end: int, text: str, extra: Mapping[str, Any]
) -> Entity:
    """``Entity(kind, value, start, end, text, extra)``."""
    obj: Entity = _new(Entity)
    _ENTITY_KIND(obj, kind)
    _ENTITY_VALUE(obj, value)
    _ENTITY_START(obj, start)
    _ENTITY_END(obj, end)
    _ENTITY_TEXT(obj, text)
    _ENTITY_EXTRA(obj, extra)
    return obj


def signal(
    indicator: str, category: str, weight: float, pack: str, evidence: tuple[Span, ...]
) -> Signal:
    """``Signal(indicator, category, weight, pack, evidence)``."""
    obj: Signal = _new(Signal)
    _SIGNAL_INDICATOR(obj, indicator)
    _SIGNAL_CATEGORY(obj, category)
    _SIGNAL_WEIGHT(obj, weight)
    _SIGNAL_PACK(obj, pack)
    _SIGNAL_EVIDENCE(obj, evidence)
    return obj


def score(value: float, level: str, signals: tuple[Signal, ...], context: float) -> Score:
    """``Score(value, level, signals, context)``."""
    obj: Score = _new(Score)
    _SCORE_VALUE(obj, value)
    _SCORE_LEVEL(obj, level)
    _SCORE_SIGNALS(obj, signals)
    _SCORE_CONTEXT(obj, context)
    return obj


def entities(
    phones: tuple[Entity, ...],
    emails: tuple[Entity, ...],
    ages: tuple[Entity, ...],
    prices: tuple[Entity, ...],
    handles: tuple[Entity, ...],
    urls: tuple[Entity, ...],
    locations: tuple[Entity, ...],
    emojis: tuple[Entity, ...],
) -> Entities:
    """``Entities(phones, emails, ages, prices, handles, urls, locations, emojis)``."""
    obj: Entities = _new(Entities)
    _PHONES(obj, phones)
    _EMAILS(obj, emails)
    _AGES(obj, ages)
    _PRICES(obj, prices)
    _HANDLES(obj, handles)
    _URLS(obj, urls)
    _LOCATIONS(obj, locations)
    _EMOJIS(obj, emojis)
    return obj


def scan_result(listing: Listing, score: Score, entities: Entities) -> ScanResult:
    """``ScanResult(listing, score, entities)``."""
    obj: ScanResult = _new(ScanResult)
    _RESULT_LISTING(obj, listing)
    _RESULT_SCORE(obj, score)
    _RESULT_ENTITIES(obj, entities)
    return obj


def listing(ident: str, text: str, record: Mapping[str, Any], source: str, line: int) -> Listing:
    """``Listing(ident, text, record, source, line)``."""
    obj: Listing = _new(Listing)
    _LISTING_ID(obj, ident)
    _LISTING_TEXT(obj, text)
    _LISTING_RECORD(obj, record)
    _LISTING_SOURCE(obj, source)
    _LISTING_LINE(obj, line)
    return obj
