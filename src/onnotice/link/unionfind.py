"""A growing union-find (disjoint sets) with path halving and union by size."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class UnionFind:
    """Disjoint sets over 0..n-1 that grow with ``add``; ``size`` is valid at roots."""

    __slots__ = ("parent", "size")

    def __init__(self, n: int = 0) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def __len__(self) -> int:
        return len(self.parent)

    def add(self, n: int = 1) -> None:
        """Append ``n`` singleton sets."""
        start = len(self.parent)
        self.parent.extend(range(start, start + n))
        self.size.extend([1] * n)

    def find(self, x: int) -> int:
        """The root of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        """Merge the sets of ``a`` and ``b``; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return True

    def roots(self) -> npt.NDArray[np.int64]:
        """The root of every element."""
        find = self.find
        return np.fromiter(map(find, range(len(self.parent))), np.int64, len(self.parent))

    def groups(self) -> list[list[int]]:
        """Every set with two members or more, members ascending, by smallest member."""
        roots = self.roots()
        order = np.argsort(roots, kind="stable")
        ordered = roots[order]
        edge = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], edge))
        sizes = np.diff(np.concatenate((starts, [len(roots)])))
        big = np.flatnonzero(sizes > 1)
        # Each group's smallest member comes first (the sort is stable): order by it.
        big = big[np.argsort(order[starts[big]], kind="stable")]
        members = order.tolist()
        return [members[lo : lo + n] for lo, n in zip(starts[big].tolist(), sizes[big].tolist(),
                                                      strict=True)]
