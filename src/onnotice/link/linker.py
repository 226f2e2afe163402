"""Incremental linking: add listings in batches, read the clusters at any point.

``add`` does the costly work once per listing (its identifiers are indexed, its text
shingled). ``result`` then joins components afresh from what is stored: identifiers
under the hub guard, then the text candidates that still join two groups (text first
when the bridge test is on, since it asks which groups text alone makes). Every decision there
depends on the whole set of listings, never on the order of batches, so linking in
batches gives the same clusters as one run over everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from onnotice.collector import paused
from onnotice.link.build import build_clusters
from onnotice.link.clusters import Cluster
from onnotice.link.ids import HUB_PLATFORMS, Edge, Hub, merge_identifiers
from onnotice.link.items import STRONG_PREFIXES, LinkItem
from onnotice.link.text import Shingles, TextIndex
from onnotice.link.unionfind import UnionFind

HUB_LIMIT = 100
# The bridge test is off by default: on the synthetic corpus it split families whose
# second phone no other link reached (recall 0.92 against 0.99), and a weak identifier
# shared across phones already needs the text to agree.
BRIDGE_MIN = 0
THRESHOLD = 0.5
# A weak identifier between two listings with different phones needs this much text
# agreement: one family's ads vary (names rotate, lines drop) far more than a duplicate.
WEAK_TEXT = 0.1
WEAK_SHARED = 3


@dataclass(frozen=True, slots=True)
class LinkResult:
    """Clusters of two listings or more, largest first, and the identifiers held back."""

    clusters: tuple[Cluster, ...]
    hubs: tuple[Hub, ...]
    listings: int


class Linker:
    """Links listings by shared identifiers and near-duplicate text, batch by batch.

    With ``workers`` > 1, signatures, LSH buckets and cluster templates are made in that
    many forked processes (where the platform forks); the result is the same.
    """

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        hub_limit: int = HUB_LIMIT,
        bridge_min: int = BRIDGE_MIN,
        text: bool = True,
        templates: bool = True,
        workers: int = 1,
        hub_platforms: int = HUB_PLATFORMS,
    ) -> None:
        self.hub_limit, self.bridge_min, self.templates = hub_limit, bridge_min, templates
        self.hub_platforms = hub_platforms
        self.workers = workers
        self.items: list[LinkItem] = []
        self.members: dict[str, list[int]] = {}
        self.text = TextIndex(threshold=threshold, workers=workers) if text else None

    def add(self, items: Iterable[LinkItem]) -> None:
        """Index a batch of listings: identifiers and text."""
        batch = list(items)
        self.add_items(batch)
        if self.text is not None:
            self.text.add([item.text for item in batch])

    def add_shingled(
        self, batch: list[LinkItem], flat: Shingles, sizes: npt.NDArray[np.int64]
    ) -> None:
        """Index a batch whose texts are shingled already (``link_batch``, e.g. in worker
        processes): what ``add`` does, less the shingling."""
        self.add_items(batch)
        if self.text is not None:
            self.text.add_flat(flat, sizes)

    def add_items(self, batch: list[LinkItem]) -> None:
        """Index identifiers only; the caller adds the shingles (``text.add_shingles``)."""
        start = len(self.items)
        self.items.extend(batch)
        members = self.members
        with paused():
            for offset, item in enumerate(batch, start):
                for key in item.ids:
                    members.setdefault(key, []).append(offset)

    def text_edges(self) -> list[Edge]:
        """Verified near-duplicate pairs over everything added so far."""
        if self.text is None:
            return []
        return [Edge(a, b, "text", f"text similarity {s:.2f}", s) for a, b, s in self.text.pairs()]

    def _corroborate(self, a: int, b: int) -> str | None:
        """Evidence that two listings sharing a weak identifier are one poster's."""
        strong_a = {k for k in self.items[a].ids if k.startswith(STRONG_PREFIXES)}
        strong_b = {k for k in self.items[b].ids if k.startswith(STRONG_PREFIXES)}
        if not strong_a or not strong_b or strong_a & strong_b:
            return ""
        # Different phones: the same user name is a coincidence unless the text agrees.
        if self.text is None:
            return None
        similarity = self.text.similarity(a, b, WEAK_SHARED)
        return f"; text similarity {similarity:.2f}" if similarity >= WEAK_TEXT else None

    def _join_by_text(self, uf: UnionFind) -> list[Edge]:
        """Verify the candidate pairs that ``uf`` does not join yet, and join them.

        A pair already in one group cannot change the components, so it is not checked:
        most candidates are listings of one family already joined by its phone.
        """
        if self.text is None:
            return []
        pairs = self.text.candidates()
        if len(pairs) == 0:
            return []
        roots = uf.roots()
        open_pairs = self.text.plausible(pairs[roots[pairs[:, 0]] != roots[pairs[:, 1]]])
        # Similarities are computed for all open pairs at once; only those that pass can
        # join anything, and they are taken in order as before, so the result is the same.
        passing, similar = self.text.passing(open_pairs)
        edges = []
        find = uf.find
        for (a, b), found in zip(passing.tolist(), similar, strict=True):
            if find(a) != find(b):
                uf.union(a, b)
                edges.append(Edge(a, b, "text", f"text similarity {found:.2f}", found))
        return edges

    def result(self) -> LinkResult:
        """Components over everything added so far, as clusters."""
        with paused():
            return self._result()

    def _result(self) -> LinkResult:
        uf = UnionFind(len(self.items))
        # The bridge test asks which groups text alone makes: then text goes first.
        first = self.text_edges() if self.bridge_min > 0 else []
        edges = [e for e in first if uf.union(e.a, e.b)]
        id_edges, hubs = merge_identifiers(
            uf, self.members, hub_limit=self.hub_limit, bridge_min=self.bridge_min,
            corroborate=self._corroborate, platforms=[item.platform for item in self.items],
            hub_platforms=self.hub_platforms,
        )
        edges += id_edges
        if self.bridge_min <= 0:
            # No decision on identifiers depends on text links, so they can go first,
            # and only pairs that could still join two groups need verifying.
            edges += self._join_by_text(uf)
        by_root: dict[int, list[Edge]] = {}
        find = uf.find
        for edge in edges:
            by_root.setdefault(find(edge.a), []).append(edge)
        components = [(group, by_root[find(group[0])]) for group in uf.groups()]
        clusters = build_clusters(self.items, components, templates=self.templates,
                                  workers=self.workers)
        clusters.sort(key=lambda c: (-c.size, c.first_seen, c.id))
        return LinkResult(tuple(clusters), tuple(sorted(hubs, key=lambda h: h.key)),
                          len(self.items))


def link_items(
    items: Iterable[LinkItem],
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    bridge_min: int = BRIDGE_MIN,
    text: bool = True,
    templates: bool = True,
    workers: int = 1,
    hub_platforms: int = HUB_PLATFORMS,
) -> LinkResult:
    """Link one collection of listings in one go."""
    linker = Linker(threshold=threshold, hub_limit=hub_limit, bridge_min=bridge_min,
                    text=text, templates=templates, workers=workers,
                    hub_platforms=hub_platforms)
    linker.add(items)
    return linker.result()
