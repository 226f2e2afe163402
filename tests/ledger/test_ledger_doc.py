"""docs/ledger.md holds: its worked example is what the code computes, its snippet checks proofs."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onnotice.ledger.canonical import canonical_payload, entry_bytes
from onnotice.ledger.note import checkpoint_body, sign_note, verifier_key
from onnotice.ledger.tree import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_hash,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "ledger.md").read_text("utf-8")
TIME = "2026-11-23T16:20:00.000000Z"
ENTRIES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("alice", "notice", "notice-1", {"title": "Café closes", "score": 0.5}),
    ("alice", "notice.match", "acme", {"notice": "notice-1", "categories": ["lawsuit"]}),
    ("bob", "decision", "acme", {"action": "escalate"}),
]


def _example() -> tuple[list[bytes], list[bytes]]:
    data = [
        entry_bytes(seq, TIME, actor, kind, subject, canonical_payload(payload))
        for seq, (actor, kind, subject, payload) in enumerate(ENTRIES)
    ]
    return data, [leaf_hash(d) for d in data]


def test_the_worked_example_is_what_the_code_computes() -> None:
    data, leaves = _example()
    assert data[0].decode() in DOC
    for i, leaf in enumerate(leaves):
        assert f"leaf {i}  {leaf.hex()}" in DOC
    n01 = node_hash(leaves[0], leaves[1])
    root = root_hash(leaves)
    assert n01.hex() in DOC and root.hex() in DOC
    assert base64.b64encode(root).decode() in DOC
    assert inclusion_proof(leaves, 2) == [n01]
    assert inclusion_proof(leaves, 0) == [leaves[1], leaves[2]]
    assert consistency_proof(leaves, 2) == [leaves[2]]
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    note = sign_note(checkpoint_body("example.org/ledger", 3, root), "example.org/ledger", key)
    assert f"```\n{note}```" in DOC
    assert verifier_key("example.org/ledger", key.public_key()) in DOC


def _snippet() -> dict[str, Any]:
    code = re.search(r"```python\n(.*?)```", DOC, re.DOTALL)
    assert code is not None
    scope: dict[str, Any] = {}
    exec(compile(code.group(1), "docs/ledger.md", "exec"), scope)
    return scope


def test_the_docs_snippet_checks_proofs_and_refuses_bad_ones() -> None:
    check = _snippet()
    leaves = [leaf_hash(str(i).encode()) for i in range(21)]
    for n in range(1, 22):
        root = root_hash(leaves[:n])
        for i in range(n):
            path = inclusion_proof(leaves[:n], i)
            assert check["check_inclusion"](i, n, str(i).encode(), path, root)
            assert not check["check_inclusion"](i, n, b"other", path, root)
        for m in range(1, n + 1):
            path = consistency_proof(leaves[:n], m)
            old = root_hash(leaves[:m])
            assert check["check_consistency"](m, n, old, root, path)
            if m < n:
                assert not check["check_consistency"](m, n, root, old, path)
    data, example = _example()
    path = inclusion_proof(example, 1)
    assert check["check_inclusion"](1, 3, data[1], path, root_hash(example))
