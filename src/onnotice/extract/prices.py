"""Prices, with the session length they buy where the ad gives one.

Ad shorthand: qv (quick visit) = 15 minutes, hh / half hour = 30, h / hr / hour = 60,
overnight = 720; money often goes by code words (roses, donations, gifts). A bare number
is not a price: it needs a currency, a money word or a duration beside it.
"""

from __future__ import annotations

import re

from onnotice.model import Entity

_DURATIONS: tuple[tuple[str, int], ...] = (
    (r"q\.?v\.?|quick\s?visit|quickie", 15),
    (r"h\.?h\.?r?|half\s?(?:an\s)?(?:hour|hr)|30\s?min(?:ute)?s?", 30),
    (r"(?:full\s|one\s|1\s?)?(?:hour|hr)|f\.?h\.?|60\s?min(?:ute)?s?|h", 60),
    (r"(?:2|two)\s?(?:hours|hrs)", 120),
    (r"overnight|ovn|all\s?night", 720),
)
_DUR = "|".join(f"(?P<d{i}>{pat})" for i, (pat, _) in enumerate(_DURATIONS))
_DUR2 = "|".join(f"(?P<e{i}>{pat})" for i, (pat, _) in enumerate(_DURATIONS))
_CUR = r"[$€£]|usd\s?"
_WORD = r"\s?(?:usd|dollars?|bucks|roses?|donations?|gifts?|🌹)"
_AMOUNT = r"\d{1,3}(?:,\d{3})+|\d{2,5}(?:\.\d{2})?"
_JOIN = r"\s?(?:/|per|an?|for(?:\san?)?|-|:|=|@)?\s?"
_PRICE = re.compile(
    rf"(?<![\w.,$€£])(?:(?P<cur>{_CUR})\s?(?P<amt>{_AMOUNT})(?P<word>{_WORD})?"
    rf"(?:{_JOIN}(?:{_DUR})(?![a-z]))?"
    rf"|(?P<amt2>{_AMOUNT})(?P<word2>{_WORD})?{_JOIN}(?:{_DUR2})(?![a-z])"
    rf"|(?P<amt3>{_AMOUNT})(?P<word3>{_WORD})(?![a-z])"
    rf"|(?:(?P<f0>{_DURATIONS[0][0]})|(?P<f1>{_DURATIONS[1][0]})|(?P<f2>{_DURATIONS[2][0]})"
    rf"|(?P<f4>{_DURATIONS[4][0]}))\s?[:=\-]?\s?(?P<cur4>{_CUR})?(?P<amt4>\d{{2,4}})(?![\d,])"
    rf"(?P<word4>{_WORD})?)",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}
_CODE_WORDS = ("rose", "donation", "gift", "🌹")


def _minutes(m: re.Match[str]) -> int | None:
    for prefix in ("d", "e"):
        for i, (_, minutes) in enumerate(_DURATIONS):
            if m.group(f"{prefix}{i}"):
                return minutes
    for i in (0, 1, 2, 4):
        if m.group(f"f{i}"):
            return _DURATIONS[i][1]
    return None


def extract_prices(text: str) -> tuple[Entity, ...]:
    """Prices in ``text``: amount, currency, minutes bought, and any money code word."""
    out = []
    for m in _PRICE.finditer(text):
        raw_amount = m.group("amt") or m.group("amt2") or m.group("amt3") or m.group("amt4")
        amount = float(raw_amount.replace(",", ""))
        word = m.group("word") or m.group("word2") or m.group("word3") or m.group("word4") or ""
        cur = (m.group("cur") or m.group("cur4") or "").strip().lower()
        minutes = _minutes(m)
        if m.group("amt4") and not (cur or word) and not 20 <= amount <= 2000:
            continue
        code = next((c for c in _CODE_WORDS if c in word.lower()), None)
        currency = _CURRENCY.get(cur, "USD" if cur == "usd" or word else None)
        if currency is None and code is None and minutes is None:
            continue
        text_span = m.group().rstrip()
        extra = {
            "amount": int(amount) if amount.is_integer() else amount,
            "currency": currency or "USD",
            "minutes": minutes,
            "code_word": code,
        }
        out.append(
            Entity(
                "prices", extra["amount"], m.start(), m.start() + len(text_span), text_span, extra
            )
        )
    return tuple(out)
