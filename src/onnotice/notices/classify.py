"""Sentence categories: which adverse categories a sentence states, and which it negates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from onnotice.notices.pack import NoticePack

# A clause ends at these marks; a negation before one does not reach past it
# ("Acme, which has not been charged, was sued" is still a lawsuit).
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Trigger:
    """Where a category fired in a sentence (offsets into the sentence)."""

    category: str
    start: int
    end: int


def is_negated(sentence: str, start: int, pack: NoticePack) -> bool:
    """Whether a negation cue stands among the few words before ``start`` in its clause."""
    before = sentence[:start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(before)]
    if cuts:
        before = before[cuts[-1] :]
    words = _WORD.findall(before)[-pack.negation_window :]
    return bool(words) and pack.negation.search(" ".join(words)) is not None


def sentence_triggers(sentence: str, pack: NoticePack) -> tuple[Trigger, ...]:
    """Every category trigger in ``sentence`` that no exception covers and no cue negates."""
    found: list[Trigger] = []
    for category in pack.categories:
        covered: list[tuple[int, int]] = []
        if category.exception is not None:
            covered = [m.span() for m in category.exception.finditer(sentence)]
        for match in category.trigger.finditer(sentence):
            start, end = match.span()
            if any(a <= start and end <= b for a, b in covered):
                continue
            if is_negated(sentence, start, pack):
                continue
            found.append(Trigger(category.name, start, end))
    return tuple(sorted(found, key=lambda t: (t.start, t.category)))


def sentence_categories(sentence: str, pack: NoticePack) -> tuple[str, ...]:
    """The categories ``sentence`` states, in the pack's order, each once."""
    fired = {t.category for t in sentence_triggers(sentence, pack)}
    return tuple(c.name for c in pack.categories if c.name in fired)


def check_notice_examples(pack: NoticePack) -> list[str]:
    """Every example of the pack that does not behave as it says, as one line each."""
    failures: list[str] = []
    for category in pack.categories:
        for text in category.positive:
            if category.name not in sentence_categories(text, pack):
                failures.append(f"{category.name}: positive example not matched: {text!r}")
        for text in category.negative:
            if category.name in sentence_categories(text, pack):
                failures.append(f"{category.name}: negative example matched: {text!r}")
    return failures
