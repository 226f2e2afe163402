"""Merging listings that share an identifier, with a guard against hubs.

An identifier shared by more listings than ``hub_limit`` (a site's support line, an
agency switchboard) or one that would join groups that nothing else links is reported
as a hub and merges nothing. Identifiers are taken strong kinds first (phones, emails,
image hashes), then handles and accounts, each kind in ascending order of how many
listings carry them, then by key: the order is a function of the final identifier map
alone, so linking in batches decides exactly as one full run does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from onnotice.link.items import STRONG_KINDS, STRONG_PREFIXES
from onnotice.link.unionfind import UnionFind


@dataclass(frozen=True, slots=True)
class Edge:
    """Why two listings (by index) were linked: ``kind`` is an identifier kind or ``text``."""

    a: int
    b: int
    kind: str
    evidence: str
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Hub:
    """An identifier kept from merging, with how many listings carry it and why."""

    key: str
    listings: int
    reason: str


HUB_PLATFORMS = 10
"""An identifier on more platforms (customers) than this is a hub. One operation posts
on two or three sites, and that is exactly what linking must catch, so the limit sits
well above that; an agency switchboard, a payment processor's line or a scammer's
number sprayed across dozens of sites is not one operation."""

Corroborate = Callable[[int, int], str | None]
"""Whether a weak identifier may join two listings: the evidence to add, or None."""


def _order(key: str, count: int) -> tuple[int, int, str]:
    return (0 if key.startswith(STRONG_PREFIXES) else 1, count, key)


def merge_identifiers(
    uf: UnionFind,
    members: Mapping[str, Sequence[int]],
    *,
    hub_limit: int,
    bridge_min: int,
    corroborate: Corroborate | None = None,
    platforms: Sequence[str] | None = None,
    hub_platforms: int = HUB_PLATFORMS,
) -> tuple[list[Edge], list[Hub]]:
    """Union listings that share an identifier in ``uf``; the edges added and the hubs.

    ``members`` maps each identifier key to the listings (indices, ascending) that carry
    it. With ``platforms`` (each listing's platform or customer, by index; "" for none),
    an identifier whose listings are on more than ``hub_platforms`` platforms is a hub
    too, however few its listings. An identifier bridges when its listings fall in two
    or more groups that each hold at least ``bridge_min`` listings without it; 0 turns
    the bridge test off. A weak identifier (handle, account) joins a listing to one
    that came before it only where ``corroborate`` gives evidence for the pair (it
    looks at up to ``_TRIES`` earlier listings); one it keeps apart is reported as a hub.
    """
    edges: list[Edge] = []
    hubs: list[Hub] = []
    shared = [(key, ids) for key, ids in members.items() if len(ids) > 1]
    shared.sort(key=lambda item: _order(item[0], len(item[1])))
    for key, ids in shared:
        if len(ids) > hub_limit:
            reason = f"in {len(ids)} listings, more than the hub limit of {hub_limit}"
            hubs.append(Hub(key, len(ids), reason))
            continue
        # An identifier in no more listings than the limit cannot exceed it in platforms.
        if platforms is not None and len(ids) > hub_platforms:
            spread = len({platforms[i] for i in ids} - {""})
            if spread > hub_platforms:
                reason = f"on {spread} platforms, more than the hub limit of {hub_platforms}"
                hubs.append(Hub(key, len(ids), reason))
                continue
        if bridge_min > 0:
            carried: dict[int, int] = {}
            for i in ids:
                root = uf.find(i)
                carried[root] = carried.get(root, 0) + 1
            groups = sum(1 for r, n in carried.items() if uf.size[r] - n >= bridge_min)
            if groups >= 2:
                reason = f"would join {groups} groups that nothing else links"
                hubs.append(Hub(key, len(ids), reason))
                continue
        kind, _, value = key.partition(":")
        evidence = f"shared {kind} {value}"
        if corroborate is None or kind in STRONG_KINDS:
            first = ids[0]
            edges.extend(Edge(first, o, kind, evidence) for o in ids[1:] if uf.union(first, o))
            continue
        accepted, refused = [ids[0]], 0
        for other in ids[1:]:
            for earlier in accepted[-_TRIES:]:
                extra = corroborate(earlier, other)
                if extra is not None:
                    break
            else:
                refused += 1
                continue
            accepted.append(other)
            if uf.union(earlier, other):
                edges.append(Edge(earlier, other, kind, evidence + extra))
        if refused:
            reason = f"kept {refused} listing(s) apart: other phones and unlike text"
            hubs.append(Hub(key, len(ids), reason))
    return edges, hubs


_TRIES = 4
