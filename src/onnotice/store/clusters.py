"""Stored networks: link runs, the snapshot of each cluster a run changed, and its members.

A run over the store stores a cluster only when it is new or its membership or score
changed since the newest stored snapshot of the same id, so that the snapshots of one
cluster are the history of what onnotice knew about that network, and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from onnotice.store.schema import cluster_members, cluster_snapshots, link_runs

_CHUNK = 500


class SnapshotRow(NamedTuple):
    """One stored cluster snapshot, without its members."""

    pk: int
    run_id: int
    cluster_id: str
    known_at: str
    size: int
    score: float
    adverse: int
    """Members whose latest version scored medium or high when the run linked them."""
    first_seen: str
    last_seen: str
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


def insert_run(conn: Connection, row: dict[str, Any]) -> int:
    """Store a link run; its id."""
    result = conn.execute(insert(link_runs).returning(link_runs.c.id), [row])
    return int(result.scalar_one())


def set_run_ledger_seq(conn: Connection, run_id: int, seq: int) -> None:
    """Point a run at the ledger entry that records it."""
    conn.execute(update(link_runs).where(link_runs.c.id == run_id).values(ledger_seq=seq))


def newest_digests(conn: Connection) -> dict[str, str]:
    """The digest of the newest stored snapshot of every cluster id."""
    newest = (
        select(
            cluster_snapshots.c.cluster_id,
            func.max(cluster_snapshots.c.pk).label("pk"),
        )
        .group_by(cluster_snapshots.c.cluster_id)
        .subquery()
    )
    query = select(cluster_snapshots.c.cluster_id, cluster_snapshots.c.digest).join(
        newest, cluster_snapshots.c.pk == newest.c.pk
    )
    return {str(cid): str(digest) for cid, digest in conn.execute(query)}


def insert_snapshot(
    conn: Connection, row: dict[str, Any], members: Iterable[tuple[str, str, int, str]]
) -> int:
    """Store one snapshot and its members ``(customer, listing id, version, valid_at)``."""
    result = conn.execute(insert(cluster_snapshots).returning(cluster_snapshots.c.pk), [row])
    pk = int(result.scalar_one())
    conn.execute(
        insert(cluster_members),
        [
            {
                "snapshot_pk": pk,
                "customer_id": customer,
                "listing_id": listing,
                "version": version,
                "valid_at": valid_at,
            }
            for customer, listing, version, valid_at in members
        ],
    )
    return pk


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
    """Every stored snapshot holding a listing of ``customer_ids`` (all when None), with
    all its members (every customer's), oldest first."""
    pks_query = select(cluster_members.c.snapshot_pk).distinct()
    pks: set[int] = set()
    if customer_ids is None:
        pks.update(conn.execute(pks_query).scalars())
    else:
        ids = list(customer_ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            pks.update(
                conn.execute(pks_query.where(cluster_members.c.customer_id.in_(chunk))).scalars()
            )
    return _with_members(conn, sorted(pks))


def snapshots_of_cluster(
    conn: Connection, cluster_id: str
) -> list[tuple[SnapshotRow, list[MemberRow]]]:
    """Every stored snapshot of one cluster id, oldest first, with its members."""
    pks = conn.execute(
        select(cluster_snapshots.c.pk).where(cluster_snapshots.c.cluster_id == cluster_id)
    ).scalars()
    return _with_members(conn, sorted(pks))


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
    cluster_snapshots.c.adverse,
    cluster_snapshots.c.first_seen,
    cluster_snapshots.c.last_seen,
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
)


def link_run_rows(conn: Connection, ids: Iterable[int] | None = None) -> list[Any]:
    """Stored link runs, oldest first (those of ``ids`` when given)."""
    query = select(link_runs).order_by(link_runs.c.id)
    if ids is not None:
        query = query.where(link_runs.c.id.in_(list(ids)))
    return list(conn.execute(query).all())
