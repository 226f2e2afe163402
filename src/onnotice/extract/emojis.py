"""Emojis, kept as evidence: several carry coded meanings in ads (Whitney and Jennex 2017)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from onnotice.model import Entity
from onnotice.records import entity

# Pictographic blocks; a following variation selector or skin tone belongs to the emoji.
_EMOJI: Final = re.compile(
    "[\U0001f300-\U0001faff\U0001f000-\U0001f2ff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff"
    "\u2300-\u23ff\u3030\u303d\u3297\u3299\u2764]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d[\U0001f300-\U0001faff\u2600-\u27bf]\ufe0f?)*"
)
# Circled and keycap digits are read as phone digits, not emojis.
_DIGITISH: Final = frozenset(
    chr(c) for r in ((0x2460, 0x24FF), (0x2776, 0x2793)) for c in range(*r)
)


def extract_emojis(text: str) -> tuple[Entity, ...]:
    """Each emoji in ``text``, its value without variation selectors, and its Unicode name."""
    if text.isascii():
        return ()
    out = []
    for m in _EMOJI.finditer(text):
        found = m.group()
        if found[0] in _DIGITISH:
            continue
        value = found.replace("\ufe0f", "")
        start, end = m.span()
        out.append(entity("emojis", value, start, end, found, {"name": _name(value[0])}))
    return tuple(out)


@lru_cache(maxsize=4096)
def _name(char: str) -> str:
    # Ads reuse a few dozen emojis: look each name up once.
    return unicodedata.name(char, "").lower()
