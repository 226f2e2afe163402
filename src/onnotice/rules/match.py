"""A rule set: the packs in force, compiled once into one Hyperscan database.

Every phrase, pattern and exception of every pack goes into a single block-mode
database so that a listing is read once, whatever the number of indicators (the
measured reason: Hyperscan literals ran ~175,000 listings/s against ~4,200/s for
thirty regexes run one by one). The compiled database is not picklable, so it is
built lazily in each process and dropped from the pickled state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import hyperscan

from onnotice.errors import RulePackError
from onnotice.extract.lexicon import Hits, char_offsets, hits_from, lexicon_patterns
from onnotice.model import Entities, Entity, Signal, Span
from onnotice.records import signal, span
from onnotice.rules.dbcache import compile_database
from onnotice.rules.schema import Indicator, Pack, Scoring

_FLAGS: Final = (
    hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_DOTALL
)
_VS16: Final = "\ufe0f"
# The longest session an hourly-rate test looks at; longer ones are priced differently.
MAX_HOURLY_MINUTES: Final = 120


def phrase_regex(phrase: str) -> str:
    """A Hyperscan regex for a literal phrase: whole words, any run of spaces between."""
    words = phrase.replace(_VS16, "").split()
    body = r"\s+".join(re.escape(w) for w in words)
    if re.match(r"\w", words[0], re.ASCII):
        body = r"\b" + body
    if re.search(r"\w$", words[-1], re.ASCII):
        body += r"\b"
    return body


@dataclass(frozen=True, slots=True)
class _Entry:
    indicator: int
    exception: bool


class RuleSet:
    """The indicators in force and the scoring they share, independent of pack order."""

    def __init__(self, packs: Iterable[Pack]) -> None:
        self.packs: tuple[Pack, ...] = tuple(sorted(packs, key=lambda p: p.name))
        names = [p.name for p in self.packs]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise RulePackError(f"pack {dupes[0]} is loaded twice", field="pack")
        indicators = [ind for pack in self.packs for ind in pack.indicators]
        owners: dict[str, str] = {}
        for ind in indicators:
            if ind.id in owners:
                raise RulePackError(
                    f"indicator {ind.id} is defined by both {owners[ind.id]} and {ind.pack}",
                    field="id",
                )
            owners[ind.id] = ind.pack
        self.indicators: tuple[Indicator, ...] = tuple(sorted(indicators, key=lambda i: i.id))
        scorings = {p.scoring for p in self.packs if p.scoring is not None}
        if len(scorings) > 1:
            raise RulePackError("packs disagree on 'scoring': only one may set it", field="scoring")
        self.scoring: Scoring = scorings.pop() if scorings else Scoring()
        self._entries: list[_Entry] = []
        self._lexicon = 0
        self._db: Any = None
        self._tests: list[tuple[int, str, Mapping[str, Any]]] | None = None

    def __reduce__(self) -> tuple[type[RuleSet], tuple[tuple[Pack, ...]]]:
        # Pickled as its packs: the compiled database is rebuilt (or loaded from the
        # cache) in the process that unpickles it.
        return RuleSet, (self.packs,)

    def indicator(self, ident: str) -> Indicator:
        """The indicator with this id; ``RulePackError`` if none."""
        for ind in self.indicators:
            if ind.id == ident:
                return ind
        raise RulePackError(f"no indicator {ident!r} in the loaded packs", field="id")

    def _database(self) -> Any:
        # One database for the lexicon's patterns and the packs': a listing is read once
        # (``scan``). Pattern ids below ``_lexicon`` are the lexicon's.
        if self._db is not None:
            return self._db
        expressions, flags, _ = lexicon_patterns()
        expressions, flags = list(expressions), list(flags)
        entries: list[_Entry] = []
        for i, ind in enumerate(self.indicators):
            for phrase in ind.phrases:
                expressions.append(phrase_regex(phrase).encode())
                entries.append(_Entry(i, False))
            for pattern in ind.patterns:
                expressions.append(pattern.encode())
                entries.append(_Entry(i, False))
            for phrase in ind.exceptions:
                expressions.append(phrase_regex(phrase).encode())
                entries.append(_Entry(i, True))
        flags.extend([_FLAGS] * len(entries))
        try:
            db = compile_database(expressions, flags)
        except hyperscan.error as exc:
            lexicon = len(expressions) - len(entries)
            bad = self._first_bad(expressions[lexicon:], entries)
            raise RulePackError(f"{bad}: {exc}", field="patterns") from exc
        self._entries = entries
        self._lexicon = len(expressions) - len(entries)
        self._db = db
        return self._db

    def _first_bad(self, expressions: list[bytes], entries: list[_Entry]) -> str:
        for expr, entry in zip(expressions, entries, strict=True):
            try:
                hyperscan.Database().compile(expressions=[expr], flags=[_FLAGS])
            except hyperscan.error:
                return f"indicator {self.indicators[entry.indicator].id} pattern {expr.decode()!r}"
        return "a pattern"

    def match_text(self, text: str) -> dict[int, list[Span]]:
        """Indicator index -> the spans of ``text`` its phrases and patterns matched."""
        return self.scan(text)[1]

    def scan(self, text: str) -> tuple[Hits, dict[int, list[Span]]]:
        """One pass over ``text``: the lexicon's hits and ``match_text``'s spans."""
        db = self._database()
        if not text:
            return hits_from([]), {}
        data = text.encode("utf-8", "surrogatepass")
        raw: list[tuple[int, int, int]] = []
        db.scan(data, match_event_handler=_collect, context=raw)
        if not raw:
            return hits_from([]), {}
        if len(data) != len(text):
            pos = char_offsets(text, data, {o for _, s, e in raw for o in (s, e)})
            raw = [(i, pos[s], pos[e]) for i, s, e in raw]
        lexicon = self._lexicon
        words: list[tuple[int, int, int]] = []
        hits: dict[int, list[tuple[int, int]]] = {}
        exceptions: dict[int, list[tuple[int, int]]] = {}
        entries = self._entries
        for ident, start, end in raw:
            if ident < lexicon:
                words.append((ident, start, end))
                continue
            entry = entries[ident - lexicon]
            (exceptions if entry.exception else hits).setdefault(entry.indicator, []).append(
                (start, end)
            )
        out: dict[int, list[Span]] = {}
        for ind, spans in hits.items():
            excepted = exceptions.get(ind, ())
            if len(spans) == 1 and not excepted:
                # Most indicators match once: nothing to deduplicate, nest or except.
                s, e = spans[0]
                if e > s:
                    out[ind] = [span(s, e, text[s:e])]
                continue
            kept = sorted(
                {
                    (s, e)
                    for s, e in spans
                    if e > s and not any(xs <= s and e <= xe for xs, xe in excepted)
                }
            )
            if kept:
                out[ind] = [span(s, e, text[s:e]) for s, e in _outermost(kept)]
        return hits_from(words), out

    def signals(
        self, text: str, entities: Entities, found: dict[int, list[Span]] | None = None
    ) -> tuple[Signal, ...]:
        """Every indicator that fires on ``text`` and its ``entities``, sorted by id.

        ``found`` is ``match_text(text)`` when the caller has it already (``scan``);
        it is extended in place.
        """
        if found is None:
            found = self.match_text(text)
        for i, kind, test in self._entity_tests():
            # Most listings have no entity of most kinds: nothing to test.
            of_kind = getattr(entities, kind)
            hit = _entity_hits(test, of_kind) if of_kind else None
            if hit:
                found.setdefault(i, []).extend(span(e.start, e.end, e.text) for e in hit)
        indicators = self.indicators
        out = []
        for i, spans in sorted(found.items()):
            ind = indicators[i]
            if len(spans) == 1:
                evidence: tuple[Span, ...] = (spans[0],)
            else:
                # Equal spans once each, keyed by their fields: a Span's own hash is
                # Python code (the dataclass's), a tuple's is not.
                unique = {(s.start, s.end, s.text): s for s in spans}
                evidence = tuple(unique[key] for key in sorted(unique))
            out.append(signal(ind.id, ind.category, ind.weight, ind.pack, evidence))
        return tuple(out)

    def _entity_tests(self) -> list[tuple[int, str, Mapping[str, Any]]]:
        # Only a few indicators test entities; finding them once saves a pass over all.
        if self._tests is None:
            self._tests = [
                (i, ind.entity["kind"], ind.entity)
                for i, ind in enumerate(self.indicators)
                if ind.entity
            ]
        return self._tests


def _collect(
    ident: int, start: int, end: int, _flags: int, raw: list[tuple[int, int, int]]
) -> None:
    raw.append((ident, start, end))


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans nested inside another span of the same indicator."""
    kept: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
        if kept and kept[-1][0] <= s and e <= kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def _entity_hits(test: Mapping[str, Any], of_kind: tuple[Entity, ...]) -> list[Entity]:
    out = []
    for ent in of_kind:
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
