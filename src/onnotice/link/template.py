"""The template behind a family of listings: the text they share and the slots that vary.

The member whose words are most common among the members is the model; its words that
appear in at least ``share`` of the members are the template, and each run of the other
words becomes a slot, named by what fills it (a phone, a price, an age, a name, emoji,
other text). What each member has between the words around a slot is one of the slot's
values. Only the first ``sample`` members
are read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

_DIGIT = re.compile(r"\d")
_CORE = re.compile(r"[^\W_]+")
_CACHE_MAX = 200_000
SAMPLE = 20
"""How many members (the first) a template is read from."""


class _Keys(dict[str, str]):
    """A word's letters and digits, lower-cased (the word itself if it has none), cached:
    a family's texts repeat most of their words."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _CACHE_MAX:
            self.clear()
        key = "".join(_CORE.findall(word.lower())) or word
        self[word] = key
        return key


_KEYS = _Keys()


def _slot_kind(words: list[str]) -> str:
    text = " ".join(words)
    digits = len(_DIGIT.findall(text))
    if digits >= 7:
        return "phone"
    if digits:
        core = "".join(_DIGIT.findall(text))
        if len(words) <= 2 and len(core) == 2 and 18 <= int(core) <= 60:
            return "age"
        return "price" if len(core) >= 2 else "number"
    cored = [w for w in words if _CORE.search(w)]
    if not cored:
        return "emoji"
    if all(w[:1].isupper() for w in cored):
        return "name"
    return "text"


def extract_template(
    texts: Sequence[str], *, share: float = 0.5, sample: int = SAMPLE
) -> dict[str, Any]:
    """``{"text", "slots": [{"kind", "values"}], "coverage"}`` for a family's texts."""
    # Words are runs of non-space (str.split splits on exactly what \s matches).
    docs = [d for d in (t.split() for t in texts[:sample]) if d]
    if not docs:
        return {"text": "", "slots": [], "coverage": 0.0}
    key = _KEYS.__getitem__
    keyed = [list(map(key, d)) for d in docs]
    freq: Counter[str] = Counter()
    for keys in keyed:
        freq.update(set(keys))
    floor = max(2, share * len(docs)) if len(docs) > 1 else 1
    common = freq.__getitem__
    best = max(range(len(docs)),
               key=lambda i: (sum(map(common, keyed[i])) / len(keyed[i]), -len(keyed[i])))
    model, model_keys = docs[best], keyed[best]
    parts: list[str] = []
    spans: list[tuple[int, int]] = []  # model word ranges of the slots
    start = -1
    for i, word in enumerate([*model, None]):
        fixed_word = word is None or freq[model_keys[i]] >= floor
        if fixed_word and start >= 0:
            spans.append((start, i))
            start = -1
        if word is None:
            break
        if not fixed_word and start < 0:
            start = i
            parts.append("\0")
        elif fixed_word:
            parts.append(word)
    values: list[list[str]] = [[] for _ in spans]
    for words, keys in zip(docs, keyed, strict=True):
        _fill(model_keys, words, keys, spans, values)
    slots = []
    for (lo, hi), seen in zip(spans, values, strict=True):
        kind = _slot_kind(model[lo:hi])
        distinct = list(dict.fromkeys(seen))
        slots.append({"kind": kind, "values": distinct[:10]})
    names = iter("{" + str(slot["kind"]) + "}" for slot in slots)
    fixed = len(model) - sum(hi - lo for lo, hi in spans)
    return {
        "text": " ".join(next(names) if p == "\0" else p for p in parts),
        "slots": slots,
        "coverage": round(fixed / len(model), 3),
    }


def _fill(
    model: list[str],
    words: list[str],
    keys: list[str],
    spans: list[tuple[int, int]],
    values: list[list[str]],
) -> None:
    """Add to ``values`` what ``words`` has where each slot of the ``model`` keys is.

    A slot's value is what stands between the member's first occurrence of the word
    before the slot (after the previous slot) and the next occurrence of the word after
    it: linear in the text, where an alignment (``difflib``) took most of the time.
    """
    at = 0
    for n, (lo, hi) in enumerate(spans):
        start = at
        if lo > 0:
            try:
                start = keys.index(model[lo - 1], at) + 1
            except ValueError:
                continue
        end = len(keys)
        if hi < len(model):
            try:
                end = keys.index(model[hi], start)
            except ValueError:
                continue
        if end > start:
            values[n].append(" ".join(words[start:end]))
        at = end
