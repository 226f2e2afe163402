"""The ledger's flows: append entries under the lock, sign checkpoints, load the key.

Callers append inside their own transaction, so an entry is stored exactly when the
facts it records are. Each append reads only the tree's frontier (one hash per set bit
of its size), never old leaves, and signs one checkpoint for the new size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from sqlalchemy import Connection

from onnotice.errors import InputError, LedgerIntegrityError, NotFoundError
from onnotice.ledger.audit import Head, audit_ledger, check_checkpoint, row_bytes
from onnotice.ledger.canonical import canonical_json, canonical_payload, entry_bytes
from onnotice.ledger.note import (
    NoteError,
    Verifier,
    checkpoint_body,
    parse_verifier_key,
    sign_note,
    verifier_key,
)
from onnotice.ledger.tree import (
    consistency_proof,
    frontier_append,
    frontier_root,
    inclusion_proof,
    leaf_hash,
    pack_frontier,
    root_hash,
    unpack_frontier,
)
from onnotice.store.ledger import (
    StoredCheckpoint,
    StoredEntry,
    get_checkpoint,
    get_entry,
    insert_checkpoint,
    insert_entries,
    iter_checkpoints,
    iter_entries,
    latest_checkpoint,
    leaf_hashes,
    lock_ledger,
    read_state,
    save_state,
)

_KIND_MAX = 40  # the width of ledger_entries.kind


class NewEntry(NamedTuple):
    """An entry to append: who recorded what kind of fact about which subject."""

    actor: str
    kind: str
    """e.g. "ingest.batch", "notice", "notice.match", "risk.change", "decision"."""
    subject: str
    """e.g. a customer id or a notice id."""
    payload: Mapping[str, Any]
    """JSON-able details; stored as its RFC 8785 canonical JSON."""


@dataclass(frozen=True)
class Signer:
    """The checkpoint signer: origin (also the key name), private key and verifier key."""

    origin: str
    private_key: Ed25519PrivateKey
    verifier_key: str

    def sign_checkpoint(self, tree_size: int, root: bytes) -> str:
        """The signed checkpoint note for a tree of ``tree_size`` leaves with ``root``."""
        body = checkpoint_body(self.origin, tree_size, root)
        return sign_note(body, self.origin, self.private_key)


def _signer(key: Ed25519PrivateKey, origin: str) -> Signer:
    try:
        verifier = verifier_key(origin, key.public_key())
    except NoteError as exc:
        raise InputError(f"ledger origin: {exc}", field="ledger_origin") from exc
    return Signer(origin, key, verifier)


def read_signer(path: Path, origin: str) -> Signer:
    """The signer from an existing key file; InputError when missing or malformed."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"ledger key {path} does not exist", field="ledger_key") from exc
    except OSError as exc:
        raise InputError(f"ledger key {path}: {exc.strerror}", field="ledger_key") from exc
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"ledger key {path} is not an unencrypted PEM private key", field="ledger_key"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"ledger key {path} is not an Ed25519 key", field="ledger_key")
    return _signer(key, origin)


def load_signer(path: Path, origin: str) -> Signer:
    """The signer from ``path``, creating the key (PEM, mode 0600) when the file is missing."""
    if not path.exists():
        if not path.parent.is_dir():
            raise InputError(
                f"ledger key {path}: folder {path.parent} does not exist", field="ledger_key"
            )
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        try:
            # O_EXCL: two processes creating the key at once must not end with two keys.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return read_signer(path, origin)
        except OSError as exc:
            raise InputError(f"ledger key {path}: {exc.strerror}", field="ledger_key") from exc
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        return _signer(key, origin)
    return read_signer(path, origin)


def _checked(entry: NewEntry) -> bytes:
    """The entry's canonical payload, after checking its fields can be stored and hashed."""
    if not entry.kind or len(entry.kind) > _KIND_MAX:
        raise InputError(f"ledger entry kind {entry.kind!r} must be 1 to {_KIND_MAX} characters")
    try:
        canonical_json([entry.actor, entry.kind, entry.subject])
        return canonical_payload(entry.payload)
    except ValueError as exc:
        raise InputError(f"ledger entry {entry.kind} for {entry.subject!r}: {exc}") from exc


def append(conn: Connection, signer: Signer, now: str, entries: Sequence[NewEntry]) -> list[int]:
    """Append ``entries`` at time ``now`` in the caller's transaction; their sequence numbers."""
    if not entries:
        return []
    payloads = [_checked(entry) for entry in entries]
    size, state = lock_ledger(conn)
    try:
        frontier = unpack_frontier(state, size)
    except ValueError as exc:
        raise LedgerIntegrityError(f"ledger state: {exc}", seq=size) from exc
    rows: list[StoredEntry] = []
    for seq, (entry, payload) in enumerate(zip(entries, payloads, strict=True), start=size):
        data = entry_bytes(seq, now, entry.actor, entry.kind, entry.subject, payload)
        leaf = leaf_hash(data)
        frontier_append(frontier, seq, leaf)
        rows.append(
            StoredEntry(seq, now, entry.actor, entry.kind, entry.subject, payload.decode(), leaf)
        )
    new_size = size + len(rows)
    root = frontier_root(frontier)
    insert_entries(conn, rows)
    save_state(conn, new_size, pack_frontier(frontier))
    insert_checkpoint(
        conn, StoredCheckpoint(new_size, root, signer.sign_checkpoint(new_size, root), now)
    )
    return list(range(size, new_size))


class SignedHead(NamedTuple):
    """The newest signed checkpoint and the key that checks it."""

    tree_size: int
    root_hash: bytes
    checkpoint: str
    verifier_key: str


class InclusionProof(NamedTuple):
    """Proof that one entry (its canonical bytes ``leaf``) is in the tree of ``tree_size``."""

    leaf_index: int
    tree_size: int
    leaf: bytes
    leaf_hash: bytes
    inclusion_path: list[bytes]
    root_hash: bytes


class ConsistencyProof(NamedTuple):
    """Proof that the tree of ``tree_size_1`` leaves is a prefix of the one of ``tree_size_2``."""

    tree_size_1: int
    tree_size_2: int
    root_hash_1: bytes
    root_hash_2: bytes
    consistency_path: list[bytes]


def parse_verifier(text: str) -> Verifier:
    """A verifier key given by the user; InputError when it does not parse."""
    try:
        return parse_verifier_key(text)
    except NoteError as exc:
        raise InputError(f"verifier key: {exc}", field="verifier_key") from exc


def _counted(
    entries: Iterator[StoredEntry], progress: Callable[[int], None]
) -> Iterator[StoredEntry]:
    done = 0
    for done, entry in enumerate(entries, start=1):
        if done % 10_000 == 0:
            progress(done)
        yield entry
    progress(done)


def verify(
    conn: Connection, verifier: Verifier, progress: Callable[[int], None] | None = None
) -> Head:
    """Rebuild every leaf and the tree, check every checkpoint; LedgerIntegrityError if bad.

    ``progress``, when given, is called with the number of entries checked so far.
    """
    state = read_state(conn)
    with closing(iter_entries(conn)) as entries, closing(iter_checkpoints(conn)) as signed:
        rows = entries if progress is None else _counted(entries, progress)
        return audit_ledger(rows, signed, verifier, state)


def stored_size(conn: Connection) -> int:
    """How many entries the saved tree state says there are (for progress bars)."""
    return read_state(conn)[0]


def _signed_head(conn: Connection, verifier: Verifier) -> StoredCheckpoint:
    head = latest_checkpoint(conn)
    if head is None:
        raise NotFoundError("the ledger is empty: no checkpoint has been signed yet")
    check_checkpoint(head, verifier)
    return head


def head(conn: Connection, verifier: Verifier) -> SignedHead:
    """The newest checkpoint, its signature checked."""
    checkpoint = _signed_head(conn, verifier)
    return SignedHead(
        checkpoint.tree_size,
        checkpoint.root_hash,
        checkpoint.note,
        verifier_key(verifier.name, verifier.public_key),
    )


def _signed_tree(
    conn: Connection, verifier: Verifier, tree_size: int | None
) -> tuple[list[bytes], bytes]:
    """The stored leaf hashes of the tree of ``tree_size`` (default: the signed head), its root."""
    signed = _signed_head(conn, verifier)
    size = signed.tree_size if tree_size is None else tree_size
    if not 1 <= size <= signed.tree_size:
        raise InputError(f"tree size {size} is not in 1..{signed.tree_size}", field="tree_size")
    leaves = leaf_hashes(conn, size)
    root = root_hash(leaves)
    # A proof is only worth giving for a tree that was signed: check before handing it out.
    checkpoint = signed if size == signed.tree_size else get_checkpoint(conn, size)
    if len(leaves) != size or (checkpoint is not None and root != checkpoint.root_hash):
        raise LedgerIntegrityError(
            f"the stored leaves are not the signed tree of size {size}; run ledger verify"
        )
    return leaves, root


def prove(
    conn: Connection, verifier: Verifier, seq: int, tree_size: int | None = None
) -> InclusionProof:
    """The inclusion proof of entry ``seq`` in the tree of ``tree_size`` (default: the head)."""
    leaves, root = _signed_tree(conn, verifier, tree_size)
    if not 0 <= seq < len(leaves):
        raise NotFoundError(f"no entry {seq} in the tree of size {len(leaves)}", field="seq")
    entry = get_entry(conn, seq)
    if entry is None:
        raise LedgerIntegrityError(f"entry {seq} is missing; run ledger verify", seq=seq)
    data = row_bytes(entry)
    if leaf_hash(data) != leaves[seq]:
        raise LedgerIntegrityError(f"entry {seq} was changed; run ledger verify", seq=seq)
    path = inclusion_proof(leaves, seq)
    return InclusionProof(seq, len(leaves), data, leaves[seq], path, root)


def consistency(
    conn: Connection, verifier: Verifier, old_size: int, tree_size: int | None = None
) -> ConsistencyProof:
    """The consistency proof from the tree of ``old_size`` to ``tree_size`` (default: head)."""
    leaves, root = _signed_tree(conn, verifier, tree_size)
    if not 1 <= old_size <= len(leaves):
        raise InputError(f"old tree size {old_size} is not in 1..{len(leaves)}", field="old_size")
    return ConsistencyProof(
        old_size,
        len(leaves),
        root_hash(leaves[:old_size]),
        root,
        consistency_proof(leaves, old_size),
    )
