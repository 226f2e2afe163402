"""Reading the stored networks back: each cluster as onnotice knew it at a date.

A cluster's snapshots are its history; as of a date the newest snapshot stored by then
is what was known. Each summary is the cluster's ``link`` JSON, plus when it was known,
the run and ledger entry that recorded it, and the customers it reaches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection

from onnotice.dates import end_of
from onnotice.errors import InputError, NotFoundError
from onnotice.store.clusters import (
    MemberRow,
    SnapshotRow,
    snapshots_of_cluster,
    snapshots_of_customers,
)
from onnotice.store.customers import get_customers


def _upto(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    try:
        return end_of(as_of)
    except ValueError as exc:
        raise InputError(f"bad --as-of {as_of!r}: {exc}", field="as_of") from exc


def _summary(snapshot: SnapshotRow, members: Sequence[MemberRow]) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(snapshot.summary)
    data["known_at"] = snapshot.known_at
    data["run"] = snapshot.run_id
    data["ledger_seq"] = snapshot.ledger_seq
    data["customers"] = sorted({m.customer_id for m in members})
    return data


def stored_clusters(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    as_of: str | None = None,
    *,
    min_size: int = 2,
) -> list[dict[str, Any]]:
    """The newest snapshot known by ``as_of`` (now when None) of every stored cluster that
    reaches ``customer_ids`` (all when None), largest and highest-scoring first."""
    upto = _upto(as_of)
    if customer_ids is not None:
        found = {c.id for c in get_customers(conn, customer_ids)}
        missing = sorted(set(customer_ids) - found)
        if missing:
            raise NotFoundError(f"no customer {missing[0]!r} in the book", field="customer")
    newest: dict[str, tuple[SnapshotRow, list[MemberRow]]] = {}
    for snapshot, members in snapshots_of_customers(conn, customer_ids):
        if upto is not None and snapshot.known_at > upto:
            continue
        seen = newest.get(snapshot.cluster_id)
        if seen is None or (snapshot.known_at, snapshot.pk) > (seen[0].known_at, seen[0].pk):
            newest[snapshot.cluster_id] = (snapshot, members)
    kept = [_summary(s, m) for s, m in newest.values() if s.size >= min_size]
    kept.sort(key=lambda c: (-c["size"], -c["score"], c["id"]))
    return kept


def stored_cluster(conn: Connection, cluster_id: str, as_of: str | None = None) -> dict[str, Any]:
    """One cluster as known by ``as_of`` (now when None), with the history of its snapshots
    up to then."""
    upto = _upto(as_of)
    history = [
        (s, m)
        for s, m in snapshots_of_cluster(conn, cluster_id)
        if upto is None or s.known_at <= upto
    ]
    if not history:
        when = f" known by {as_of}" if as_of else " in the store"
        raise NotFoundError(f"no cluster {cluster_id}{when}", field="id")
    history.sort(key=lambda sm: (sm[0].known_at, sm[0].pk))
    data = _summary(*history[-1])
    data["history"] = [
        {
            "known_at": s.known_at,
            "run": s.run_id,
            "ledger_seq": s.ledger_seq,
            "size": s.size,
            "score": s.score,
        }
        for s, _ in history
    ]
    return data
