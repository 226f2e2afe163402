"""The audit in memory: any single mutation of the stored rows is caught at its place."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from onnotice.errors import LedgerIntegrityError
from onnotice.ledger.audit import audit_ledger
from onnotice.ledger.canonical import canonical_payload, entry_bytes
from onnotice.ledger.note import checkpoint_body, parse_verifier_key, sign_note, verifier_key
from onnotice.ledger.tree import frontier_append, frontier_root, leaf_hash, pack_frontier

NAME = "example.org/ledger"
KEY = Ed25519PrivateKey.generate()
VERIFIER = parse_verifier_key(verifier_key(NAME, KEY.public_key()))


class Row(NamedTuple):
    seq: int
    time: str
    actor: str
    kind: str
    subject: str
    payload: str
    leaf_hash: bytes


class Signed(NamedTuple):
    tree_size: int
    root_hash: bytes
    note: str


def build(batches: list[int]) -> tuple[list[Row], list[Signed], tuple[int, bytes]]:
    """A ledger appended in these batch sizes, as the flow would store it."""
    rows: list[Row] = []
    signed: list[Signed] = []
    frontier: list[bytes] = []
    for size in batches:
        for _ in range(size):
            seq = len(rows)
            payload = canonical_payload({"seq": seq}).decode()
            fields = (seq, "2026-11-23T16:20:00.000000Z", "eve", "notice", f"s{seq}", payload)
            leaf = leaf_hash(entry_bytes(*fields[:5], payload.encode()))
            frontier_append(frontier, seq, leaf)
            rows.append(Row(*fields, leaf))
        root = frontier_root(frontier)
        note = sign_note(checkpoint_body(NAME, len(rows), root), NAME, KEY)
        signed.append(Signed(len(rows), root, note))
    return rows, signed, (len(rows), pack_frontier(frontier))


batches = st.lists(st.integers(1, 5), min_size=1, max_size=8)


@given(batches)
def test_an_untouched_ledger_verifies(sizes: list[int]) -> None:
    rows, signed, state = build(sizes)
    head = audit_ledger(rows, signed, VERIFIER, state)
    assert head == (len(rows), signed[-1].root_hash)


@given(batches, st.data())
def test_an_edited_field_is_caught_at_its_row(sizes: list[int], data: st.DataObject) -> None:
    rows, signed, state = build(sizes)
    at = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(["time", "actor", "kind", "subject", "payload"]))
    # Surrogates too: text no append writes must still read as tampering, not crash.
    text = st.text(st.characters(exclude_categories=()), min_size=1)
    value = data.draw(text.filter(lambda v: v != getattr(rows[at], field)))
    rows[at] = rows[at]._replace(**{field: value})
    with pytest.raises(LedgerIntegrityError) as info:
        audit_ledger(rows, signed, VERIFIER, state)
    assert info.value.seq == at


@given(batches, st.data())
def test_a_deleted_row_is_caught_at_its_place(sizes: list[int], data: st.DataObject) -> None:
    rows, signed, state = build(sizes)
    at = data.draw(st.integers(0, len(rows) - 1))
    del rows[at]
    with pytest.raises(LedgerIntegrityError) as info:
        audit_ledger(rows, signed, VERIFIER, state)
    assert info.value.seq == at


@given(batches.filter(lambda s: sum(s) > 1), st.data())
def test_swapped_rows_are_caught_at_the_first(sizes: list[int], data: st.DataObject) -> None:
    rows, signed, state = build(sizes)
    i, j = sorted(
        data.draw(st.lists(st.integers(0, len(rows) - 1), min_size=2, max_size=2, unique=True))
    )
    rows[i], rows[j] = rows[j]._replace(seq=i), rows[i]._replace(seq=j)
    with pytest.raises(LedgerIntegrityError) as info:
        audit_ledger(rows, signed, VERIFIER, state)
    assert info.value.seq == i


@given(batches)
def test_a_row_beyond_the_last_checkpoint_is_caught(sizes: list[int]) -> None:
    rows, signed, state = build(sizes)
    n = len(rows)
    payload = rows[-1].payload
    extra = Row(n, rows[-1].time, "eve", "notice", "x", payload, b"")
    extra = extra._replace(leaf_hash=leaf_hash(entry_bytes(*extra[:5], payload.encode())))
    with pytest.raises(LedgerIntegrityError) as info:
        audit_ledger([*rows, extra], signed, VERIFIER, state)
    assert info.value.seq == n
