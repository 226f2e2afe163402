"""Near-duplicate text: document-frequency weights, MinHash signatures, LSH banding.

Shingles are stored as each batch is added. When pairs are read, every shingle gets a
weight ``log(1 + N / df)`` from all the documents added so far; shingles in more than
``max_df`` of the documents (and in at least ``min_df_drop`` of them) weigh nothing:
generic boilerplate ("no law enforcement", "serious inquiries only") and the fixed
words of fill-in forms (a job ad, a car sale) cannot link strangers. Signatures are
then taken over the shingles that weigh something, so such text does not even make
candidates; weights come from the whole set, never from a batch, so linking in batches
agrees with one run (signatures are recomputed then, in NumPy, in about 10 us a
document; shingling, the costly part, is not).

Signatures are computed for a chunk of documents at once: multiply-shift hashing of
every shingle under every permutation, then a segmented minimum; only band keys are
kept, each hashing ``rows`` minimums. Documents sharing a band key in a bucket of at
most ``max_bucket`` are candidates; a larger bucket is text too many strangers share.
Each candidate pair is checked by weighted Jaccard, and must share at least
``min_shared`` shingles that weigh something: two short ads from one form agree on few
words, a family's ads on many.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from onnotice.link.shingles import shingles

BANDS, ROWS = 21, 3
MAX_BUCKET = 40
MAX_DF = 0.005
MIN_DF_DROP = 20
MIN_SHARED = 10
_CHUNK = 4096
_U64 = np.uint64
Shingles = npt.NDArray[np.uint32]


def _permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint64], ...]:
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * _U64(2) + _U64(1)
    add = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return mult, add


def _pairs_in_runs(
    order: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], size: int, n: int
) -> npt.NDArray[np.int64]:
    """Pair codes ``a * n + b`` (a < b) of every run of ``size`` documents in ``order``."""
    a, b = np.triu_indices(size, 1)
    docs = order[starts[:, None] + np.arange(size)[None, :]]
    left, right = docs[:, a], docs[:, b]
    low, high = np.minimum(left, right), np.maximum(left, right)
    codes: npt.NDArray[np.int64] = (low * n + high).ravel()
    return codes


class TextIndex:
    """Shingles of documents added in batches; verified near-duplicate pairs on demand."""

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        bands: int = BANDS,
        rows: int = ROWS,
        max_bucket: int = MAX_BUCKET,
        max_df: float = MAX_DF,
        min_df_drop: int = MIN_DF_DROP,
        min_shared: int = MIN_SHARED,
        seed: int = 1,
    ) -> None:
        self.threshold, self.bands, self.rows = threshold, bands, rows
        self.max_bucket, self.max_df, self.min_df_drop = max_bucket, max_df, min_df_drop
        self.min_shared = min_shared
        self.mult, self.add_ = _permutations(bands * rows, seed)
        self.band_mult = _permutations(rows, seed + 1)[0]
        self._shingles: list[Shingles] = []
        self._cache: _Stats | None = None
        self._candidates: tuple[int, npt.NDArray[np.int64]] | None = None
        self._pairs: tuple[int, list[tuple[int, int, float]]] | None = None

    def __len__(self) -> int:
        return len(self._shingles)

    def add(self, texts: list[str]) -> None:
        """Shingle a batch of texts."""
        self._shingles.extend(shingles(t) for t in texts)

    def add_shingles(self, sets: list[Shingles]) -> None:
        """Add documents already shingled (by ``shingles``, e.g. in worker processes)."""
        self._shingles.extend(sets)

    def band_keys(self, sets: list[Shingles]) -> npt.NDArray[np.uint64]:
        """Band keys (documents x bands) of shingle sets; an empty set gets unique keys."""
        sizes = np.fromiter((len(s) for s in sets), np.int64, len(sets))
        flat = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint32)
        return self._keys_of(flat, sizes, 0)

    def _keys_of(
        self, flat: Shingles, sizes: npt.NDArray[np.int64], first: int
    ) -> npt.NDArray[np.uint64]:
        """Band keys of documents ``first``, ``first + 1``, ... whose shingles are ``flat``."""
        keys = np.zeros((len(sizes), self.bands), dtype=np.uint64)
        full = sizes > 0
        if full.any():
            hashed = flat.astype(np.uint64)[:, None] * self.mult[None, :] + self.add_[None, :]
            starts = np.concatenate(([0], np.cumsum(sizes[full])[:-1]))
            mins = np.minimum.reduceat(hashed, starts, axis=0) >> _U64(32)
            folded = mins.reshape(-1, self.bands, self.rows) * self.band_mult[None, None, :]
            keys[full] = folded.sum(axis=2, dtype=np.uint64)
        # An empty set matches nothing: keys of its own, odd (a fold of three odd
        # multipliers times 32-bit minimums is even only by chance, and distinct per id).
        empty = np.flatnonzero(~full) + first
        keys[~full] = (empty[:, None].astype(np.uint64) << _U64(33)) | _U64(1)
        return keys

    def _stats(self) -> _Stats:
        """Weights of every shingle and of every document's shingles, for the set so far."""
        n = len(self._shingles)
        if self._cache is not None and self._cache.n == n:
            return self._cache
        sizes = np.fromiter((len(s) for s in self._shingles), np.int64, n)
        flat = np.concatenate(self._shingles) if n else np.zeros(0, dtype=np.uint32)
        values, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
        weight = np.log1p(n / counts) if n else np.zeros(0)
        weight[(counts > self.max_df * n) & (counts >= self.min_df_drop)] = 0.0
        # float32 per shingle occurrence: at a million listings, 45M of them.
        flat_weight = weight.astype(np.float32)[inverse.ravel()]
        del inverse
        offsets = np.concatenate(([0], np.cumsum(sizes)))
        # Summed per owner, not by reduceat, which cannot take documents without shingles.
        owner = np.repeat(np.arange(n, dtype=np.int32), sizes)
        totals = np.bincount(owner, weights=flat_weight, minlength=n)
        del owner
        self._cache = _Stats(n, values, weight, flat, flat_weight, offsets, totals.tolist())
        return self._cache

    def weights(self) -> tuple[Shingles, npt.NDArray[np.float64]]:
        """Every shingle (ascending) and its weight, ``log(1 + N / df)``, 0 when too common."""
        stats = self._stats()
        return stats.values, stats.weight

    def signatures(self) -> npt.NDArray[np.uint64]:
        """Band keys of every document over its shingles that weigh something."""
        stats = self._stats()
        if stats.keys is not None:
            return stats.keys
        keep = stats.flat_weight > 0.0
        owner = np.repeat(np.arange(stats.n, dtype=np.int32), np.diff(stats.offsets))
        sizes = np.bincount(owner[keep], minlength=stats.n)
        del owner
        flat = stats.flat[keep]
        ends = np.cumsum(sizes)
        keys = np.zeros((stats.n, self.bands), dtype=np.uint64)
        for first in range(0, stats.n, _CHUNK):
            last = min(first + _CHUNK, stats.n)
            lo = int(ends[first - 1]) if first else 0
            keys[first:last] = self._keys_of(flat[lo : int(ends[last - 1])], sizes[first:last],
                                             first)
        stats.keys = keys
        stats.kept = sizes
        return keys

    def candidates(self) -> npt.NDArray[np.int64]:
        """Distinct candidate pairs (n x 2, a < b) from buckets of 2..max_bucket."""
        n = len(self._shingles)
        if self._candidates is not None and self._candidates[0] == n:
            return self._candidates[1]
        keys = self.signatures()
        found: list[npt.NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
        for band in range(self.bands):
            column = keys[:, band]
            order = np.argsort(column, kind="stable")
            ordered = column[order]
            edge = np.flatnonzero(np.diff(ordered) != 0) + 1
            starts = np.concatenate(([0], edge))
            sizes = np.concatenate((edge, [n])) - starts
            for size in np.unique(sizes[(sizes >= 2) & (sizes <= self.max_bucket)]).tolist():
                found.append(_pairs_in_runs(order, starts[sizes == size], size, n))
        codes = np.unique(np.concatenate(found))
        pairs = np.stack((codes // n, codes % n), axis=1) if n else np.zeros((0, 2), np.int64)
        self._candidates = (n, pairs)
        return pairs

    def plausible(self, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The pairs that could pass: both keep ``min_shared`` shingles, and the lighter
        document weighs at least ``threshold`` of the heavier (else no overlap suffices)."""
        self.signatures()
        stats = self._stats()
        assert stats.kept is not None
        a, b = pairs[:, 0], pairs[:, 1]
        totals = np.asarray(stats.totals)
        light, heavy = np.minimum(totals[a], totals[b]), np.maximum(totals[a], totals[b])
        ok = (np.minimum(stats.kept[a], stats.kept[b]) >= self.min_shared)
        ok &= light >= self.threshold * heavy
        return pairs[ok]

    def pairs(self) -> list[tuple[int, int, float]]:
        """Candidate pairs whose weighted Jaccard reaches the threshold, with it."""
        n = len(self._shingles)
        if self._pairs is not None and self._pairs[0] == n:
            return self._pairs[1]
        out: list[tuple[int, int, float]] = []
        similarity = self.similarity
        for a, b in self.plausible(self.candidates()).tolist():
            found = similarity(a, b)
            if found >= self.threshold:
                out.append((a, b, found))
        self._pairs = (n, out)
        return out

    def similarity(self, a: int, b: int, min_shared: int | None = None) -> float:
        """Weighted Jaccard of documents ``a`` and ``b``; 0 below ``min_shared`` shingles."""
        floor = self.min_shared if min_shared is None else min_shared
        stats = self._stats()
        _, ia, _ = np.intersect1d(self._shingles[a], self._shingles[b], assume_unique=True,
                                  return_indices=True)
        if len(ia) < floor:
            return 0.0
        start = stats.offsets[a]
        shared_w = stats.flat_weight[start + ia]
        if np.count_nonzero(shared_w) < floor:
            return 0.0
        shared = float(shared_w.sum(dtype=np.float64))
        total = stats.totals[a] + stats.totals[b]
        return round(shared / (total - shared), 4) if total > shared else 0.0


@dataclass(slots=True)
class _Stats:
    """What pairs are read from, for the documents added so far (``n`` of them)."""

    n: int
    values: Shingles
    weight: npt.NDArray[np.float64]
    flat: Shingles
    flat_weight: npt.NDArray[np.float32]
    offsets: npt.NDArray[np.int64]
    totals: list[float]
    keys: npt.NDArray[np.uint64] | None = None
    kept: npt.NDArray[np.int64] | None = None
    """How many shingles of each document weigh something."""
