"""Splitting a notice into sentences with their offsets.

A rule-based splitter made for news text about companies: a sentence ends at ".", "!"
or "?" (with any closing quotes or brackets) before whitespace and a capital or digit,
unless the word before is an abbreviation that does not end sentences ("Mr.", "Aug.",
"No. 5", an initial "J."). Abbreviations that often end one too ("Inc.", "Ltd.", "U.S.")
end it only before a word that starts sentences ("The", "It", ...). Paragraphs (blank
lines) always end a sentence; single line breaks do not, since notices wrap lines.

pysbd (the Golden Rules segmenter) was used first and gave the same sentences on the
test articles, but took 85% of the time of ``analyse`` (9 ms of 11 ms for a 260-word
notice, compiling regular expressions on every call): see docs/notices.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Never the end of a sentence: titles before a name, and a few Latin abbreviations.
_NEVER = frozenset(
    "mr mrs ms dr prof sr st gen gov sen rep lt col sgt capt hon rev messrs vs v cf "
    "e.g i.e approx".split()
)
# Not the end before a number ("Aug. 3", "No. 19-cv-1234"); otherwise as _MAYBE.
_BEFORE_NUMBER = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec no nos fig".split())
# The end of a sentence only before a word that usually starts one.
_MAYBE = frozenset("inc ltd corp co llc plc gmbh bros etc u.s u.k u.n a.m p.m s.a jr".split())
_STARTERS = frozenset(
    "the a an it its he she they their his her this that these those in on at after "
    "before but and when while prosecutors police officials authorities according".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]*\w)\.*$")
_NEXT_WORD = re.compile(r"\s+[\"'\u201c\u2018(\[]?(\w+)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it sits in the notice text, and that text (line breaks kept)."""

    start: int
    end: int
    text: str


def _ends_here(text: str, mark: re.Match[str]) -> bool:
    """Whether the boundary candidate ``mark`` really ends a sentence."""
    # "?", "!", an ellipsis, or a full stop inside closing quotes: always an end.
    if mark.group() != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, mark.start() - 24), mark.start() + 1)
    if before is None:
        return True
    word = before.group(1).casefold()
    if word in _NEVER or (len(word) == 1 and word.isalpha()):
        return False
    following = _NEXT_WORD.match(text, mark.end())
    if word in _BEFORE_NUMBER and following is not None and following.group(1)[0].isdigit():
        return False
    if word in _MAYBE or word in _BEFORE_NUMBER or re.fullmatch(r"(?:\w\.)+\w", word):
        return following is not None and following.group(1).casefold() in _STARTERS
    return True


def _split_block(text: str, start: int, end: int, found: list[Sentence]) -> None:
    """Append the sentences of ``text[start:end]`` (one paragraph)."""
    begin = start
    for mark in _BOUNDARY.finditer(text, start, end):
        if _ends_here(text, mark):
            _add(text, begin, mark.end(), found)
            begin = mark.end()
    _add(text, begin, end, found)


def _add(text: str, start: int, end: int, found: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        found.append(Sentence(start, end, text[start:end]))


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text`` in order; ``text[s.start:s.end] == s.text`` for each."""
    found: list[Sentence] = []
    start = 0
    for blank in re.finditer(r"\n[ \t]*\n\s*", text):
        _split_block(text, start, blank.start(), found)
        start = blank.end()
    _split_block(text, start, len(text), found)
    return tuple(found)
