"""Auditing a stored ledger: rebuild every leaf and the tree, check every signed checkpoint.

The walk streams entries in sequence order and keeps only the frontier, so memory stays
O(log n) however long the ledger. It names the first sequence number at which the
stored rows stop being what was signed: a missing number (a deleted row), a row whose
fields no longer hash to its leaf (edited or swapped), a range whose tree no longer
matches its signed checkpoint (rows rewritten along with their leaf hashes), or a row
beyond the last checkpoint (an insertion; every append signs a checkpoint for its size).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol

from onnotice.errors import LedgerIntegrityError
from onnotice.ledger.canonical import entry_bytes
from onnotice.ledger.note import NoteError, Verifier, open_note, parse_checkpoint
from onnotice.ledger.tree import frontier_append, frontier_root, leaf_hash, unpack_frontier


class EntryRow(Protocol):
    """A stored entry as the audit reads it."""

    @property
    def seq(self) -> int: ...
    @property
    def time(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def payload(self) -> str: ...
    @property
    def leaf_hash(self) -> bytes: ...


class CheckpointRow(Protocol):
    """A stored checkpoint as the audit reads it."""

    @property
    def tree_size(self) -> int: ...
    @property
    def root_hash(self) -> bytes: ...
    @property
    def note(self) -> str: ...


class Head(NamedTuple):
    """The size and root hash of a tree that verified."""

    tree_size: int
    root_hash: bytes


def row_bytes(row: EntryRow) -> bytes:
    """The canonical bytes (leaf data) of a stored entry, from its stored fields."""
    return entry_bytes(row.seq, row.time, row.actor, row.kind, row.subject, row.payload.encode())


def check_checkpoint(checkpoint: CheckpointRow, verifier: Verifier) -> None:
    """Check a stored checkpoint's signature, and that its note says its size and root."""
    size = checkpoint.tree_size
    try:
        body = parse_checkpoint(open_note(checkpoint.note, verifier))
    except NoteError as exc:
        raise LedgerIntegrityError(f"checkpoint of tree size {size}: {exc}") from exc
    if body.origin != verifier.name:
        raise LedgerIntegrityError(f"checkpoint of tree size {size}: origin {body.origin!r}")
    if body.tree_size != size or body.root_hash != checkpoint.root_hash:
        raise LedgerIntegrityError(
            f"checkpoint of tree size {size}: its signed note names another tree"
        )


def audit_ledger(
    entries: Iterable[EntryRow],
    checkpoints: Iterable[CheckpointRow],
    verifier: Verifier,
    state: tuple[int, bytes],
) -> Head:
    """Verify the whole ledger; its head, or LedgerIntegrityError at the first bad place.

    ``entries`` and ``checkpoints`` come in ascending order (sequence number, tree size).
    """
    frontier: list[bytes] = []
    size = 0  # leaves rebuilt so far: the sequence number the next row must carry
    signed = 0  # size of the last checkpoint matched
    pending = _checked(checkpoints, verifier)
    upcoming = next(pending, None)
    for row in entries:
        if row.seq != size:
            raise LedgerIntegrityError(
                f"entry {size} is missing (the next stored entry is {row.seq})", seq=size
            )
        try:
            leaf = leaf_hash(row_bytes(row))
        except ValueError as exc:  # text no append could have written (a lone surrogate)
            raise LedgerIntegrityError(f"entry {size} was changed: {exc}", seq=size) from exc
        if leaf != row.leaf_hash:
            raise LedgerIntegrityError(
                f"entry {size} was changed: its fields do not hash to its leaf hash", seq=size
            )
        frontier_append(frontier, size, leaf)
        size += 1
        if upcoming is not None and upcoming.tree_size == size:
            if frontier_root(frontier) != upcoming.root_hash:
                raise LedgerIntegrityError(
                    f"entries {signed}..{size - 1} do not match the signed checkpoint of "
                    f"tree size {size}: entry {signed} or a later one was rewritten",
                    seq=signed,
                )
            signed = size
            upcoming = next(pending, None)
        elif upcoming is None:
            raise LedgerIntegrityError(
                f"entry {size - 1} is not covered by any signed checkpoint", seq=size - 1
            )
    if upcoming is not None:
        raise LedgerIntegrityError(
            f"entry {size} is missing (the checkpoint of tree size {upcoming.tree_size} covers it)",
            seq=size,
        )
    _check_state(state, size, frontier)
    return Head(size, frontier_root(frontier))


def _checked(checkpoints: Iterable[CheckpointRow], verifier: Verifier) -> Iterator[CheckpointRow]:
    """The checkpoints, each one's signature checked as it is reached."""
    for checkpoint in checkpoints:
        check_checkpoint(checkpoint, verifier)
        yield checkpoint


def _check_state(state: tuple[int, bytes], size: int, frontier: list[bytes]) -> None:
    """The saved append state must be the tree just rebuilt, or the next append forks it."""
    stored_size, stored = state
    try:
        good = stored_size == size and unpack_frontier(stored, stored_size) == frontier
    except ValueError:
        good = False
    if not good:
        raise LedgerIntegrityError(
            f"the saved tree state (size {stored_size}) is not the tree of the {size} entries"
        )
