"""The template behind a family of listings: the text they share and the slots that vary.

The member whose words are most common among the members is the model; its words that
appear in at least ``share`` of the members are the template, and each run of the other
words becomes a slot, named by what fills it (a phone, a number, a name, other text)
with the values seen in the members. Only the first ``sample`` members are read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_CORE = re.compile(r"[^\W_]+")


def _key(word: str) -> str:
    return "".join(_CORE.findall(word.lower())) or word


def _slot_kind(words: list[str]) -> str:
    text = " ".join(words)
    digits = len(_DIGIT.findall(text))
    if digits >= 7:
        return "phone"
    if digits:
        return "number"
    if all(w[:1].isupper() for w in words if _CORE.search(w)):
        return "name"
    return "text"


def extract_template(
    texts: Sequence[str], *, share: float = 0.5, sample: int = 50
) -> dict[str, Any]:
    """``{"text", "slots": [{"kind", "values"}], "coverage"}`` for a family's texts."""
    docs = [_WORD.findall(t) for t in texts[:sample]]
    docs = [d for d in docs if d]
    if not docs:
        return {"text": "", "slots": [], "coverage": 0.0}
    freq: Counter[str] = Counter()
    for words in docs:
        freq.update({_key(w) for w in words})
    floor = max(2, share * len(docs)) if len(docs) > 1 else 1
    model = max(docs, key=lambda d: (sum(freq[_key(w)] for w in d) / len(d), -len(d)))
    parts: list[str] = []
    slots: list[dict[str, Any]] = []
    run: list[str] = []
    fixed = 0

    def close() -> None:
        if run:
            kind = _slot_kind(run)
            parts.append("{" + kind + "}")
            slots.append({"kind": kind, "example": " ".join(run)})
            run.clear()

    for word in model:
        if freq[_key(word)] >= floor:
            close()
            parts.append(word)
            fixed += 1
        else:
            run.append(word)
    close()
    return {
        "text": " ".join(parts),
        "slots": slots,
        "coverage": round(fixed / len(model), 3),
    }
