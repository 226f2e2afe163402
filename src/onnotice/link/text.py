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

from onnotice.link.parallel import fork_map, shared
from onnotice.link.shingles import shingle_batch

BANDS, ROWS = 21, 3
MAX_BUCKET = 40
MAX_DF = 0.005
MIN_DF_DROP = 20
MIN_SHARED = 10
MIN_PARALLEL = 50_000
_CHUNK = 128
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
        workers: int = 1,
        min_parallel: int = MIN_PARALLEL,
    ) -> None:
        self.threshold, self.bands, self.rows = threshold, bands, rows
        # Signatures and LSH bands split over ``workers`` forked processes from
        # ``min_parallel`` documents on (below, forking costs more than it saves).
        self.workers, self.min_parallel = workers, min_parallel
        self.max_bucket, self.max_df, self.min_df_drop = max_bucket, max_df, min_df_drop
        self.min_shared = min_shared
        self.mult, self.add_ = _permutations(bands * rows, seed)
        self.band_mult = _permutations(rows, seed + 1)[0]
        # Shingles of every document, batch by batch: one flat array and the counts.
        self._flat: list[Shingles] = []
        self._sizes: list[npt.NDArray[np.int64]] = []
        self._n = 0
        self._cache: _Stats | None = None
        self._candidates: tuple[int, npt.NDArray[np.int64]] | None = None
        self._pairs: tuple[int, list[tuple[int, int, float]]] | None = None

    def __len__(self) -> int:
        return self._n

    def add(self, texts: list[str]) -> None:
        """Shingle a batch of texts."""
        self.add_flat(*shingle_batch(texts))

    def add_shingles(self, sets: list[Shingles]) -> None:
        """Add documents already shingled (by ``shingles``, e.g. in worker processes)."""
        sizes = np.fromiter((len(s) for s in sets), np.int64, len(sets))
        flat = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint32)
        self.add_flat(flat.astype(np.uint32, copy=False), sizes)

    def add_flat(self, flat: Shingles, sizes: npt.NDArray[np.int64]) -> None:
        """Add documents shingled by ``shingle_batch``: all shingles and each one's count."""
        self._flat.append(flat)
        self._sizes.append(np.asarray(sizes, dtype=np.int64))
        self._n += len(sizes)

    def kept(self, doc: int) -> Shingles:
        """The shingles of document ``doc`` that weigh something, ascending."""
        stats = self._stats()
        return stats.flat[stats.offsets[doc] : stats.offsets[doc + 1]]

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
        n = self._n
        if self._cache is not None and self._cache.n == n:
            return self._cache
        # Batches are joined once and kept joined: later batches append to one array.
        flat = np.concatenate(self._flat) if self._flat else np.zeros(0, dtype=np.uint32)
        sizes = np.concatenate(self._sizes) if self._sizes else np.zeros(0, dtype=np.int64)
        self._flat, self._sizes = [flat], [sizes]
        values, counts, where = _tally(flat)
        weight = np.log1p(n / counts) if n else np.zeros(0)
        weight[(counts > self.max_df * n) & (counts >= self.min_df_drop)] = 0.0
        # float32 per shingle occurrence: at a million listings, 24M of them.
        flat_weight = np.empty(len(flat), dtype=np.float32)
        flat_weight[where] = np.repeat(weight.astype(np.float32), counts)
        del where
        # Summed per owner, not by reduceat, which cannot take documents without shingles.
        owner = np.repeat(np.arange(n, dtype=np.int32), sizes)
        totals = np.bincount(owner, weights=flat_weight, minlength=n).astype(np.float64)
        # Only shingles that weigh something are kept per document: signatures and
        # similarities read nothing else (a shared shingle of weight 0 adds nothing).
        keep = flat_weight > 0.0
        kept_sizes = np.bincount(owner[keep], minlength=n).astype(np.int64)
        del owner
        self._cache = _Stats(
            n, values, weight, flat[keep], flat_weight[keep],
            np.concatenate(([0], np.cumsum(kept_sizes))), kept_sizes, totals,
        )
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
        keys = np.zeros((stats.n, self.bands), dtype=np.uint64)
        step = max(_CHUNK, -(-stats.n // (8 * _CHUNK)) * _CHUNK)
        ranges = [(first, min(first + step, stats.n)) for first in range(0, stats.n, step)]
        workers = self.workers if stats.n >= self.min_parallel else 1
        for (first, last), part in zip(ranges, fork_map(_sign, ranges, (self, stats), workers),
                                       strict=True):
            keys[first:last] = part
        stats.keys = keys
        return keys

    def _sign(self, stats: _Stats, first: int, last: int) -> npt.NDArray[np.uint64]:
        """Band keys of documents ``first`` to ``last`` (exclusive), a chunk at a time."""
        flat, sizes, ends = stats.flat, stats.sizes, stats.offsets[1:]
        keys = np.zeros((last - first, self.bands), dtype=np.uint64)
        for lo_doc in range(first, last, _CHUNK):
            hi_doc = min(lo_doc + _CHUNK, last)
            lo = int(ends[lo_doc - 1]) if lo_doc else 0
            keys[lo_doc - first : hi_doc - first] = self._keys_of(
                flat[lo : int(ends[hi_doc - 1])], sizes[lo_doc:hi_doc], lo_doc)
        return keys

    def candidates(self) -> npt.NDArray[np.int64]:
        """Distinct candidate pairs (n x 2, a < b) from buckets of 2..max_bucket."""
        n = self._n
        if self._candidates is not None and self._candidates[0] == n:
            return self._candidates[1]
        keys = self.signatures()
        workers = self.workers if n >= self.min_parallel else 1
        found = [np.zeros(0, dtype=np.int64),
                 *fork_map(_bucket, range(self.bands), (keys, self.max_bucket), workers)]
        codes = _distinct(np.concatenate(found))
        pairs = np.stack((codes // n, codes % n), axis=1) if n else np.zeros((0, 2), np.int64)
        self._candidates = (n, pairs)
        return pairs

    def plausible(self, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The pairs that could pass: both keep ``min_shared`` shingles, and the lighter
        document weighs at least ``threshold`` of the heavier (else no overlap suffices)."""
        stats = self._stats()
        a, b = pairs[:, 0], pairs[:, 1]
        totals = stats.totals
        light, heavy = np.minimum(totals[a], totals[b]), np.maximum(totals[a], totals[b])
        ok = (np.minimum(stats.sizes[a], stats.sizes[b]) >= self.min_shared)
        ok &= light >= self.threshold * heavy
        return pairs[ok]

    def pairs(self) -> list[tuple[int, int, float]]:
        """Candidate pairs whose weighted Jaccard reaches the threshold, with it."""
        n = self._n
        if self._pairs is not None and self._pairs[0] == n:
            return self._pairs[1]
        found = self.plausible(self.candidates())
        found, similar = self.passing(found)
        out = [(a, b, s) for (a, b), s in zip(found.tolist(), similar, strict=True)]
        self._pairs = (n, out)
        return out

    def passing(
        self, pairs: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], list[float]]:
        """The ``pairs`` whose similarity reaches the threshold, and their similarities."""
        similar = self.similarities(pairs)
        ok = np.flatnonzero(similar >= self.threshold)
        return pairs[ok], similar[ok].tolist()

    def similarities(
        self, pairs: npt.NDArray[np.int64], min_shared: int | None = None
    ) -> npt.NDArray[np.float64]:
        """``similarity`` of each pair (n x 2), computed for many pairs at once.

        Each pair's two shingle runs are laid side by side under the pair's number and
        sorted: a shingle they share is then two equal neighbours. Sums run in shingle
        order, as in ``similarity``, so both give the same figure to the last bit.
        """
        floor = self.min_shared if min_shared is None else min_shared
        stats = self._stats()
        out = np.zeros(len(pairs), dtype=np.float64)
        for lo in range(0, len(pairs), _PAIR_CHUNK):
            chunk = pairs[lo : lo + _PAIR_CHUNK]
            out[lo : lo + len(chunk)] = _similarities(stats, chunk, floor)
        return out

    def similarity(self, a: int, b: int, min_shared: int | None = None) -> float:
        """Weighted Jaccard of documents ``a`` and ``b``; 0 below ``min_shared`` shingles."""
        floor = self.min_shared if min_shared is None else min_shared
        stats = self._stats()
        lo_a, hi_a = stats.offsets[a], stats.offsets[a + 1]
        lo_b, hi_b = stats.offsets[b], stats.offsets[b + 1]
        if hi_a - lo_a < floor or hi_b - lo_b < floor or hi_b == lo_b:
            return 0.0
        mine, theirs = stats.flat[lo_a:hi_a], stats.flat[lo_b:hi_b]
        at = np.minimum(np.searchsorted(theirs, mine), len(theirs) - 1)
        shared_at = theirs[at] == mine
        if np.count_nonzero(shared_at) < max(floor, 1):
            return 0.0
        # cumsum adds in order, as the per-pair sums of ``similarities`` do.
        shared = float(np.cumsum(stats.weights[lo_a:hi_a][shared_at], dtype=np.float64)[-1])
        total = float(stats.totals[a] + stats.totals[b])
        return round(shared / (total - shared), 4) if total > shared else 0.0


def _sign(bounds: tuple[int, int]) -> npt.NDArray[np.uint64]:
    index, stats = shared()
    keys: npt.NDArray[np.uint64] = index._sign(stats, *bounds)
    return keys


def _bucket(band: int) -> npt.NDArray[np.int64]:
    """Pair codes of the documents that share a bucket of ``band`` (of 2..max_bucket)."""
    keys, max_bucket = shared()
    n = len(keys)
    column = keys[:, band]
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    edge = np.flatnonzero(np.diff(ordered) != 0) + 1
    starts = np.concatenate(([0], edge))
    sizes = np.concatenate((edge, [n])) - starts
    found = [np.zeros(0, dtype=np.int64)]
    for size in sorted(set(sizes[(sizes >= 2) & (sizes <= max_bucket)].tolist())):
        found.append(_pairs_in_runs(order, starts[sizes == size], size, n))
    return _distinct(np.concatenate(found))


def _tally(
    flat: Shingles,
) -> tuple[Shingles, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct shingles, how many times each occurs, and where the occurrences are
    (positions in ``flat``, grouped by shingle in ascending order).

    One sort of shingle and position packed in 64 bits: three times as fast as
    ``np.unique(..., return_inverse=True)``, which sorts indices instead.
    """
    if len(flat) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return flat, empty, empty
    bits = np.uint64(max(1, len(flat).bit_length()))
    packed = (flat.astype(np.uint64) << bits) | np.arange(len(flat), dtype=np.uint64)
    packed.sort()
    ordered = (packed >> bits).astype(np.uint32)
    where = (packed & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)
    del packed
    first = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    starts = np.flatnonzero(first)
    counts = np.diff(np.concatenate((starts, [len(flat)])))
    return ordered[starts], counts, where


def _distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The distinct ``values``, ascending: a sort, where ``np.unique`` (hash-based in
    NumPy 2.3+) took ten times as long on millions of pair codes."""
    values = np.sort(values)
    if len(values) > 1:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def _similarities(
    stats: _Stats, pairs: npt.NDArray[np.int64], floor: int
) -> npt.NDArray[np.float64]:
    """Weighted Jaccard of each pair (see ``TextIndex.similarities``)."""
    a, b = pairs[:, 0], pairs[:, 1]
    lengths = np.stack((stats.sizes[a], stats.sizes[b]), axis=1).ravel()
    firsts = np.stack((stats.offsets[a], stats.offsets[b]), axis=1).ravel()
    total = int(lengths.sum())
    # Index of every shingle of every pair's two documents, runs side by side.
    at = np.repeat(firsts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
    owner = np.repeat(np.arange(len(pairs), dtype=np.uint64), lengths[0::2] + lengths[1::2])
    codes = (owner << _U64(32)) | stats.flat[at].astype(np.uint64)
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    twins = np.flatnonzero(codes[1:] == codes[:-1])
    pair = owner[order[twins]].astype(np.int64)
    weight = stats.weights[at[order[twins]]].astype(np.float64)
    count = np.bincount(pair, minlength=len(pairs))
    shared = np.bincount(pair, weights=weight, minlength=len(pairs))
    sums = stats.totals[a] + stats.totals[b]
    ok = (count >= max(floor, 1)) & (sums > shared)
    out = np.zeros(len(pairs), dtype=np.float64)
    raw = shared[ok] / (sums[ok] - shared[ok])
    # Python's round, as ``similarity`` uses: NumPy's can differ in the last digit.
    out[ok] = [round(x, 4) for x in raw.tolist()]
    return out


_PAIR_CHUNK = 1 << 16


@dataclass(slots=True)
class _Stats:
    """What pairs are read from, for the documents added so far (``n`` of them)."""

    n: int
    values: Shingles
    weight: npt.NDArray[np.float64]
    flat: Shingles
    """Each document's shingles that weigh something, ascending, one run per document."""
    weights: npt.NDArray[np.float32]
    """The weight of each of ``flat``."""
    offsets: npt.NDArray[np.int64]
    sizes: npt.NDArray[np.int64]
    """How many shingles of each document weigh something."""
    totals: npt.NDArray[np.float64]
    """The summed weight of each document's shingles."""
    keys: npt.NDArray[np.uint64] | None = None
