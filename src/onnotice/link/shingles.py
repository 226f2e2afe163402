"""Text to shingles: lower-cased word and emoji tokens, digits kept, hashed 3-grams.

Digits and emoji are tokens like any word: a phone number, a price or an emoji sequence
reused across ads is evidence that one hand wrote them (InfoShield deletes them).
Hashes are CRC-32, the same in every process and on every run.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import numpy.typing as npt

SHINGLE = 3
TOKEN = re.compile(r"[^\W_]+|[\u2600-\u27bf\U0001f000-\U0001faff]")


def tokens(text: str) -> list[str]:
    """The word, number and emoji tokens of ``text``, lower-cased, in order."""
    return TOKEN.findall(text.lower())


def shingles(text: str, k: int = SHINGLE) -> npt.NDArray[np.uint32]:
    """The distinct hashed ``k``-token shingles of ``text``, ascending (a short text: one)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    if len(words) < k:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]
    crc = zlib.crc32
    return np.unique(np.fromiter((crc(g.encode()) for g in grams), np.uint32, len(grams)))
