"""``RuleSet.match_text`` and ``RuleSet.signals`` as they were at commit fae4e41."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import hyperscan

from onnotice.extract.lexicon import char_offsets
from onnotice.model import Entities, Entity, Signal, Span
from onnotice.rules import RuleSet, phrase_regex
from onnotice.rules.match import _FLAGS, MAX_HOURLY_MINUTES, _outermost


@cache
def _database(rules: RuleSet) -> tuple[Any, list[tuple[int, bool]]]:
    """The packs' own database, as ``RuleSet._database`` compiled it then."""
    expressions: list[bytes] = []
    entries: list[tuple[int, bool]] = []
    for i, ind in enumerate(rules.indicators):
        for phrase in ind.phrases:
            expressions.append(phrase_regex(phrase).encode())
            entries.append((i, False))
        for pattern in ind.patterns:
            expressions.append(pattern.encode())
            entries.append((i, False))
        for phrase in ind.exceptions:
            expressions.append(phrase_regex(phrase).encode())
            entries.append((i, True))
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    if not expressions:
        return False, entries
    db.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[_FLAGS] * len(expressions),
    )
    return db, entries


def match_text(rules: RuleSet, text: str) -> dict[int, list[Span]]:
    db, entries = _database(rules)
    if not db or not text:
        return {}
    data = text.encode("utf-8", "surrogatepass")
    raw: list[tuple[int, int, int]] = []

    def on_match(ident: int, start: int, end: int, _flags: int, _ctx: Any) -> None:
        raw.append((ident, start, end))

    db.scan(data, match_event_handler=on_match)
    if not raw:
        return {}
    if len(data) != len(text):
        pos = char_offsets(text, data, {o for _, s, e in raw for o in (s, e)})
        raw = [(i, pos[s], pos[e]) for i, s, e in raw]
    hits: dict[int, list[tuple[int, int]]] = {}
    exceptions: dict[int, list[tuple[int, int]]] = {}
    for ident, start, end in raw:
        indicator, exception = entries[ident]
        (exceptions if exception else hits).setdefault(indicator, []).append((start, end))
    out: dict[int, list[Span]] = {}
    for ind, spans in hits.items():
        excepted = exceptions.get(ind, ())
        kept = sorted(
            {
                (s, e)
                for s, e in spans
                if e > s and not any(xs <= s and e <= xe for xs, xe in excepted)
            }
        )
        if kept:
            out[ind] = [Span(s, e, text[s:e]) for s, e in _outermost(kept)]
    return out


def signals(rules: RuleSet, text: str, entities: Entities) -> tuple[Signal, ...]:
    found = match_text(rules, text)
    for i, ind in enumerate(rules.indicators):
        if ind.entity:
            spans = [Span(e.start, e.end, e.text) for e in _entity_hits(ind.entity, entities)]
            if spans:
                found.setdefault(i, []).extend(spans)
    return tuple(
        Signal(
            indicator=rules.indicators[i].id,
            category=rules.indicators[i].category,
            weight=rules.indicators[i].weight,
            pack=rules.indicators[i].pack,
            evidence=tuple(sorted(set(spans), key=lambda s: (s.start, s.end))),
        )
        for i, spans in sorted(found.items())
    )


def _entity_hits(test: Mapping[str, Any], entities: Entities) -> list[Entity]:
    out = []
    for ent in entities.of(test["kind"]):
        if "below" in test and not (isinstance(ent.value, int) and ent.value < test["below"]):
            continue
        if "at_least" in test and not (
            isinstance(ent.value, int) and ent.value >= test["at_least"]
        ):
            continue
        if "obfuscated" in test and bool(ent.extra.get("obfuscated")) != test["obfuscated"]:
            continue
        minutes = ent.extra.get("minutes")
        if "has_minutes" in test and bool(minutes) != test["has_minutes"]:
            continue
        if "max_hourly" in test:
            amount = ent.extra.get("amount")
            # Overnight rates are not hourly rates: "$600 overnight" is not $50 an hour.
            if not (minutes and amount and minutes <= MAX_HOURLY_MINUTES):
                continue
            if amount * 60 / minutes > test["max_hourly"]:
                continue
        out.append(ent)
    return out
