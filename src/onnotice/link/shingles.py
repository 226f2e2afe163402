"""Text to shingles: lower-cased word and emoji tokens, digits kept, hashed 3-grams.

Digits and emoji are tokens like any word: a phone number, a price or an emoji sequence
reused across ads is evidence that one hand wrote them (InfoShield deletes them).
Each token is hashed with CRC-32 (the same in every process and on every run) and a
shingle's hash mixes its tokens' hashes by multiply-add, so a batch of texts is
shingled in NumPy: hashing each token (cached) and one sort do what a string join and a
CRC per shingle did, at about half the cost.
"""

from __future__ import annotations

import re
import zlib
from itertools import chain

import numpy as np
import numpy.typing as npt

SHINGLE = 3
TOKEN = re.compile(r"[^\W_]+|[\u2600-\u27bf\U0001f000-\U0001faff]")
# Odd 64-bit multipliers, one per token position; the high 32 bits of the sum are the hash.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_CACHE_MAX = 1 << 21
_U64 = np.uint64


class _TokenHashes(dict[str, int]):
    """CRC-32 of tokens, computed once each: most tokens of a corpus repeat."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _CACHE_MAX:
            self.clear()
        value = zlib.crc32(token.encode("utf-8", "surrogatepass"))
        self[token] = value
        return value


_HASHES = _TokenHashes()


def tokens(text: str) -> list[str]:
    """The word, number and emoji tokens of ``text``, lower-cased, in order."""
    return TOKEN.findall(text.lower())


def shingle_batch(texts: list[str]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
    """The distinct hashed 3-token shingles of each text, ascending, all in one array,
    and how many each text has (a text of one or two tokens has one shingle)."""
    words = [TOKEN.findall(t.lower()) for t in texts]
    sizes = np.fromiter(map(len, words), np.int64, len(words))
    n = int(sizes.sum())
    if n == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(len(texts), dtype=np.int64)
    flat = np.fromiter(map(_HASHES.__getitem__, chain.from_iterable(words)), np.uint64, n)
    # Two zero tokens after the last text keep every window in bounds; a window that
    # runs past its own text is dropped below, unless the text is that short.
    padded = np.concatenate((flat, np.zeros(SHINGLE - 1, dtype=np.uint64)))
    starts = np.cumsum(sizes) - sizes
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    position = np.arange(n, dtype=np.int64) - starts[owner]
    size = sizes[owner]
    # A short text's one shingle is its tokens with zeros for the missing ones.
    short_next = np.where(position + 1 < size, padded[1 : n + 1], _U64(0))
    short_third = np.where(position + 2 < size, padded[2 : n + 2], _U64(0))
    mixed = flat * _MIX[0] + short_next * _MIX[1] + short_third * _MIX[2]
    keep = (position + SHINGLE <= size) | ((position == 0) & (size < SHINGLE))
    codes = (owner[keep].astype(np.uint64) << _U64(32)) | (mixed[keep] >> _U64(32))
    codes.sort()
    if len(codes) > 1:
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    counts = np.bincount((codes >> _U64(32)).astype(np.int64), minlength=len(texts))
    return (codes & _U64(0xFFFFFFFF)).astype(np.uint32), counts.astype(np.int64)


def shingles(text: str) -> npt.NDArray[np.uint32]:
    """The distinct hashed 3-token shingles of ``text``, ascending (a short text: one)."""
    return shingle_batch([text])[0]
