"""RFC 9162 Merkle tree hashing, the append frontier, and inclusion and consistency proofs.

Leaf hash = SHA-256(0x00 || data), node hash = SHA-256(0x01 || left || right); the tree
of n leaves splits at the largest power of two below n (RFC 9162 section 2.1.1). Proof
generation takes the leaf hashes; verification takes only the proof, as a third party
would. The verifiers follow RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not verify, or whose shape does not fit its tree sizes."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# The frontier of a tree of n leaves: the roots of its perfect subtrees, largest first,
# one per set bit of n. Appending touches only these, so an append is O(log n).


def frontier_append(frontier: list[bytes], size: int, leaf: bytes) -> None:
    """Add leaf hash ``leaf`` as leaf number ``size`` to ``frontier`` (changed in place)."""
    carry = leaf
    index = size
    while index & 1:
        carry = node_hash(frontier.pop(), carry)
        index >>= 1
    frontier.append(carry)


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The root hash of the tree whose frontier this is."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


def pack_frontier(frontier: Sequence[bytes]) -> bytes:
    """The frontier as stored: its hashes concatenated, largest subtree first."""
    return b"".join(frontier)


def unpack_frontier(state: bytes, size: int) -> list[bytes]:
    """The frontier stored for a tree of ``size`` leaves; ValueError if it cannot be it."""
    if len(state) != HASH_SIZE * size.bit_count():
        raise ValueError(f"stored frontier has {len(state)} bytes, not one hash per set bit")
    return [state[i : i + HASH_SIZE] for i in range(0, len(state), HASH_SIZE)]


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """The root hash of the tree over these leaf hashes (MTH of RFC 9162)."""
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves):
        frontier_append(frontier, size, leaf)
    return frontier_root(frontier)


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree over ``leaves`` (RFC 9162 PATH)."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    # Walk down from the root, keeping the sibling subtree's root at each split.
    while hi - lo > 1:
        k = _split(hi - lo)
        if index - lo < k:
            path.append(root_hash(leaves[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_hash(leaves[lo : lo + k]))
            lo += k
    path.reverse()
    return path


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the tree of ``old_size`` leaves is a prefix of this one (RFC 9162)."""
    n = len(leaves)
    if not 0 < old_size <= n:
        raise ValueError(f"old size {old_size} is not in 1..{n}")
    path: list[bytes] = []
    m, lo, hi, complete = old_size, 0, n, True
    # SUBPROOF(m, D[lo:hi], complete) unrolled: the recursion is a tail call each time.
    while True:
        if m == hi - lo:
            if not complete:
                path.append(root_hash(leaves[lo:hi]))
            break
        k = _split(hi - lo)
        if m <= k:
            path.append(root_hash(leaves[lo + k : hi]))
            hi = lo + k
        else:
            path.append(root_hash(leaves[lo : lo + k]))
            lo, m, complete = lo + k, m - k, False
    path.reverse()
    return path


def _check_hashes(*hashes: bytes) -> None:
    """Reject any hash that is not SHA-256 sized, before it is hashed into anything."""
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ProofError(f"a hash in the proof is not {HASH_SIZE} bytes")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf hash ``leaf`` is leaf ``index`` of the tree ``root``; ProofError if not."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of {size}")
    _check_hashes(leaf, root, *proof)
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    if r != root:
        raise ProofError("inclusion proof does not lead to the root hash")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Check that tree ``root1`` of ``size1`` is a prefix of ``root2``; ProofError if not."""
    if not 0 <= size1 <= size2:
        raise ProofError(f"tree size {size1} is not in 0..{size2}")
    if size1 == 0:
        # Trivially true, so a claim of it proves nothing; transparency-dev rejects it too.
        raise ProofError("a consistency proof from the empty tree is meaningless")
    if size1 == size2:
        if proof:
            raise ProofError("a proof between equal tree sizes must be empty")
        if root1 != root2:
            raise ProofError("equal tree sizes with different root hashes")
        return
    _check_hashes(root1, root2, *proof)
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        # size1 a power of two: the old root is itself a node of the new tree.
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the trees are deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the trees are deep")
    if fr != root1:
        raise ProofError("consistency proof does not lead to the old root hash")
    if sr != root2:
        raise ProofError("consistency proof does not lead to the new root hash")
