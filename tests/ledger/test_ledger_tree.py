"""The tree against a literal reading of RFC 9162: roots, the frontier, proofs both ways."""

from __future__ import annotations

import hashlib

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from onnotice.ledger.canonical import canonical_payload, entry_bytes
from onnotice.ledger.tree import (
    EMPTY_ROOT,
    ProofError,
    consistency_proof,
    frontier_append,
    frontier_root,
    inclusion_proof,
    leaf_hash,
    node_hash,
    pack_frontier,
    root_hash,
    unpack_frontier,
    verify_consistency,
    verify_inclusion,
)


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 9162 section 2.1.1 writes it (over leaf hashes)."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(str(i).encode()) for i in range(n)]


def test_known_answers_from_the_rfc6962_tests() -> None:
    assert EMPTY_ROOT.hex().startswith("e3b0c442")
    assert root_hash([]) == EMPTY_ROOT
    want = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert leaf_hash(b"").hex() == want


@pytest.mark.parametrize("n", range(70))
def test_root_and_frontier_match_the_rfc_definition(n: int) -> None:
    leaves = _leaves(n)
    frontier: list[bytes] = []
    for i, leaf in enumerate(leaves):
        frontier_append(frontier, i, leaf)
        assert frontier_root(frontier) == mth(leaves[: i + 1])
    assert len(frontier) == n.bit_count()
    assert unpack_frontier(pack_frontier(frontier), n) == frontier
    assert root_hash(leaves) == mth(leaves)


def test_a_frontier_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError):
        unpack_frontier(b"\x00" * 32, 3)


@pytest.mark.parametrize("n", range(1, 40))
def test_every_inclusion_proof_verifies_and_no_other_leaf_does(n: int) -> None:
    leaves = _leaves(n)
    root = mth(leaves)
    for i in range(n):
        proof = inclusion_proof(leaves, i)
        verify_inclusion(i, n, leaves[i], proof, root)
        with pytest.raises(ProofError):
            verify_inclusion(i, n, leaf_hash(b"other"), proof, root)
        if n > 1:
            with pytest.raises(ProofError):
                verify_inclusion((i + 1) % n, n, leaves[i], proof, root)


@pytest.mark.parametrize("n", range(1, 34))
def test_every_consistency_proof_verifies(n: int) -> None:
    leaves = _leaves(n)
    for m in range(1, n + 1):
        proof = consistency_proof(leaves, m)
        verify_consistency(m, n, mth(leaves[:m]), mth(leaves), proof)
        if m < n:
            with pytest.raises(ProofError):
                verify_consistency(m, n, mth(leaves[:m]), mth(_leaves(n + 1)[1:]), proof)


@given(st.integers(1, 300), st.data())
def test_a_flipped_byte_in_a_proof_never_verifies(n: int, data: st.DataObject) -> None:
    leaves = _leaves(n)
    index = data.draw(st.integers(0, n - 1))
    proof = inclusion_proof(leaves, index)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        byte = data.draw(st.integers(0, 31))
        bad = bytearray(proof[at])
        bad[byte] ^= 1
        proof[at] = bytes(bad)
        with pytest.raises(ProofError):
            verify_inclusion(index, n, leaves[index], proof, mth(leaves))
    old = data.draw(st.integers(1, n))
    cproof = consistency_proof(leaves, old)
    if cproof:
        cproof[0] = bytes(32)
        with pytest.raises(ProofError):
            verify_consistency(old, n, mth(leaves[:old]), mth(leaves), cproof)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(
    st.integers(0, 2**40),
    st.text(),
    st.text(),
    st.text(),
    st.text(),
    st.dictionaries(st.text(), json_values, max_size=5),
)
def test_entry_bytes_are_the_jcs_of_the_whole_entry(
    seq: int, time: str, actor: str, kind: str, subject: str, payload: dict[str, object]
) -> None:
    try:
        whole = rfc8785.dumps(
            {
                "seq": seq,
                "time": time,
                "actor": actor,
                "kind": kind,
                "subject": subject,
                "payload": payload,
            }
        )
    except rfc8785.CanonicalizationError:
        return  # lone surrogates: append refuses those before hashing
    got = entry_bytes(seq, time, actor, kind, subject, canonical_payload(payload))
    assert got == whole
