"""The ledger's rows: entries, signed checkpoints and the tree's running state.

The hashing and signing are the pure ``onnotice.ledger``; this module only stores and
reads what it produced. Appends are serialised: ``lock_ledger`` takes the database's
write lock on the state row first, so two processes appending at once queue rather than
both taking the same sequence number.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from onnotice.store.schema import ledger_checkpoints, ledger_entries, ledger_state

_STATE_ROW = 1


class StoredEntry(NamedTuple):
    """One ledger row as stored: the entry's fields, its payload JSON and its leaf hash."""

    seq: int
    time: str
    actor: str
    kind: str
    subject: str
    payload: str
    leaf_hash: bytes


class StoredCheckpoint(NamedTuple):
    """One signed checkpoint as stored."""

    tree_size: int
    root_hash: bytes
    note: str
    created_at: str


# Built once: an append runs these every time, and building them cost more CPU than
# running them on SQLite.
_READ_STATE = select(ledger_state).where(ledger_state.c.id == _STATE_ROW)
_LOCK_STATE = _READ_STATE.with_for_update()
_TOUCH_STATE = (
    update(ledger_state)
    .where(ledger_state.c.id == _STATE_ROW)
    .values(tree_size=ledger_state.c.tree_size)
)
_SAVE_STATE = (
    update(ledger_state)
    .where(ledger_state.c.id == _STATE_ROW)
    .values(tree_size=bindparam("new_size"), state=bindparam("new_state"))
)
_INSERT_ENTRIES = insert(ledger_entries)
_INSERT_CHECKPOINT = insert(ledger_checkpoints)


def lock_ledger(conn: Connection) -> tuple[int, bytes]:
    """Take the append lock for this transaction; return the tree's size and saved state."""
    if conn.dialect.name == "sqlite":
        # A write as the first statement makes SQLite take the write lock now, instead of
        # failing later when a read transaction tries to upgrade.
        conn.execute(_TOUCH_STATE)
        row = conn.execute(_READ_STATE).first()
        if row is None:
            conn.execute(insert(ledger_state).values(id=_STATE_ROW, tree_size=0, state=b""))
            return 0, b""
        return int(row.tree_size), bytes(row.state)
    row = conn.execute(_LOCK_STATE).first()
    if row is None:
        # The first appends may race to create the row: the loser's insert waits for the
        # winner's commit and then does nothing, and both lock the one row that results.
        # Imported here: the PostgreSQL dialect costs 40 ms at start-up, and only this
        # first append (on PostgreSQL) needs it.
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        conn.execute(
            pg_insert(ledger_state)
            .values(id=_STATE_ROW, tree_size=0, state=b"")
            .on_conflict_do_nothing(index_elements=[ledger_state.c.id])
        )
        row = conn.execute(_LOCK_STATE).one()
    return int(row.tree_size), bytes(row.state)


def read_state(conn: Connection) -> tuple[int, bytes]:
    """The tree's size and saved state, without taking the lock (for readers)."""
    row = conn.execute(_READ_STATE).first()
    if row is None:
        return 0, b""
    return int(row.tree_size), bytes(row.state)


def save_state(conn: Connection, tree_size: int, state: bytes) -> None:
    """Record the tree's size and running state after an append."""
    conn.execute(_SAVE_STATE, {"new_size": tree_size, "new_state": state})


def insert_entries(conn: Connection, entries: Sequence[StoredEntry]) -> None:
    """Append entry rows (their sequence numbers come from the caller, under the lock)."""
    if entries:
        conn.execute(_INSERT_ENTRIES, [e._asdict() for e in entries])


def insert_checkpoint(conn: Connection, checkpoint: StoredCheckpoint) -> None:
    """Store a signed checkpoint."""
    conn.execute(_INSERT_CHECKPOINT, [checkpoint._asdict()])


def iter_entries(conn: Connection, batch: int = 10_000) -> Generator[StoredEntry, None, None]:
    """Every entry row in sequence order, streamed."""
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(
        select(ledger_entries).order_by(ledger_entries.c.seq)
    )
    # Closed on exit, also when the reader stops early: PostgreSQL's server-side cursor
    # must not outlive the generator.
    with result:
        for row in result:
            yield StoredEntry(
                row.seq,
                row.time,
                row.actor,
                row.kind,
                row.subject,
                row.payload,
                bytes(row.leaf_hash),
            )


def get_entry(conn: Connection, seq: int) -> StoredEntry | None:
    """The entry with sequence number ``seq``."""
    row = conn.execute(select(ledger_entries).where(ledger_entries.c.seq == seq)).first()
    if row is None:
        return None
    return StoredEntry(
        row.seq, row.time, row.actor, row.kind, row.subject, row.payload, bytes(row.leaf_hash)
    )


def leaf_hashes(conn: Connection, upto: int | None = None) -> list[bytes]:
    """The stored leaf hashes in sequence order (the first ``upto`` of them)."""
    query = select(ledger_entries.c.leaf_hash).order_by(ledger_entries.c.seq)
    if upto is not None:
        query = query.limit(upto)
    return [bytes(h) for h in conn.execute(query).scalars()]


def checkpoints(conn: Connection) -> list[StoredCheckpoint]:
    """Every stored checkpoint, smallest tree first."""
    rows = conn.execute(select(ledger_checkpoints).order_by(ledger_checkpoints.c.tree_size))
    return [StoredCheckpoint(r.tree_size, bytes(r.root_hash), r.note, r.created_at) for r in rows]


def iter_checkpoints(
    conn: Connection, batch: int = 10_000
) -> Generator[StoredCheckpoint, None, None]:
    """Every stored checkpoint, smallest tree first, streamed."""
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(
        select(ledger_checkpoints).order_by(ledger_checkpoints.c.tree_size)
    )
    with result:
        for r in result:
            yield StoredCheckpoint(r.tree_size, bytes(r.root_hash), r.note, r.created_at)


def get_checkpoint(conn: Connection, tree_size: int) -> StoredCheckpoint | None:
    """The checkpoint of the tree of ``tree_size`` leaves, if one was signed."""
    row = conn.execute(
        select(ledger_checkpoints).where(ledger_checkpoints.c.tree_size == tree_size)
    ).first()
    if row is None:
        return None
    return StoredCheckpoint(row.tree_size, bytes(row.root_hash), row.note, row.created_at)


def latest_checkpoint(conn: Connection) -> StoredCheckpoint | None:
    """The checkpoint of the largest tree."""
    row = conn.execute(
        select(ledger_checkpoints).order_by(ledger_checkpoints.c.tree_size.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return StoredCheckpoint(row.tree_size, bytes(row.root_hash), row.note, row.created_at)


def entry_count(conn: Connection) -> int:
    """How many entry rows are stored."""
    return int(conn.execute(select(func.count()).select_from(ledger_entries)).scalar_one())
