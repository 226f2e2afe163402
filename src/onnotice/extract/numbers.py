"""Numbers written as words ("seventeen", "twenty-two"), shared by the age and price readers."""

from __future__ import annotations

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}

WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_ONES)}
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
