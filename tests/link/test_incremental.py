"""Linking in batches gives the clusters of one full run; the graph export opens in networkx."""

from __future__ import annotations

import io

import networkx as nx
import orjson
import pytest

from onnotice.link import Edge, Linker, LinkItem, LinkResult, link_batch, link_item
from onnotice.link.build import build_clusters
from onnotice.link.graph import graph_json, graphml
from onnotice.model import Listing
from onnotice.synth import sample_corpus


# Module-scoped fixtures, not module-level caches: they are freed when this module is
# done, so they do not weigh on the memory tests of other modules.
@pytest.fixture(scope="module")
def items() -> tuple[LinkItem, ...]:
    records = sample_corpus(1500, seed=3)
    return tuple(
        link_item(Listing(r["id"], f"{r['title']}\n{r['body']}", r)) for r in records
    )


@pytest.fixture(scope="module")
def full(items: tuple[LinkItem, ...]) -> LinkResult:
    linker = Linker()
    linker.add(items)
    return linker.result()


def as_data(result: LinkResult) -> list[dict[str, object]]:
    return [c.to_dict() for c in result.clusters]


@pytest.mark.parametrize("cuts", [(750,), (1, 2, 900), (100, 600, 601, 1400)])
def test_batches_give_the_clusters_of_one_run(
    cuts: tuple[int, ...], items: tuple[LinkItem, ...], full: LinkResult
) -> None:
    linker = Linker()
    bounds = (0, *cuts, len(items))
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        linker.add(items[lo:hi])
        partial = linker.result()  # reading between batches must not disturb later ones
        assert partial.listings == hi
    result = linker.result()
    assert len(result.clusters) > 20
    assert as_data(result) == as_data(full)
    assert result.hubs == full.hubs


def test_a_new_batch_joins_existing_clusters(items: tuple[LinkItem, ...]) -> None:
    linker = Linker()
    linker.add(items[:700])
    before = {m: c.id for c in linker.result().clusters for m in c.members}
    linker.add(items[700:])
    after = {m: c.id for c in linker.result().clusters for m in c.members}
    # A cluster's id comes from its earliest listing: a cluster that only grew keeps it.
    kept = sum(after.get(m) == cid for m, cid in before.items())
    assert kept > 0.8 * len(before)
    assert len(after) > len(before)


def test_graphml_export_opens_in_networkx(full: LinkResult) -> None:
    result = full
    graph = nx.read_graphml(io.BytesIO(graphml(result).encode("utf-8")))
    assert graph.number_of_nodes() == sum(c.size for c in result.clusters)
    assert nx.number_connected_components(graph) == len(result.clusters)
    first = result.clusters[0]
    node = graph.nodes[first.members[0]]
    assert node["cluster"] == first.id
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert "phone" in kinds


def test_json_export_opens_in_networkx(full: LinkResult) -> None:
    result = full
    data = orjson.loads(graph_json(result))
    graph = nx.node_link_graph(data, edges="edges")
    assert nx.number_connected_components(graph) == len(result.clusters)
    assert all("evidence" in d for _, _, d in graph.edges(data=True))


def test_clusters_built_in_worker_processes_are_the_same(items: tuple[LinkItem, ...]) -> None:
    linker = Linker()
    linker.add(items)
    components = [
        (list(range(n, n + 3)), [Edge(n, n + 1, "phone", "shared phone x"),
                                 Edge(n + 1, n + 2, "text", "text similarity 0.90", 0.9)])
        for n in range(0, 300, 3)
    ]
    here = build_clusters(linker.items, components)
    forked = build_clusters(linker.items, components, workers=2, min_parallel=0)
    assert [c.to_dict() for c in forked] == [c.to_dict() for c in here]
    assert here[0].template["text"]


def test_batches_decide_platform_hubs_as_one_run(items: tuple[LinkItem, ...]) -> None:
    whole = Linker(hub_platforms=1)
    whole.add(items)
    expected = whole.result()
    assert any("platforms" in h.reason for h in expected.hubs)
    linker = Linker(hub_platforms=1)
    for lo in range(0, len(items), 400):
        linker.add(items[lo : lo + 400])
        linker.result()
    result = linker.result()
    assert as_data(result) == as_data(expected)
    assert result.hubs == expected.hubs


def test_batches_extracted_apart_give_the_clusters_of_add(full: LinkResult) -> None:
    records = sample_corpus(1500, seed=3)
    listings = [Listing(r["id"], f"{r['title']}\n{r['body']}", r) for r in records]
    linker = Linker()
    for lo in range(0, len(listings), 500):
        linker.add_shingled(*link_batch(listings[lo : lo + 500]))
    assert as_data(linker.result()) == as_data(full)
