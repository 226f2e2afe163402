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
        self._weights: tuple[int, Shingles, npt.NDArray[np.float64]] | None = None
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
        keys = np.zeros((len(sets), self.bands), dtype=np.uint64)
        full = sizes > 0
        if full.any():
            flat = np.concatenate([s for s in sets if len(s)]).astype(np.uint64)
            hashed = flat[:, None] * self.mult[None, :] + self.add_[None, :]
            starts = np.concatenate(([0], np.cumsum(sizes[full])[:-1]))
            mins = np.minimum.reduceat(hashed, starts, axis=0) >> _U64(32)
            folded = mins.reshape(-1, self.bands, self.rows) * self.band_mult[None, None, :]
            keys[full] = folded.sum(axis=2, dtype=np.uint64)
        # An empty set matches nothing: its own keys (odd, which a fold of 3 never is
        # for sure, and distinct per document).
        empty = np.flatnonzero(~full)
        keys[empty] = (empty[:, None].astype(np.uint64) << _U64(33)) | _U64(1)
        return keys

    def weights(self) -> tuple[Shingles, npt.NDArray[np.float64]]:
        """Every shingle (ascending) and its weight, ``log(1 + N / df)``, 0 when too common."""
        n = len(self._shingles)
        if self._weights is not None and self._weights[0] == n:
            return self._weights[1], self._weights[2]
        if n == 0:
            return np.zeros(0, dtype=np.uint32), np.zeros(0)
        values, counts = np.unique(np.concatenate(self._shingles), return_counts=True)
        weight = np.log1p(n / counts)
        weight[(counts > self.max_df * n) & (counts >= self.min_df_drop)] = 0.0
        self._weights = (n, values, weight)
        return values, weight

    def signatures(self) -> npt.NDArray[np.uint64]:
        """Band keys of every document over its shingles that weigh something."""
        values, weight = self.weights()
        dropped = values[weight == 0.0]
        keys = np.zeros((len(self._shingles), self.bands), dtype=np.uint64)
        for start in range(0, len(self._shingles), _CHUNK):
            chunk = self._shingles[start : start + _CHUNK]
            if len(dropped):
                chunk = [s[~np.isin(s, dropped, assume_unique=True)] for s in chunk]
            keys[start : start + len(chunk)] = self.band_keys(chunk)
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

    def pairs(self) -> list[tuple[int, int, float]]:
        """Candidate pairs whose weighted Jaccard reaches the threshold, with it."""
        n = len(self._shingles)
        if self._pairs is not None and self._pairs[0] == n:
            return self._pairs[1]
        out: list[tuple[int, int, float]] = []
        similarity = self.similarity
        for a, b in self.candidates().tolist():
            found = similarity(a, b)
            if found >= self.threshold:
                out.append((a, b, found))
        self._pairs = (n, out)
        return out

    def similarity(self, a: int, b: int, min_shared: int | None = None) -> float:
        """Weighted Jaccard of documents ``a`` and ``b``; 0 below ``min_shared`` shingles."""
        floor = self.min_shared if min_shared is None else min_shared
        values, weight = self.weights()
        sa, sb = self._shingles[a], self._shingles[b]
        common = np.intersect1d(sa, sb, assume_unique=True)
        if len(common) < floor:
            return 0.0
        shared_w = weight[np.searchsorted(values, common)]
        if np.count_nonzero(shared_w) < floor:
            return 0.0
        shared = float(shared_w.sum())
        total = float(weight[np.searchsorted(values, sa)].sum())
        total += float(weight[np.searchsorted(values, sb)].sum())
        return round(shared / (total - shared), 4) if total > shared else 0.0
