"""Linking listings into the operations behind them: shared identifiers and reused text (pure).

``link_item`` reduces a listing to its identifiers; a ``Linker`` takes items in batches
and gives clusters whose every edge says why two listings were joined.
"""

from __future__ import annotations

from onnotice.link.clusters import Cluster, Reason, build_cluster
from onnotice.link.ids import HUB_PLATFORMS, Edge, Hub, merge_identifiers
from onnotice.link.items import LinkItem, link_batch, link_item
from onnotice.link.linker import HUB_LIMIT, THRESHOLD, Linker, LinkResult, link_items
from onnotice.link.template import extract_template

__all__ = [
    "HUB_LIMIT",
    "HUB_PLATFORMS",
    "THRESHOLD",
    "Cluster",
    "Edge",
    "Hub",
    "LinkItem",
    "LinkResult",
    "Linker",
    "Reason",
    "build_cluster",
    "extract_template",
    "link_batch",
    "link_item",
    "link_items",
    "merge_identifiers",
]
