"""Near-duplicate text: MinHash signatures, LSH banding, document-frequency weights.

Signatures are computed in NumPy for a whole batch at once (multiply-shift hashing of
every shingle under every permutation, then a segmented minimum), several times faster
than one ``datasketch.MinHash`` per document. Only the band keys are kept: a document's
``bands`` keys, each hashing ``rows`` of its minimums.

Candidates are documents that share a band key, in buckets of at most ``max_bucket``:
a larger bucket is a template many strangers fill in (a job ad, a car sale) and yields
nothing. Each candidate pair is then checked by a weighted Jaccard over its shingles,
each shingle weighing ``log(1 + N / df)``, so that phrases common across the corpus
count for little; shingles in more than ``max_df`` of the documents (and at least
``min_df_drop`` of them) weigh nothing: generic boilerplate ("no law enforcement",
"serious inquiries only") cannot link two strangers. A pair must also share at least
``min_shared`` shingles that weigh something: two short ads from one fill-in form (a
tutoring offer at the same price) agree on few words, a family's ads on many. Weights
are computed from every document added so far when pairs are read, never from a batch,
so batches and one run agree.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from onnotice.link.shingles import shingles

NUM_PERM = 64
BANDS, ROWS = 21, 3
MAX_BUCKET = 40
MAX_DF = 0.005
MIN_DF_DROP = 20
MIN_SHARED = 10
_CHUNK = 4096
_U64 = np.uint64


def _permutations(num_perm: int, seed: int) -> tuple[npt.NDArray[np.uint64], ...]:
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * _U64(2) + _U64(1)
    add = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return mult, add


class TextIndex:
    """Shingles, band keys and verification of near-duplicate texts, added in batches."""

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
        self._shingles: list[npt.NDArray[np.uint32]] = []
        self._keys: list[npt.NDArray[np.uint64]] = []
        self._weights: tuple[int, npt.NDArray[np.uint32], npt.NDArray[np.float64]] | None = None

    def __len__(self) -> int:
        return len(self._shingles)

    def add(self, texts: list[str]) -> None:
        """Shingle and sign a batch of texts."""
        for start in range(0, len(texts), _CHUNK):
            sets = [shingles(t) for t in texts[start : start + _CHUNK]]
            self._shingles.extend(sets)
            self._keys.append(self.band_keys(sets))

    def band_keys(self, sets: list[npt.NDArray[np.uint32]]) -> npt.NDArray[np.uint64]:
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
        # An empty text matches nothing: give each its own keys (odd, never a real fold).
        empty = np.flatnonzero(~full)
        keys[empty] = (empty[:, None].astype(np.uint64) << _U64(33)) | _U64(1)
        return keys

    def candidates(self) -> npt.NDArray[np.int64]:
        """Distinct candidate pairs (n x 2, a < b) from buckets of 2..max_bucket."""
        if not self._keys:
            return np.zeros((0, 2), dtype=np.int64)
        keys = np.concatenate(self._keys)
        n = len(keys)
        found: list[npt.NDArray[np.int64]] = []
        for band in range(self.bands):
            column = keys[:, band]
            order = np.argsort(column, kind="stable")
            ordered = column[order]
            edge = np.flatnonzero(np.diff(ordered) != 0) + 1
            starts = np.concatenate(([0], edge))
            ends = np.concatenate((edge, [n]))
            sizes = ends - starts
            keep = (sizes >= 2) & (sizes <= self.max_bucket)
            for s, e in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
                docs = np.sort(order[s:e])
                a, b = np.triu_indices(len(docs), 1)
                found.append(docs[a] * n + docs[b])
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        codes = np.unique(np.concatenate(found))
        return np.stack((codes // n, codes % n), axis=1)

    def weights(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.float64]]:
        """Every shingle (ascending) and its weight, ``log(1 + N / df)``, 0 when too common."""
        n = len(self._shingles)
        if n == 0:
            return np.zeros(0, dtype=np.uint32), np.zeros(0)
        values, counts = np.unique(np.concatenate(self._shingles), return_counts=True)
        weight = np.log1p(n / counts)
        weight[(counts > self.max_df * n) & (counts >= self.min_df_drop)] = 0.0
        return values, weight

    def pairs(self) -> list[tuple[int, int, float]]:
        """Candidate pairs whose weighted Jaccard reaches the threshold, with it."""
        pairs = self.candidates()
        out: list[tuple[int, int, float]] = []
        if len(pairs) == 0:
            return out
        similarity = self.similarity
        for a, b in pairs.tolist():
            found = similarity(a, b)
            if found >= self.threshold:
                out.append((a, b, found))
        return out

    def similarity(self, a: int, b: int, min_shared: int | None = None) -> float:
        """Weighted Jaccard of documents ``a`` and ``b``; 0 below ``min_shared`` shingles."""
        floor = self.min_shared if min_shared is None else min_shared
        if self._weights is None or self._weights[0] != len(self._shingles):
            self._weights = (len(self._shingles), *self.weights())
        _, values, weight = self._weights
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
