"""Phone numbers, also when written to dodge filters.

Ads hide numbers as words ("four one five", "f0ur", "fiveFIVE"), letters for digits
(O for 0, I or l for 1), odd separators (bullets, ellipses, slashes, spaced digits),
full-width, circled and keycap digits. The text is read as tokens: a token whose every
character is a digit, or that spells only digits, is a digit group; groups joined by
nothing but separators form a run; windows of whole groups inside a run are tested with
``phonenumbers`` for a *possible* number (burner numbers are rarely carrier-valid).
An obscured number is itself a published predictor (Lugo-Graulich et al. 2024), so each
phone says whether it was written plainly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import phonenumbers
from phonenumbers import PhoneNumberFormat, ValidationResult

from onnotice.extract.lexicon import Hits, scan_lexicon
from onnotice.extract.numbers import DIGIT_WORDS, WEAK_DIGIT_WORDS
from onnotice.model import Entity
from onnotice.records import entity

_LETTER_DIGITS: Final = {"o": 0, "i": 1, "l": 1, "|": 1}
_WORDS: Final = DIGIT_WORDS
_LONGEST_WORD: Final = max(map(len, _WORDS))

_EXTRA_DIGITS: Final[dict[str, int]] = {}
for _base, _zero in ((0x2460, 1), (0x2776, 1), (0x2780, 1), (0x278A, 1), (0x24F5, 1)):
    for _k in range(9):
        _EXTRA_DIGITS[chr(_base + _k)] = _k + _zero
_EXTRA_DIGITS.update({"\u24ea": 0, "\u24ff": 0, "\U0001f10b": 0, "\U0001f10c": 0})

# Tokens: runs of letters/digits (incl. full-width and circled) or a lone '|'.
_TOKEN_SPLIT: Final = re.compile(r"([^\W_]+|\|)")
# What may stand between two digit groups of one number: any symbol, bullet or emoji,
# but not a line break, a currency sign, a percent, a quote (5'4", $150, 24%), a full
# stop of a sentence ("!", "?") or a phone emoji, which labels the number that follows.
_SEPARATOR: Final = re.compile(
    r"(?:[^\w\n\r$€£%'\"!?\u260e\u260f\U0001f4f1\U0001f4f2\U0001f4de]|_)*"
)
_PLAIN_SEP: Final = re.compile(r"^(?:\s?|-|\.|\s?-\s?|\)\s?|\(|\s?\()$")
_MAX_SEPARATOR: Final = 6
# Stretches of digits (ASCII, or of any script, full-width, circled) with at most
# _SEED_GAP other characters between one digit and the next. Matching one digit at a
# time ran about twice as fast in the regex engine as a run of digits at a time, and the
# ASCII pattern as fast again as the one with "\d" (a Unicode lookup per character), so
# that one is used wherever the text has no other digit (most texts, emojis or not).
_ASCII_CLUSTER: Final = re.compile(r"[0-9](?:[^0-9]{0,10}[0-9])*")
_ANY: Final = r"[\d\u2460-\u24ff\u2776-\u2793]"
_NOT_ANY: Final = "[^" + _ANY[1:]
_ANY_CLUSTER: Final = re.compile(_ANY + "(?:" + _NOT_ANY + "{0,10}" + _ANY + ")*")
_ANY_DIGIT: Final = re.compile(_ANY)
_ASCII_BYTES: Final = bytes(range(128))
# Seeds closer than this belong to one window; a window needs this many digit units.
_SEED_GAP: Final = 10
_MIN_UNITS: Final = 4


@lru_cache(maxsize=200_000)
def _token_digits(token: str) -> tuple[str, bool, bool] | None:
    """Digits spelled by one token, whether spelled unusually, and whether it has a real digit."""
    if token.isascii() and token.isdigit():
        return token, False, True
    if token.isdigit() or token.isnumeric():
        out = []
        for ch in token:
            d = _EXTRA_DIGITS.get(ch)
            if d is None:
                d = unicodedata.decimal(ch, -1)
            if d < 0:
                return None
            out.append(str(d))
        return "".join(out), True, True
    low = token.lower()
    if low in _WORDS:
        return str(_WORDS[low]), True, False
    read = _segment(low)
    return None if read is None else (read[0], True, read[1])


def _segment(low: str) -> tuple[str, bool] | None:
    """Read a token wholly as number words, digits and letters for digits ("fiv0Hf0ur").

    Each position takes the longest word that leaves a readable rest (read from the end
    backwards), so "FIVeight" is 5-8 and not "five" and a stray "ight"; None when no
    reading covers the whole token. The flag says whether a bare digit was used.
    """
    size = len(low)
    rest: list[tuple[str, bool] | None] = [None] * size + [("", False)]
    for i in range(size - 1, -1, -1):
        for width in range(min(_LONGEST_WORD, size - i), 1, -1):
            after = rest[i + width]
            if after is not None and low[i : i + width] in _WORDS:
                rest[i] = (str(_WORDS[low[i : i + width]]) + after[0], after[1])
                break
        else:
            after, ch = rest[i + 1], low[i]
            if after is not None and ch in "0123456789":
                rest[i] = (ch + after[0], True)
            elif after is not None and ch in _LETTER_DIGITS:
                rest[i] = (str(_LETTER_DIGITS[ch]) + after[0], after[1])
    return rest[0]


class _Group:
    __slots__ = ("digits", "start", "end", "odd", "real", "sep_before", "weak")

    def __init__(self, digits: str, start: int, end: int, odd: bool, real: bool, weak: bool):
        self.digits, self.start, self.end = digits, start, end
        self.odd, self.real, self.weak = odd, real, weak
        self.sep_before = ""


def _windows(text: str, hits: Hits) -> list[tuple[int, int]]:
    """Stretches of ``text`` dense enough in digits and number words to hold a phone."""
    clusters = _clusters(text)
    if not hits.number_words:
        return [(start, end) for start, end, units in clusters if units >= _MIN_UNITS]
    # Stretches of digits and number words no more than _SEED_GAP apart, joined: the same
    # windows as joining each run of digits and each word, since a stretch is its runs
    # joined by that rule already.
    seeds = clusters + [(s, e, 1) for s, e in hits.number_words]
    seeds.sort()
    windows: list[tuple[int, int]] = []
    lo, hi, units = seeds[0]
    for start, end, n in seeds[1:]:
        if start - hi <= _SEED_GAP:
            hi, units = max(hi, end), units + n
            continue
        if units >= _MIN_UNITS:
            windows.append((lo, hi))
        lo, hi, units = start, end, n
    if units >= _MIN_UNITS:
        windows.append((lo, hi))
    return windows


def _clusters(text: str) -> list[tuple[int, int, int]]:
    """Each stretch of digits no more than _SEED_GAP apart: its start, end and digit count."""
    out = []
    if text.isascii() or not _other_digits(text):
        for m in _ASCII_CLUSTER.finditer(text):
            start, end = m.span()
            units = 0
            for i in range(start, end):
                # ord(text[i]) compiles to reading the code point, no string made.
                if 48 <= ord(text[i]) <= 57:
                    units += 1
            out.append((start, end, units))
        return out
    for m in _ANY_CLUSTER.finditer(text):
        start, end = m.span()
        units = 0
        for ch in text[start:end]:
            # What _ANY matches: "\d" is Unicode's decimal digits, as str.isdecimal.
            if ch.isdecimal() or "\u2460" <= ch <= "\u24ff" or "\u2776" <= ch <= "\u2793":
                units += 1
        out.append((start, end, units))
    return out


def _other_digits(text: str) -> bool:
    """Whether ``text`` holds a digit _ANY matches that is not ASCII.

    Read from its characters beyond ASCII alone (usually a few emojis): dropping the ASCII
    bytes of UTF-8 leaves whole characters.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return _ANY_DIGIT.search(rest.decode("utf-8", "surrogatepass")) is not None


def _runs(text: str, lo: int, hi: int) -> list[list[_Group]]:
    """Runs of digit groups inside ``text[lo:hi]`` widened to whole tokens.

    The window is widened by a separator and a short token on each side first: letters
    for digits ("IooI") seed nothing, yet may end a number.
    """
    lo, hi = max(0, lo - _MAX_SEPARATOR - 4), min(len(text), hi + _MAX_SEPARATOR + 4)
    while lo > 0 and text[lo - 1].isalnum():
        lo -= 1
    while hi < len(text) and (text[hi].isalnum() or text[hi] in "\ufe0f\u20e3"):
        hi += 1
    # One split gives tokens and the gaps between them without a Match object per token
    # (the pattern has no look-around, so splitting the slice equals scanning in place);
    # groups are plain tuples until their run is known to hold enough digits.
    parts = _TOKEN_SPLIT.split(text[lo:hi])
    runs: list[list[_Group]] = []
    current: list[tuple[_TokenInfo, int, int, str]] = []
    count = 0
    pos = lo + len(parts[0])
    for k in range(1, len(parts), 2):
        token = parts[k]
        start = pos
        pos += len(token)
        end = pos
        pos += len(parts[k + 1])
        # Plain digit groups are most tokens and rarely repeat (phone numbers): read them
        # here rather than through the cache, where each would be a miss and an eviction.
        info = (token, False, True, False) if token.isdigit() and _ascii(token) else None
        if info is None:
            info = _token_info(token)
        if info is None:
            if count >= 7:
                runs.append(_groups(current))
            current, count = [], 0
            continue
        gap = parts[k - 1] if current else ""
        if current and not _joins(gap):
            if count >= 7:
                runs.append(_groups(current))
            current, count, gap = [], 0, ""
        current.append((info, start, end, gap))
        count += len(info[0])
    if count >= 7:
        runs.append(_groups(current))
    return [_trim_weak(r) for r in runs]


def _ascii(token: str) -> bool:
    # str.isascii is a method call from compiled code; ord(token[i]) reads the code point.
    return all(ord(token[i]) <= 127 for i in range(len(token)))


_TokenInfo = tuple[str, bool, bool, bool]


@lru_cache(maxsize=200_000)
def _token_info(token: str) -> _TokenInfo | None:
    """A token's digits, odd and real flags (see ``_token_digits``) and whether it is weak."""
    parsed = _token_digits(token)
    if parsed is None:
        return None
    digits, odd, real = parsed
    weak = not real and (token.lower() in WEAK_DIGIT_WORDS or token.lower() in _LETTER_DIGITS)
    return digits, odd, real, weak


@lru_cache(maxsize=4096)
def _joins(gap: str) -> bool:
    """Whether ``gap`` may stand between two digit groups of one number."""
    return len(gap) <= _MAX_SEPARATOR and _SEPARATOR.fullmatch(gap) is not None


def _groups(run: list[tuple[_TokenInfo, int, int, str]]) -> list[_Group]:
    out = []
    for (digits, odd, real, weak), start, end, gap in run:
        group = _Group(digits, start, end, odd, real, weak)
        group.sep_before = gap
        out.append(group)
    return out


def _trim_weak(run: list[_Group]) -> list[_Group]:
    """Everyday words and lone letters count as digits only between other digit groups."""
    while run and run[0].weak:
        run = run[1:]
    while run and run[-1].weak:
        run = run[:-1]
    return run


def _possible(digits: str, plus: bool, region: str) -> str | None:
    """The E.164 form if ``digits`` is a possible number, else None."""
    if region == "US" and not plus:
        # For the North American plan "possible" is a length and shape test; doing it here
        # instead of in phonenumbers.parse (20-60 us a call, and burner numbers rarely
        # repeat, so a cache does not help) gives the same answer much faster.
        if len(digits) == 11 and digits[0] == "1":
            digits = digits[1:]
        return "+1" + digits if _nanp_shape(digits) else None
    if plus and digits[0] == "1" and digits[1:2] in _NANP_FIRST:
        # "+1" and a national number that cannot begin with the trunk prefix: possible
        # exactly when ten digits follow (tested against phonenumbers); parsing cost
        # ~25 us a call and these numbers rarely repeat, so the cache seldom helped.
        return "+" + digits if len(digits) == 11 else None
    return _possible_elsewhere(digits, plus, region)


_NANP_FIRST: Final = frozenset("23456789")


@lru_cache(maxsize=65536)
def _possible_elsewhere(digits: str, plus: bool, region: str) -> str | None:
    try:
        num = phonenumbers.parse(("+" if plus else "") + digits, None if plus else region)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(num) != ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(num, PhoneNumberFormat.E164)


def _nanp_shape(national: str) -> bool:
    # North American area codes and exchanges never start with 0 or 1.
    return len(national) == 10 and national[0] not in "01" and national[3] not in "01"


def _bad_shape(groups: list[_Group]) -> bool:
    """Shapes that are dates, IP addresses, zip codes or measurements, not phones.

    Only for runs without an odd group (an obscured number is never one of these).
    """
    sizes = [len(g.digits) for g in groups]
    seps = {g.sep_before.strip() for g in groups[1:]}
    if len(groups) == 4 and seps == {"."} and all(s <= 3 for s in sizes):
        return True  # 192.168.10.100
    if 5 in sizes and sizes != [1, 3, 3, 5]:
        return True  # zip codes and 5-digit prices: 94103 94110
    if len(groups) == 3 and seps <= {"/"} and sizes[0] <= 2 and sizes[1] <= 2:
        return True  # 12/25/2023
    dated = len(groups) == 3 and seps <= {"/", "-", "."}
    return dated and sizes in ([4, 2, 2], [2, 2, 4], [1, 2, 4], [2, 1, 4], [1, 1, 4])


def _is_obfuscated(groups: list[_Group]) -> bool:
    """Whether a number without an odd group is written unusually (odd groups always are)."""
    if len(groups) > 4 or any(len(g.digits) == 1 for g in groups[1:]):
        return True
    return not all(_plain(g.sep_before) for g in groups[1:])


@lru_cache(maxsize=1024)
def _plain(sep: str) -> bool:
    return _PLAIN_SEP.match(sep) is not None


def extract_phones(text: str, region: str = "US", hits: Hits | None = None) -> tuple[Entity, ...]:
    """Phone numbers in ``text`` as E.164, each with its span and ``obfuscated`` flag."""
    if hits is None:
        hits = scan_lexicon(text)
    out: list[Entity] = []
    seen: set[tuple[int, int]] = set()
    runs = [run for lo, hi in _windows(text, hits) for run in _runs(text, lo, hi)]
    for run in runs:
        i = 0
        while i < len(run):
            found = _phone_at(text, run, i, region)
            if found is None:
                i += 1
                continue
            entity, j = found
            if j < len(run) and i + 1 < len(run):
                # "300 689 486 0307": a price just before the number reads as an area
                # code; a reading one group later that reaches further is the number.
                later = _phone_at(text, run, i + 1, region)
                if later is not None and later[1] > j:
                    i += 1
                    continue
            if (entity.start, entity.end) not in seen:
                seen.add((entity.start, entity.end))
                out.append(entity)
            i = j
    return tuple(out)


def _phone_at(text: str, run: list[_Group], i: int, region: str) -> tuple[Entity, int] | None:
    """The longest possible number made of whole groups starting at group ``i``."""
    if run[i].weak:
        return None
    start = run[i].start
    plus = "+" in text[max(0, start - 2) : start] or "+" in run[i].sep_before
    best: tuple[str, int] | None = None
    digits = ""
    # A leading 1 is the trunk prefix only where it is written as one ("1-415-...",
    # "14155551234"), not where it ends a price before the number ("1200 • 704...").
    trunk = len(run[i].digits) in (1, 4, 11) and run[i].digits[0] == "1"
    for j in range(i, len(run)):
        digits += run[j].digits
        if len(digits) > 15:
            break
        if not plus and not trunk and digits[0] == "1" and region == "US":
            break
        if len(digits) >= 7 and not run[j].weak:
            e164 = _possible(digits, plus, region)
            if e164 is not None:
                best = (e164, j)
    if best is None:
        return None
    e164, j = best
    groups = run[i : j + 1]
    odd = any(g.odd for g in groups)
    if not plus and not odd and _bad_shape(groups):
        return None
    if plus and text[max(0, start - 2) : start].rstrip().endswith("+"):
        start = text.rindex("+", 0, start)
    elif text[max(0, start - 1) : start] == "(":
        start -= 1
    end = run[j].end
    while end < len(text) and text[end] in "\ufe0f\u20e3":
        end += 1
    extra = {"obfuscated": odd or _is_obfuscated(groups)}
    return entity("phones", e164, start, end, text[start:end], extra), j + 1
