"""Normalised text for name matching, with a map back to the original offsets.

Both customer names and notice text go through ``tokens``: Unicode words, casefolded,
accents stripped, dotted abbreviations joined ("S.A." -> "sa", "L.L.C." -> "llc"), and
the long forms of legal suffixes written short ("Corporation" -> "corp"). The normalised
text is the tokens joined by single spaces with a space at each end, so a pattern
" acme travel " can only match whole words: "Acme" never matches inside "Acmeville".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Letters with dots ("S.A.", "U.S.") are one token; otherwise runs of letters and digits.
# The underscore is a separator, as in URLs and handles.
_TOKEN = re.compile(r"(?:[^\W_]\.){2,}|[^\W_]+")

LEGAL_SUFFIXES: frozenset[str] = frozenset(
    "inc ltd llc llp lp corp co gmbh sa sas sarl srl bv nv ag plc pty pvt kk kg oy oyj "
    "ab sl se pte bhd lda aps".split()
)
"""Legal-form words, in their short spelling, dropped from the end of customer names.

"S.p.A." is left out on purpose: folded it is "spa", and "Kingsport Spa" is a name.
"""

# Long spellings of legal forms folded to the short one in names and text alike, so that
# "Acme Corporation" in an article matches the book's "Acme Corp.".
_LONG_FORMS: dict[str, str] = {
    "incorporated": "inc",
    "limited": "ltd",
    "corporation": "corp",
    "gesellschaft": "gmbh",
    "sociedad": "sa",
    "company": "co",
}


# Sized for a book of 100,000 customers (about 150,000 distinct words): a smaller cache
# thrashed while the customer index was built, and every word was folded afresh.
@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """One word casefolded, accents and dots removed, legal long forms shortened."""
    text = word.casefold().replace(".", "")
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return _LONG_FORMS.get(text, text)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text's normalised form and, per token, where it sits in both texts."""

    text: str
    """" tok1 tok2 ... " with one space between tokens and at both ends."""
    starts: tuple[int, ...]
    """Offset of each token in ``text`` (the normalised string)."""
    spans: tuple[tuple[int, int], ...]
    """Each token's (start, end) in the original text."""
    words: tuple[str, ...]
    """Each token as normalised."""

    def token_at(self, offset: int) -> int:
        """Index of the token that starts at or before ``offset`` in ``text``."""
        return bisect_right(self.starts, offset) - 1

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of the normalised stretch ``[start, end)``."""
        first = self.token_at(start)
        last = self.token_at(end - 1)
        return self.spans[first][0], self.spans[last][1]


def normalise(text: str) -> Normalised:
    """The normalised form of ``text`` with the offset maps."""
    words: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    pos = 1
    for match in _TOKEN.finditer(text):
        word = fold(match.group())
        if not word:
            continue
        words.append(word)
        starts.append(pos)
        spans.append(match.span())
        pos += len(word) + 1
    joined = " " + " ".join(words) + " " if words else " "
    return Normalised(joined, tuple(starts), tuple(spans), tuple(words))


def name_words(name: str) -> tuple[str, ...]:
    """A name's normalised words with trailing legal suffixes dropped ("Acme Ltd" -> acme)."""
    words = [w for w in map(fold, _TOKEN.findall(name)) if w]
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    # "The Acme Company" is written "Acme" as often as not.
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return tuple(words)


def full_words(name: str) -> tuple[str, ...]:
    """A name's normalised words, legal suffix kept ("Global Corp." -> global corp)."""
    return tuple(w for w in map(fold, _TOKEN.findall(name)) if w)
