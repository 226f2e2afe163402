"""Stored networks: link runs, the snapshots each run wrote, and their members.

Every stored run links the whole store, so it is the whole picture of the networks as
known at its time. It writes a snapshot of each cluster that is new or changed since the
cluster's newest snapshot, and a *retirement* (a snapshot of size 0, no members) of each
cluster the previous picture had and this one has not (merged away, dissolved). The
snapshots of one cluster id, in ``pk`` order, are the history of what onnotice knew
about that network; runs are serialised by the ledger lock and never backdated before
one another, so ``pk`` order is also known-time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from onnotice.store.schema import cluster_members, cluster_snapshots, link_runs

_CHUNK = 500


class SnapshotRow(NamedTuple):
    """One stored cluster snapshot, without its members; size 0 is a retirement."""

    pk: int
    run_id: int
    cluster_id: str
    known_at: str
    size: int
    score: float
    digest: str
    summary: str
    ledger_seq: int | None


class MemberRow(NamedTuple):
    """One member of a stored snapshot: a customer's listing (the version that was linked)."""

    snapshot_pk: int
    customer_id: str
    listing_id: str
    version: int
    valid_at: str
    adverse: bool


class NewMember(NamedTuple):
    """A member to store: which listing version, when it was posted, whether it is adverse."""

    customer: str
    listing_id: str
    version: int
    valid_at: str
    adverse: bool


class LastRun(NamedTuple):
    """The newest stored link run."""

    id: int
    known_at: str


def last_run(conn: Connection) -> LastRun | None:
    """The newest stored link run, if any."""
    row = conn.execute(
        select(link_runs.c.id, link_runs.c.known_at).order_by(link_runs.c.id.desc()).limit(1)
    ).first()
    return None if row is None else LastRun(int(row.id), str(row.known_at))


def insert_run(conn: Connection, row: dict[str, Any]) -> int:
    """Store a link run; its id."""
    result = conn.execute(insert(link_runs).returning(link_runs.c.id), [row])
    return int(result.scalar_one())


def set_run_ledger_seq(conn: Connection, run_id: int, seq: int) -> None:
    """Point a run at the ledger entry that records it."""
    conn.execute(update(link_runs).where(link_runs.c.id == run_id).values(ledger_seq=seq))


def live_clusters(conn: Connection) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    """The current picture: the newest snapshot of every cluster id not retired."""
    newest = (
        select(func.max(cluster_snapshots.c.pk).label("pk"))
        .group_by(cluster_snapshots.c.cluster_id)
        .subquery()
    )
    pks = conn.execute(
        select(cluster_snapshots.c.pk)
        .join(newest, cluster_snapshots.c.pk == newest.c.pk)
        .where(cluster_snapshots.c.size > 0)
    ).scalars()
    return _with_members(conn, sorted(pks))


def insert_snapshots(
    conn: Connection, rows: Sequence[tuple[dict[str, Any], Sequence[NewMember]]]
) -> list[int]:
    """Store snapshots with their members, in order; their pks."""
    pks: list[int] = []
    for row, _ in rows:
        result = conn.execute(insert(cluster_snapshots).returning(cluster_snapshots.c.pk), [row])
        pks.append(int(result.scalar_one()))
    member_rows = [
        {
            "snapshot_pk": pk,
            "customer_id": m.customer,
            "listing_id": m.listing_id,
            "version": m.version,
            "valid_at": m.valid_at,
            "adverse": m.adverse,
        }
        for pk, (_, members) in zip(pks, rows, strict=True)
        for m in members
    ]
    for start in range(0, len(member_rows), 10_000):
        conn.execute(insert(cluster_members), member_rows[start : start + 10_000])
    return pks


def set_snapshot_ledger_seq(conn: Connection, pks: Sequence[int], seqs: Sequence[int]) -> None:
    """Point each snapshot at the ledger entry that records it (one executemany)."""
    if not pks:
        return
    conn.execute(
        update(cluster_snapshots)
        .where(cluster_snapshots.c.pk == bindparam("snapshot"))
        .values(ledger_seq=bindparam("seq")),
        [{"snapshot": pk, "seq": seq} for pk, seq in zip(pks, seqs, strict=True)],
    )


def snapshots_of_customers(
    conn: Connection, customer_ids: Sequence[str] | None
) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    """Every snapshot (retirements included) of every cluster id that ever held a listing
    of ``customer_ids`` (all when None), with all its members, in ``pk`` order."""
    if customer_ids is None:
        return _everything(conn)
    cluster_ids: set[str] = set()
    ids = list(customer_ids)
    query = (
        select(cluster_snapshots.c.cluster_id)
        .join(cluster_members, cluster_members.c.snapshot_pk == cluster_snapshots.c.pk)
        .distinct()
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        cluster_ids.update(
            conn.execute(query.where(cluster_members.c.customer_id.in_(chunk))).scalars()
        )
    return snapshots_of_clusters(conn, sorted(cluster_ids))


def snapshots_of_clusters(
    conn: Connection, cluster_ids: Sequence[str]
) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    """Every snapshot of these cluster ids, in ``pk`` order, with its members."""
    pks: list[int] = []
    for start in range(0, len(cluster_ids), _CHUNK):
        chunk = list(cluster_ids[start : start + _CHUNK])
        pks.extend(
            conn.execute(
                select(cluster_snapshots.c.pk).where(cluster_snapshots.c.cluster_id.in_(chunk))
            ).scalars()
        )
    return _with_members(conn, sorted(pks))


def _everything(conn: Connection) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    """Every snapshot with its members, in two plain reads (a whole book's risk)."""
    snapshots = [
        SnapshotRow._make(row)
        for row in conn.execute(select(*_SNAPSHOT_COLUMNS).order_by(cluster_snapshots.c.pk))
    ]
    members: dict[int, list[MemberRow]] = {s.pk: [] for s in snapshots}
    query = select(*_MEMBER_COLUMNS).order_by(
        cluster_members.c.snapshot_pk, cluster_members.c.valid_at
    )
    for row in conn.execute(query):
        member = MemberRow._make(row)
        members[member.snapshot_pk].append(member)
    return [(s, members[s.pk]) for s in snapshots]


def _with_members(
    conn: Connection, pks: Sequence[int]
) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    snapshots: dict[int, SnapshotRow] = {}
    members: dict[int, list[MemberRow]] = {}
    for start in range(0, len(pks), _CHUNK):
        chunk = list(pks[start : start + _CHUNK])
        for found in conn.execute(
            select(*_SNAPSHOT_COLUMNS).where(cluster_snapshots.c.pk.in_(chunk))
        ):
            snapshot = SnapshotRow._make(found)
            snapshots[snapshot.pk] = snapshot
            members[snapshot.pk] = []
        for got in conn.execute(
            select(*_MEMBER_COLUMNS)
            .where(cluster_members.c.snapshot_pk.in_(chunk))
            .order_by(cluster_members.c.snapshot_pk, cluster_members.c.valid_at)
        ):
            member = MemberRow._make(got)
            members[member.snapshot_pk].append(member)
    return [(snapshots[pk], members[pk]) for pk in sorted(snapshots)]


_SNAPSHOT_COLUMNS = (
    cluster_snapshots.c.pk,
    cluster_snapshots.c.run_id,
    cluster_snapshots.c.cluster_id,
    cluster_snapshots.c.known_at,
    cluster_snapshots.c.size,
    cluster_snapshots.c.score,
    cluster_snapshots.c.digest,
    cluster_snapshots.c.summary,
    cluster_snapshots.c.ledger_seq,
)
_MEMBER_COLUMNS = (
    cluster_members.c.snapshot_pk,
    cluster_members.c.customer_id,
    cluster_members.c.listing_id,
    cluster_members.c.version,
    cluster_members.c.valid_at,
    cluster_members.c.adverse,
)
