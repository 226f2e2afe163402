"""Prices, with the session length they buy where the ad gives one.

Ad shorthand: qv (quick visit) = 15 minutes, hh / half hour = 30, h / hr / hour = 60,
overnight = 720; money often goes by code words (roses, donations, gifts). A bare number
is not a price: it needs a currency, a money word or a duration beside it.

The reader anchors on the amount (a pattern that starts with a digit lets the regex
engine skip everything else in C) and reads the words on either side of it: one regex
with the duration words up front cost ~60 us per ad, this ~10 us.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from onnotice.model import Entity
from onnotice.records import entity

if TYPE_CHECKING:
    from onnotice.extract.lexicon import Hits

_DURATIONS: tuple[tuple[str, int], ...] = (
    (r"q\.?v\.?|quick\s?visit|quickie", 15),
    (r"h\.?h\.?r?|half\s?(?:an\s)?(?:hour|hr)|30\s?min(?:ute)?s?", 30),
    (r"(?:2|two)\s?(?:hours|hrs)", 120),
    (r"(?:full\s|one\s|1\s?)?(?:hour|hr)|f\.?h\.?|60\s?min(?:ute)?s?|h", 60),
    (r"overnight|ovn|all\s?night", 720),
)
_DUR = "|".join(f"(?P<d{i}>{pat})" for i, (pat, _) in enumerate(_DURATIONS))
_WORD = r"\s?(?P<word>usd|dollars?|bucks|roses?|donations?|gifts?|🌹)"
_JOIN = r"\s?(?:/|per|an?|for(?:\san?)?|-|:|=|@)?\s?"
_NUMBER: Final = re.compile(r"[0-9][0-9,.]*")
_AMOUNT: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{2,5}(?:\.[0-9]{2})?")
_AFTER: Final = re.compile(rf"(?:{_WORD})?(?:{_JOIN}(?:{_DUR})(?![a-z]))?", re.IGNORECASE)
_CURRENCY_BEFORE: Final = re.compile(r"(?:[$€£]|usd)\s?$", re.IGNORECASE)
_DUR_BEFORE: Final = re.compile(rf"(?<![a-z])(?:{_DUR})\s?[:=\-]?\s?(?:[$€£]\s?)?$", re.IGNORECASE)
_CURRENCY: Final = {"$": "USD", "€": "EUR", "£": "GBP"}
_CODE_WORDS: Final = ("rose", "donation", "gift", "🌹")
_NOT_BEFORE: Final = frozenset("0123456789.,")
_CURRENCY_END: Final = frozenset("$€£dD")
# Duration words may touch the amount: "hh150", "qv80".
_LETTER_OK: Final = frozenset("hHvV")


# The last word of every duration pattern; a cheap test before the full one.
_DUR_LAST: Final = frozenset(
    "qv q.v q.v. visit quickie hh h.h h.h. hhr hour hr h fh f.h f.h. min mins minute minutes"
    " overnight ovn night hours hrs".split()
)


def _duration_before(text: str, start: int) -> bool:
    # Every duration word ends in one of a few characters: test the last one first, found
    # as below (strip the joiners, then the spaces that splitting would ignore).
    i, floor = start - 1, max(0, start - 24)
    while i >= floor and text[i] in " :=-$€£":
        i -= 1
    while i >= floor and text[i].isspace():
        i -= 1
    if i < floor or text[i].lower() not in _DUR_END:
        return False
    pre = text[max(0, start - 24) : start].rstrip(" :=-$€£")
    return bool(pre) and pre.rsplit(None, 1)[-1].lower().lstrip("0123456789") in _DUR_LAST


_DUR_END: Final = frozenset(word[-1] for word in _DUR_LAST)
_DIGITS: Final = frozenset("0123456789")


def _number_start(text: str, i: int) -> int:
    """Where the number that ``_NUMBER`` reads around position ``i`` starts.

    A cue may report any digit of a number (the one before a money word, say): walking
    back over its digits, commas and dots and then on to its first digit gives the start
    ``_NUMBER.finditer`` gives it, so the cued starts stay a subset of every number's.
    """
    while i > 0 and text[i - 1] in _NOT_BEFORE:
        i -= 1
    while text[i] not in _DIGITS:
        i += 1
    return i


_MINUTES: Final = {f"d{i}": minutes for i, (_, minutes) in enumerate(_DURATIONS)}


def extract_prices(text: str, hits: Hits | None = None) -> tuple[Entity, ...]:
    """Prices in ``text``: amount, currency, minutes bought, and any money code word.

    Given the lexicon's ``hits``, only the numbers it found a cue beside are read (the
    same prices, see ``price_cue_patterns``); without them, every number.
    """
    if hits is not None and not hits.byte_unsafe:
        starts: Iterable[int] = sorted({_number_start(text, i) for i in hits.price_starts})
    else:
        starts = [n.start() for n in _NUMBER.finditer(text)]
    out = []
    size = len(text)
    for start in starts:
        prev = text[start - 1] if start else " "
        if prev in _NOT_BEFORE or prev.isalpha() and prev not in _LETTER_OK:
            continue
        # The amount pattern reads only digits, commas and dots, so matching it in place
        # reads the same characters as matching the number alone, without a copy.
        m = _AMOUNT.match(text, start)
        if m is None:
            continue
        end = m.end()
        if end < size and (
            text[end].isdigit() or text[end] == "," and text[end + 1 : end + 2].isdigit()
        ):
            continue
        # Most numbers (phone groups, years, ages) have nothing after them that a money
        # word or a duration could start with; the full pattern runs only where one could.
        head = text[end : end + 3].lstrip()[:1]
        may_follow = head and (head.lower() in _AFTER_FIRST or not head.isascii())
        after = _AFTER.match(text, end) if may_follow else None
        word = after.group("word") or "" if after else ""
        minutes = _MINUTES.get(after.lastgroup or "") if after else None
        # A currency sign or "usd" ends at most two spaces before the amount.
        near = text[max(0, start - 3) : start]
        cur = (
            None
            if _CURRENCY_END.isdisjoint(near)
            else _CURRENCY_BEFORE.search(text, max(0, start - 5), start)
        )
        dur_before = minutes is None and not word and _duration_before(text, start)
        if not (cur or word or minutes or dur_before):
            continue
        amount = float(m.group().replace(",", ""))
        if dur_before:
            pre = _DUR_BEFORE.search(text, max(0, start - 24), start)
            if pre is not None and (cur or 20 <= amount <= 2000):
                minutes, start = _MINUTES.get(pre.lastgroup or ""), pre.start()
        if cur is not None:
            start = min(start, cur.start())
        elif not (word or minutes):
            continue
        symbol = cur.group().strip().lower() if cur else ""
        low = word.lower()
        code = next((c for c in _CODE_WORDS if c in low), None) if word else None
        span_end = after.end() if after and (word or minutes and after.end() > end) else end
        span = text[start:span_end].rstrip()
        value = int(amount) if amount.is_integer() else amount
        extra = {
            "amount": value,
            "currency": _CURRENCY.get(symbol, "USD"),
            "minutes": minutes,
            "code_word": code,
        }
        out.append(entity("prices", value, start, start + len(span), span, extra))
    return tuple(out)


# Every character (lower-cased) that a money word, a joiner or a duration after an amount
# can start with, once at most two spaces are skipped; anything else not ASCII may be an
# emoji (the rose) or a letter that case-folds to one of these, so it is let through.
_AFTER_FIRST: Final = frozenset("udbrg/pfa-:=@qhto0123456789")


# Characters that Python's regexes and ``str`` methods treat as spaces or as ASCII
# letters ignoring case, but a byte-level Hyperscan pattern does not: every code point
# for which ``str.isspace()`` holds beyond ASCII's, and those that ``[a-z]`` matches
# under IGNORECASE beyond ASCII's (both found by trying every code point; a test does it
# again); and lone surrogates, which Python's regexes see as one character and the
# byte-level pass as three bytes of no character class. A text holding one is read by
# the readers' own regexes, without the cues.
BYTE_UNSAFE: Final = re.compile(
    "[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0130\u0131\u017f\u212a"
    # Lone surrogates, built with chr(): mypyc refuses them in string literals.
    + chr(0xD800)
    + "-"
    + chr(0xDFFF)
    + "]"
)
# The same characters as UTF-8 bytes (lone surrogates as "surrogatepass" writes them), for
# the lexicon's pass to flag them in the text it reads anyway (``Hits.byte_unsafe``); each
# starts with a byte that only ever starts a character, so no match straddles two.
BYTE_UNSAFE_UTF8: Final = (
    rb"[\x1c-\x1f]|\xc2[\x85\xa0]|\xc4[\xb0\xb1]|\xc5\xbf|\xe1\x9a\x80"
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe2\x84\xaa|\xe3\x80\x80|\xed[\xa0-\xbf][\x80-\xbf]"
)


def price_cue_patterns() -> list[tuple[bytes, bool]]:
    """Hyperscan patterns that find every number a price may start at.

    Each is ``(pattern, at_start)``: with ``at_start`` the match starts at a digit of the
    number (leftmost start: the last digit, just before the cue), otherwise the match's
    last byte is the number's first digit; ``_number_start`` finds the number's start
    from either. Together they
    find a superset of the numbers ``extract_prices`` keeps: a currency before it (what
    ``_CURRENCY_BEFORE`` matches: a sign or "usd", a space, a line break before the
    end); a duration word's last two characters before it, past up to three joiners or
    spaces, or a run of four or more of those (``_duration_before``'s token, loosened);
    or a money word or a duration after the run of digits (what gives ``_AFTER`` a
    word or minutes; ``(?![a-z])`` dropped). Spaces and case are ASCII's here, which
    is why texts with an ``BYTE_UNSAFE`` character are read without the cues.
    """
    ws = rb"[\t\n\x0b\x0c\r ]"
    signs = "|".join(re.escape(c) for c in "$€£").encode()
    skip = rb"(?:[\t\n\x0b\x0c\r :=\-]|" + signs + rb")"
    tails = sorted({w[-2:] for w in _DUR_LAST if len(w) > 1})
    ends = "|".join(re.escape(t) for t in tails).encode()
    singles = "|".join(re.escape(w) for w in _DUR_LAST if len(w) == 1).encode()
    before = rb"(?:" + ends + rb"|(?:^|[\t\n\x0b\x0c\r 0-9])(?:" + singles + rb"))"

    def spaced(pattern: str) -> bytes:
        return pattern.replace(r"\s", ws.decode()).encode()

    # A cue after the number starts at its last digit: with the whole number in front
    # ("[0-9][0-9,.]*"), tracking the leftmost start through the repeat cost Hyperscan
    # about half of the whole pass over every pack (measured: 12.6 us an ad, 6.5 without).
    return [
        (rb"(?:" + signs + rb"|usd)" + ws + rb"?\n?[0-9]", False),
        (before + skip + rb"{0,3}[0-9]", False),
        (skip + rb"{4}[0-9]", False),
        (rb"[0-9]" + spaced(_WORD.replace("(?P<word>", "(?:")), True),
        (rb"[0-9]" + spaced(_JOIN) + rb"(?:" + spaced(_DUR_PLAIN) + rb")", True),
    ]


_DUR_PLAIN = "|".join(f"(?:{pat})" for pat, _ in _DURATIONS)
