"""Stated ages: "19 yo", "age: 21", "sixteen years young", "just turned 17".

Only a number tied to an age cue counts, so "18+" disclaimers, hours, heights, weights
and bra sizes never read as ages. The cue is found first and the number read beside
it: matching the hundreds of number words at every position cost ten times more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

from onnotice.extract.numbers import WORD_PATTERN, number_value
from onnotice.model import Entity
from onnotice.records import entity

if TYPE_CHECKING:
    from onnotice.extract.lexicon import Hits

# A cue after the number: 19 yo, 19y/o, 19 yrs old, sixteen years young.
# Both cue patterns start with a plain letter so the regex engine can skip ahead in C.
_AFTER: Final = re.compile(
    r"[yY](?:\s?/\s?[oO]|\.[oO]\.?|[oO]|(?i:rs?\.?(?:\s+(?:old|young))?|ears?[\s-](?:old|young)"
    r"|ear-old))(?![a-zA-Z])"
)
# "16 yrs" alone is an age in an ad, but not in "10 yrs experience" or "5 yrs warranty".
_NOT_AGE_AFTER: Final = re.compile(
    r"\s*(?:of\b|in\b|exp|experience|warranty|ago|service|old\s+(?:car|house|home|building))",
    re.IGNORECASE,
)
# A cue before the number: age: 21, aged 30, just turned 17, i'm only 16.
_BEFORE: Final = re.compile(r"[aAjJiI](?i:ged?\s*[:=\-]?\s*|ust\s+turned\s+|'?m\s+only\s+)")
_NUM_AT: Final = re.compile(rf"(?:\d{{1,2}}|{WORD_PATTERN})(?![\w'\"]|\.\d)", re.IGNORECASE)
_TAIL: Final = re.compile(
    r"(?:(?<![\w$.,'])\d{1,2}|\b[a-z]+(?:[\s-][a-z]+)?)[\s-]?$", re.IGNORECASE
)
_MIN_AGE: Final = 10
_MAX_AGE: Final = 99


def _number_before(text: str, end: int) -> tuple[int, int] | None:
    """The age value and its start for a number ending just before ``end``."""
    window_start = max(0, end - 24)
    m = _TAIL.search(text, window_start, end)
    if m is None:
        return None
    words = m.group().rstrip(" -")
    value = number_value(words)
    start = m.start()
    if value is None and " " in words.strip() or value is None and "-" in words:
        last = re.split(r"[\s-]", words)[-1]
        value = number_value(last)
        start = m.start() + words.rindex(last)
    return (value, start) if value is not None else None


def extract_ages(text: str, hits: Hits | None = None) -> tuple[Entity, ...]:
    """Ages stated in ``text``, with the span of number and cue.

    Given the lexicon's ``hits``, the cue patterns are tried only where it found one
    may start (``age_cue_patterns``); the same matches, without two regex passes.
    """
    if hits is not None and not hits.byte_unsafe:
        after: Iterable[re.Match[str]] = _matches_at(_AFTER, text, hits.age_after)
        before: Iterable[re.Match[str]] = _matches_at(_BEFORE, text, hits.age_before)
    else:
        after, before = _AFTER.finditer(text), _BEFORE.finditer(text)
    found: dict[int, tuple[int, int]] = {}
    for m in after:
        if m.start() and text[m.start() - 1].isalpha():
            continue
        if m.group()[-1] in "sSrR." and _NOT_AGE_AFTER.match(text, m.end()):
            continue
        hit = _number_before(text, m.start())
        if hit is not None:
            found[hit[1]] = (m.end(), hit[0])
    for m in before:
        if m.start() and text[m.start() - 1].isalnum():
            continue
        n = _NUM_AT.match(text, m.end())
        if n is not None and (value := number_value(n.group())) is not None:
            found[m.start()] = (n.end(), value)
    out = []
    for start, (end, value) in sorted(found.items()):
        if _MIN_AGE <= value <= _MAX_AGE:
            out.append(entity("ages", value, start, end, text[start:end], {}))
    return tuple(out)


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, trying only at ``starts``.

    ``starts`` must hold every position a match can start at; matches that would
    overlap an earlier one are skipped, as ``finditer`` does (no pattern here matches
    the empty string).
    """
    last = 0
    for pos in sorted(set(starts)):
        if pos < last:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            last = m.end()
            yield m


def age_cue_patterns() -> list[tuple[bytes, int]]:
    """Hyperscan patterns for where ``_AFTER`` and ``_BEFORE`` may match, case ignored.

    Each is ``(pattern, back)``: with ``back`` 0 the cue starts where the match starts
    (leftmost start: ``_AFTER``'s "y"); otherwise ``back`` characters before the match
    ends (``_BEFORE``'s cue, after a character that is not an ASCII letter or digit,
    which the reader requires, or the start of the text). Together they find a superset
    of the starts of both patterns' matches, with ASCII's spaces and case; which is why
    texts with a ``prices.BYTE_UNSAFE`` character are read by the regexes alone.
    """
    ws = rb"[\t\n\x0b\x0c\r ]"
    # "yo" not before a letter: what follows is read whole (an ASCII non-letter or one
    # UTF-8 character), so that no match ends inside a character.
    other = rb"[\x00-\x40\x5b-\x60\x7b-\x7f]|[\xc0-\xdf][\x80-\xbf]"
    other += rb"|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3}"
    out = [(rb"y(?:" + ws + rb"?/|\.o|o(?:" + other + rb"|$)|r|ear)", 0)]
    for cue in ("age", "just", "i'm", "im"):
        out.append((rb"(?:^|[^a-z0-9])" + re.escape(cue).encode(), len(cue)))
    return out
