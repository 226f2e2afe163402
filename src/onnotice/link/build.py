"""Building clusters from components: summaries and templates, here or in forked workers.

Templates are most of the work and each depends on one component's texts only, so
they can be made in worker processes forked from the linker: the workers inherit the
texts as one buffer (never pickled) and send each range's templates back as one JSON
document, while this process builds the summaries of the ranges before them.
Where ``fork`` is not available everything runs in this process; the result is the
same either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from onnotice.link.clusters import Cluster, build_cluster
from onnotice.link.ids import Edge
from onnotice.link.items import LinkItem
from onnotice.link.parallel import can_fork, fork_map, shared
from onnotice.link.template import SAMPLE, extract_template

Component = tuple[list[int], list[Edge]]
"""A component's listings (indices, ascending) and the edges that joined them."""

# Components per task: a few hundredths of a second of work each.
_TASK = 1000
# Below this many components a pool costs more than it saves.
_MIN_PARALLEL = 4000
_Texts = tuple[bytes, npt.NDArray[np.int64], npt.NDArray[np.int64]]


def cluster_of(
    items: Sequence[LinkItem],
    group: list[int],
    edges: list[Edge],
    template: dict[str, Any] | None = None,
) -> Cluster:
    """The cluster of one component: its members, its edges (re-indexed), a template
    (made here unless given; ``{}`` for none)."""
    local = {g: n for n, g in enumerate(group)}
    members = [items[g] for g in group]
    own = sorted(edges, key=lambda e: (e.a, e.b))
    if template is None:
        template = extract_template([m.text for m in members])
    return build_cluster(
        members,
        [Edge(local[e.a], local[e.b], e.kind, e.evidence, e.similarity) for e in own],
        template=template,
    )


def _templates(bounds: tuple[int, int]) -> bytes:
    blob, ends, firsts = shared()
    out = []
    for n in range(bounds[0], bounds[1]):
        lo, hi = int(firsts[n]), int(firsts[n + 1])
        starts = ends[lo - 1 : hi - 1] if lo else np.concatenate(([0], ends[: hi - 1]))
        out.append(extract_template([
            blob[a:b].decode("utf-8", "surrogatepass")
            for a, b in zip(starts.tolist(), ends[lo:hi].tolist(), strict=True)
        ]))
    return orjson.dumps(out)


def _texts(items: Sequence[LinkItem], components: Sequence[Component]) -> _Texts:
    """The texts a template reads (a component's first members), as one UTF-8 buffer,
    where each text ends, and where each component's texts start (one more at the end).

    Workers read texts from the buffer, not from the listings: touching a listing
    writes its reference count, and so copies its memory page into the worker.
    """
    texts = [items[g].text.encode("utf-8", "surrogatepass")
             for group, _ in components for g in group[:SAMPLE]]
    counts = [min(len(group), SAMPLE) for group, _ in components]
    ends = np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)))
    firsts = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
    return b"".join(texts), ends, firsts


def build_clusters(
    items: Sequence[LinkItem],
    components: Sequence[Component],
    *,
    templates: bool = True,
    workers: int = 1,
    min_parallel: int = _MIN_PARALLEL,
) -> list[Cluster]:
    """The cluster of every component, in order; templates in ``workers`` processes
    when there are at least ``min_parallel`` components."""
    if not templates:
        return [cluster_of(items, g, e, {}) for g, e in components]
    if len(components) < min_parallel or not can_fork(workers):
        return [cluster_of(items, g, e) for g, e in components]
    ranges = [(lo, min(lo + _TASK, len(components)))
              for lo in range(0, len(components), _TASK)]
    out: list[Cluster] = []
    made = fork_map(_templates, ranges, _texts(items, components), workers)
    for (lo, hi), found in zip(ranges, made, strict=True):
        for (group, edges), template in zip(components[lo:hi], orjson.loads(found),
                                            strict=True):
            out.append(cluster_of(items, group, edges, template))
    return out
