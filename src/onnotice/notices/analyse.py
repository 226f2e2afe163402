"""Analysing one notice: which customers it concerns, what it says of each, and when.

A category reaches a customer only from sentences about that customer: sentences that
name it, and later sentences that refer back to it ("the site", "its CEO", "it") until
another company is named. Within a sentence, a trigger does not reach a customer across
another company's name. A company named in passing, in a list after a cue such as
"whose clients include", gets the sentence but no category: it is a mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from onnotice.model import Notice, NoticeEvent, NoticeMatch, Span
from onnotice.notices.classify import Trigger, sentence_triggers
from onnotice.notices.index import HOW_ORDER, CustomerIndex, Hit, shipped_pack
from onnotice.notices.normalise import LEGAL_SUFFIXES, normalise
from onnotice.notices.pack import MENTION, NoticePack
from onnotice.notices.sentences import Sentence, split_sentences
from onnotice.notices.when import find_dates, is_dateline

# Between the names of a list: commas, "and", "or", a legal suffix after a name.
_LIST_GLUE = re.compile(
    r"(?:[\s,;]|\b(?:and|or|as well as|plus|&)\b"
    r"|\b(?:inc|ltd|llc|llp|corp|co|gmbh|plc|s\.a)\b\.?)*",
    re.IGNORECASE,
)
_LEAD_WORDS = re.compile(r"(?:\s*(?:the|a|an|[a-z][\w-]*)\b){0,4}\s*")
# Two or more capitalised words in a row, possibly before a legal form: a proper name.
_PROPER_NAME = re.compile(r"\b[A-Z][\w&'-]*(?:,?\s+(?:&\s+)?[A-Z][\w&'-]*)+\.?")
_LEGAL_FORMS = frozenset(LEGAL_SUFFIXES | {"corporation", "limited", "incorporated", "company"})


@dataclass(slots=True)
class _Found:
    """What the analysis gathers for one customer."""

    hits: list[Hit] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    categories: set[str] = field(default_factory=set)


def _in_passing(sentence: Sentence, hits: list[Hit], pack: NoticePack) -> set[int]:
    """Indices of ``hits`` named in a list after a mention-only cue in ``sentence``."""
    passing: set[int] = set()
    # Customers sharing a name are hit at the same place: all of them are in the list.
    starts: dict[int, list[int]] = defaultdict(list)
    for i, hit in enumerate(hits):
        starts[hit.start - sentence.start].append(i)
    for cue in pack.mention_only.finditer(sentence.text):
        pos = cue.end()
        lead = _LEAD_WORDS.match(sentence.text, pos)
        # Up to four words may stand before the first name ("include the dating site X").
        if pos not in starts and lead is not None:
            for stop in range(pos, lead.end() + 1):
                if stop in starts:
                    pos = stop
                    break
        while True:
            glue = _LIST_GLUE.match(sentence.text, pos)
            at = glue.end() if glue is not None else pos
            if at not in starts:
                break
            passing.update(starts[at])
            pos = max(hits[i].end for i in starts[at]) - sentence.start
    return passing


def _other_companies(
    sentence: Sentence, hits: list[Hit], pack: NoticePack
) -> list[tuple[int, int]]:
    """Companies the sentence names that are not customers, as offsets in the sentence.

    A company is a proper name that ends in a legal form or a trade word of the pack's
    ``generic_words`` ("Cloudline Software", "Zendo Systems Inc."); a person or a place
    ("Jane Doe", "New York") is not one.
    """
    companies = []
    for match in _PROPER_NAME.finditer(sentence.text):
        start, end = match.start() + sentence.start, match.end() + sentence.start
        if any(h.start < end and start < h.end for h in hits):
            continue
        last = match.group().rstrip(".").split()[-1].casefold()
        if last in _LEGAL_FORMS or last in pack.matching.generic_words:
            companies.append(match.span())
    return companies


def _reaches(
    trigger: Trigger, places: list[tuple[int, int]], others: list[tuple[int, int]]
) -> bool:
    """Whether a trigger speaks of a customer named at ``places`` (offsets in the sentence).

    It does unless another company stands between them: in "a lawsuit accusing Cloudline
    Software of benefiting from trafficking on Pagedeck" the lawsuit is Cloudline's, the
    trafficking is on Pagedeck.
    """
    for start, end in places:
        low, high = (trigger.end, start) if start >= trigger.end else (end, trigger.start)
        if not any(low <= a and b <= high for a, b in others):
            return True
    return False


def _event_date(trigger: Trigger, dates: list[tuple[int, int, str]]) -> str:
    """The date in the sentence nearest to the trigger."""
    return min(dates, key=lambda d: min(abs(d[0] - trigger.end), abs(trigger.start - d[1])))[2]


def analyse(
    notice: Notice, index: CustomerIndex, pack: NoticePack | None = None
) -> tuple[tuple[NoticeMatch, ...], tuple[NoticeEvent, ...]]:
    """The customers ``notice`` concerns, with categories, and the dated events it reports."""
    pack = pack or shipped_pack()
    text = notice.text
    hits = list(index.find(text, normalise(text)))
    found: dict[str, _Found] = defaultdict(_Found)
    events: dict[tuple[str, str, str | None, str], None] = {}
    current: list[str] = []
    cursor = 0
    for sentence in split_sentences(text):
        inside: list[Hit] = []
        while cursor < len(hits) and hits[cursor].start < sentence.end:
            if hits[cursor].start >= sentence.start:
                inside.append(hits[cursor])
            cursor += 1
        passing = _in_passing(sentence, inside, pack) if inside else set()
        named = list(dict.fromkeys(h.customer for i, h in enumerate(inside) if i not in passing))
        aside = [h.customer for i, h in enumerate(inside) if i in passing]
        for hit in inside:
            found[hit.customer].hits.append(hit)
        others = _other_companies(sentence, inside, pack)
        if named:
            about, current = named, named
        elif aside or others:
            # Another company is the subject now: "it" no longer means the last customer.
            about, current = [], []
        elif current and pack.referents.search(sentence.text):
            about = current
        else:
            about = []
        for customer in dict.fromkeys(about + aside):
            found[customer].sentences.append(sentence.text)
        dates = [
            (d.start, d.end, d.value)
            for d in find_dates(sentence.text)
            if not is_dateline(sentence.text, d)
        ]
        if not about and not dates:
            continue
        places: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, hit in enumerate(inside):
            if i not in passing:
                places[hit.customer].append((hit.start - sentence.start, hit.end - sentence.start))
        for trigger in sentence_triggers(sentence.text, pack):
            # Named customers get a trigger unless another company stands between; a
            # customer referred back to ("the site") gets every trigger of the sentence.
            reached = [c for c in about if c not in places or _reaches(trigger, places[c], others)]
            for customer in reached:
                found[customer].categories.add(trigger.category)
            if dates:
                when = _event_date(trigger, dates)
                who: list[str | None] = list(reached) or [None]
                for subject in who:
                    events.setdefault((when, trigger.category, subject, sentence.text), None)
    order = [c.name for c in pack.categories]
    matches = []
    for name, got in sorted(found.items(), key=lambda kv: kv[1].hits[0].start):
        best = min(got.hits, key=lambda h: (HOW_ORDER[h.how], -h.similarity))
        matches.append(
            NoticeMatch(
                customer=name,
                categories=tuple(c for c in order if c in got.categories) or (MENTION,),
                sentences=tuple(dict.fromkeys(got.sentences)),
                evidence=tuple(Span(h.start, h.end, text[h.start : h.end]) for h in got.hits),
                how=best.how,
                similarity=best.similarity,
            )
        )
    return tuple(matches), tuple(
        NoticeEvent(date=d, category=c, customer=who, sentence=s) for d, c, who, s in events
    )
