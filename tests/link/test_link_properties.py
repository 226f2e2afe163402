"""Invariants: union-find components, text similarity, templates."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from onnotice.link import extract_template
from onnotice.link.shingles import shingle_batch, shingles, tokens
from onnotice.link.text import TextIndex
from onnotice.link.unionfind import UnionFind

edges = st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=40)


@given(edges)
def test_union_find_groups_are_the_connected_components(pairs: list[tuple[int, int]]) -> None:
    uf = UnionFind(30)
    for a, b in pairs:
        uf.union(a, b)
    graph = nx.Graph()
    graph.add_nodes_from(range(30))
    graph.add_edges_from(pairs)
    expected = {frozenset(c) for c in nx.connected_components(graph) if len(c) > 1}
    assert {frozenset(g) for g in uf.groups()} == expected
    assert all(uf.size[uf.find(g[0])] == len(g) for g in uf.groups())


words = st.sampled_from("ruby jade new in town call 555 0101 💋 no games incall outcall".split())
texts = st.lists(st.lists(words, min_size=0, max_size=25).map(" ".join), min_size=2,
                 max_size=8)


@settings(max_examples=50)
@given(texts)
def test_similarity_is_symmetric_in_range_one_for_itself_and_same_at_once(
    docs: list[str],
) -> None:
    index = TextIndex(min_shared=1)
    index.add([*docs, docs[0]])
    last = len(docs)
    for a in range(len(docs)):
        for b in range(len(docs)):
            s = index.similarity(a, b)
            assert 0.0 <= s <= 1.0
            assert s == index.similarity(b, a)
    every = np.array([(a, b) for a in range(last + 1) for b in range(last + 1)], np.int64)
    at_once = index.similarities(every)
    assert at_once.tolist() == [index.similarity(a, b) for a, b in every.tolist()]
    weights = index.weights()[1]
    if len(index.kept(0)) and weights.any():
        assert index.similarity(0, last) in (0.0, 1.0)


@given(texts)
def test_template_slots_never_outnumber_words(docs: list[str]) -> None:
    template = extract_template(docs)
    assert 0.0 <= template["coverage"] <= 1.0
    filled = template["text"].split()
    assert len(template["slots"]) <= len(filled)
    assert sum(w.startswith("{") for w in filled) >= len(template["slots"])


@given(st.lists(st.text(max_size=60) | texts.map(" ".join), max_size=6))
def test_a_batch_shingles_each_text_as_alone(docs: list[str]) -> None:
    flat, sizes = shingle_batch(docs)
    assert len(sizes) == len(docs) and int(sizes.sum()) == len(flat)
    at = 0
    for doc, size in zip(docs, sizes.tolist(), strict=True):
        alone = shingles(doc)
        assert flat[at : at + size].tolist() == alone.tolist()
        assert list(alone) == sorted(set(alone.tolist()))
        assert (len(alone) == 0) == (not tokens(doc))
        at += size


def test_signatures_and_candidates_from_forked_workers_are_the_same() -> None:
    docs = [f"ad {n % 37} for {n % 11} new in town call {n % 5} now" for n in range(400)]
    here = TextIndex(min_shared=1)
    forked = TextIndex(min_shared=1, workers=2, min_parallel=0)
    for index in (here, forked):
        index.add(docs)
    assert (forked.signatures() == here.signatures()).all()
    assert len(here.candidates()) > 0
    assert forked.candidates().tolist() == here.candidates().tolist()
