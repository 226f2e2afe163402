"""Numbers written as words: ages ("seventeen", "twenty-two") and phone digits ("f0ur")."""

from __future__ import annotations

import itertools
from typing import Final

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}

WORD_VALUES: Final[dict[str, int]] = {w: i for i, w in enumerate(_ONES)}
WORD_VALUES.update(_TENS)
for _tens, _v in _TENS.items():
    for _i in range(1, 10):
        for _sep in (" ", "-", ""):
            WORD_VALUES[f"{_tens}{_sep}{_ONES[_i]}"] = _v + _i

# Longest first, so that "twenty two" wins over "twenty".
WORD_PATTERN = "|".join(sorted(WORD_VALUES, key=len, reverse=True)).replace(" ", r"\s")


def number_value(token: str) -> int | None:
    """The integer a token of digits or number words stands for, or None."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return WORD_VALUES.get(" ".join(token.split()))


# Spellings seen in ads, before the o/i/e/l -> 0/1/3/1 swaps that are generated below.
DIGIT_SPELLINGS: dict[int, tuple[str, ...]] = {
    0: ("zero", "oh", "zer", "nil"),
    1: ("one", "won", "uno"),
    2: ("two", "tw", "tu"),
    3: ("three", "thre", "tree", "thri"),
    4: ("four", "fore", "fuor", "foor", "fur"),
    5: ("five", "fiv", "fyve", "fife"),
    6: ("six", "sicks", "sixx", "siks"),
    7: ("seven", "sevn", "sven", "sevin", "seben"),
    8: ("eight", "eigth", "eigh", "ate", "eit"),
    9: ("nine", "nien", "nyne", "niner", "nin"),
}
# Short spellings that are everyday words count only beside other digit groups.
WEAK_DIGIT_WORDS: Final = frozenset({"won", "tree", "fore", "fur", "ate", "tu", "tw", "nil", "nin"})
_LEET = {"o": "0", "i": "1", "e": "3", "l": "1"}


def _variants(word: str) -> set[str]:
    choices = [(c, _LEET[c]) if c in _LEET else (c,) for c in word]
    return {"".join(p) for p in itertools.product(*choices)}


DIGIT_WORDS: Final[dict[str, int]] = {
    v: d for d, ws in DIGIT_SPELLINGS.items() for w in ws for v in _variants(w)
}
