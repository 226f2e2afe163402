"""Splitting a notice into sentences with their offsets, using pysbd's rule-based segmenter.

pysbd (the Golden Rules segmenter) knows abbreviations such as "Inc.", "U.S." and "Aug. 3"
that a naive split on full stops gets wrong, and company names are full of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it sits in the notice text, and that text (line breaks kept)."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text`` in order; ``text[s.start:s.end] == s.text`` for each."""
    found: list[Sentence] = []
    # pysbd ends a sentence at every line break, but notices wrap lines mid-sentence;
    # a space in place of each single break keeps every offset where it was.
    flat = text.replace("\n", " ")
    pos = 0
    # Paragraphs never share a sentence; splitting on blank lines first also keeps each
    # call to the segmenter short.
    for paragraph in text.split("\n\n"):
        base = text.find(paragraph, pos) if paragraph else pos
        cursor = base
        pieces = (
            _segmenter().segment(flat[base : base + len(paragraph)]) if paragraph.strip() else []
        )
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            at = flat.find(stripped, cursor)
            if at < 0:  # the segmenter changed the text: keep what we can place
                continue
            found.append(Sentence(at, at + len(stripped), text[at : at + len(stripped)]))
            cursor = at + len(stripped)
        pos = max(cursor, base + len(paragraph))
    return tuple(found)
