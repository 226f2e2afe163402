"""The link graph for graph tools: listings as nodes, links as edges with their evidence.

GraphML (Gephi, networkx ``read_graphml``) and networkx's node-link JSON. Only listings
in clusters appear; each node carries its cluster id, each edge its kind, evidence and
similarity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

import orjson

if TYPE_CHECKING:
    from onnotice.link.linker import LinkResult

_KEYS = (
    ('<key id="cluster" for="node" attr.name="cluster" attr.type="string"/>'),
    ('<key id="score" for="node" attr.name="cluster_score" attr.type="double"/>'),
    ('<key id="kind" for="edge" attr.name="kind" attr.type="string"/>'),
    ('<key id="evidence" for="edge" attr.name="evidence" attr.type="string"/>'),
    ('<key id="similarity" for="edge" attr.name="similarity" attr.type="double"/>'),
)


def _esc(text: str) -> str:
    return quoteattr(text)[1:-1]


def graphml(result: LinkResult) -> str:
    """The clusters of ``result`` as a GraphML document."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        *_KEYS,
        '<graph id="onnotice" edgedefault="undirected">',
    ]
    for c in result.clusters:
        for member in c.members:
            lines.append(
                f'<node id="{_esc(member)}"><data key="cluster">{c.id}</data>'
                f'<data key="score">{c.score}</data></node>'
            )
        for e in c.edges:
            lines.append(
                f'<edge source="{_esc(c.members[e.a])}" target="{_esc(c.members[e.b])}">'
                f'<data key="kind">{_esc(e.kind)}</data>'
                f'<data key="evidence">{_esc(e.evidence)}</data>'
                f'<data key="similarity">{e.similarity}</data></edge>'
            )
    lines += ["</graph>", "</graphml>", ""]
    return "\n".join(lines)


def graph_json(result: LinkResult) -> str:
    """The clusters of ``result`` as networkx node-link JSON (``node_link_graph``)."""
    nodes: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for c in result.clusters:
        nodes += [{"id": m, "cluster": c.id, "cluster_score": c.score} for m in c.members]
        links += [
            {"source": c.members[e.a], "target": c.members[e.b], "kind": e.kind,
             "evidence": e.evidence, "similarity": e.similarity}
            for e in c.edges
        ]
    data = {"directed": False, "multigraph": False, "graph": {}, "nodes": nodes,
            "edges": links}
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
