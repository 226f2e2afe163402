"""``RuleSet.match_text`` and ``RuleSet.signals`` as they were at commit fae4e41."""

from __future__ import annotations

from functools import cache
from typing import Any

import hyperscan

from onnotice.extract.lexicon import char_offsets
from onnotice.model import Entities, Signal, Span
from onnotice.rules import RuleSet, phrase_regex
from onnotice.rules.match import _FLAGS, _entity_hits, _outermost


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
